#!/usr/bin/env python3
"""Writes a large Rampart data folder straight into SQLite, for the working-set benchmark (issue 16, point 3).

`rampart init` makes the folder (schema, master key, AWS managed policies, the operator account);
then this script adds --accounts standalone accounts, each with what a busy team account holds:

- the account record (name, root email);
- three customer managed policies (one a second version), two groups each attached to one;
- --users users, each in one group, with one managed policy attached, tags, and (every other user)
  an inline policy;
- one active access key per user, its secret sealed under the folder's master key exactly as the
  server seals it (AES-256-GCM, key derived with HKDF-SHA256 "rampart secret-box v1", bound to
  "access-key/<id>", with the key-id header), so the benchmark can sign real requests with it.

Ids and secrets are derived from the account and user numbers (see `key_id`, `secret`), so the
measurement script (`workingset_bench.py`) recomputes the credentials of any user without a list.

    .venv/bin/python bench/workingset_gen.py --binary .build/release/rampart --data /tmp/ws-data \
        [--accounts 10000] [--users 100]
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FIRST_ACCOUNT = 500_000_000_000
OPERATOR_ACCOUNT = "499999999999"
ADMIN_KEY = "AKIAEXAMPLEADMIN0001"
ADMIN_SECRET = "wsbenchadminsecretwsbenchadminsecret0001"
BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"
CREATED = 1_780_000_000.0  # a fixed creation time (2026-05-28), so two runs write the same folder
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": ["s3:GetObject", "s3:ListBucket"], "Resource": "arn:aws:s3:::team-*"},
        {"Effect": "Allow", "Action": ["iam:GetUser", "iam:ListAccessKeys"], "Resource": "*"},
    ],
}
POLICY_V2 = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:Delete*", "Resource": "*",
         "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}},
    ],
}


def account_id(index: int) -> str:
    return str(FIRST_ACCOUNT + index)


def base32(number: int, width: int) -> str:
    out = []
    for _ in range(width):
        out.append(BASE32[number & 31])
        number >>= 5
    return "".join(reversed(out))


def key_id(account: int, user: int) -> str:
    """AKIA + 16 base32 characters: the account's number and the user's, then a fixed tail."""
    return "AKIA" + base32(account, 6) + base32(user, 3) + "WSBENCH"


def unique_id(prefix: str, account: int, number: int) -> str:
    return prefix + base32(account, 6) + base32(number, 4) + "WSBENCH"


def secret(access_key_id: str) -> str:
    """40 characters of the secret alphabet, a pure function of the key id (see module doc)."""
    return base64.b64encode(hashlib.sha256(access_key_id.encode()).digest()).decode()[:40].replace("=", "A")


def user_name(user: int) -> str:
    return f"user-{user:03d}"


class Sealer:
    """The server's SecretBox.seal, for one master key (see Sources/RampartStore/Secrets)."""

    def __init__(self, master_key_file: Path):
        master = base64.b64decode(master_key_file.read_text().split()[0])

        def derive(info: str) -> bytes:
            return HKDF(algorithm=hashes.SHA256(), length=32, salt=None, info=info.encode()).derive(master)

        self.aead = AESGCM(derive("rampart secret-box v1"))
        self.header = b"RK\x01" + hashlib.sha256(derive("rampart master key id")).digest()[:4]
        self.counter = 0

    def seal(self, plaintext: str, context: str) -> list[int]:
        self.counter += 1
        nonce = self.counter.to_bytes(12, "big")  # unique per key, all that GCM asks of a nonce
        return list(self.header + nonce + self.aead.encrypt(nonce, plaintext.encode(), context.encode()))


def dumps(value: dict) -> bytes:
    return json.dumps(value, sort_keys=True, separators=(",", ":")).encode()


def account_rows(index: int, users: int, sealer: Sealer) -> list[tuple[str, str, str, bytes]]:
    account = account_id(index)
    rows = [("account", account, account, dumps(
        {"createDate": CREATED, "id": account, "name": f"team-{index:05d}", "rootEmail": f"root-{index}@ws.test"}))]
    policy_arns = []
    for number in range(3):
        name = f"team-policy-{number}"
        versions = [{"createDate": CREATED, "document": json.dumps(POLICY), "id": "v1"}]
        if number == 0:
            versions.append({"createDate": CREATED, "document": json.dumps(POLICY_V2), "id": "v2"})
        rows.append(("policy", f"{account}/{name.lower()}", account, dumps({
            "account": account, "createDate": CREATED, "defaultVersionId": versions[-1]["id"],
            "id": unique_id("ANPA", index, number), "name": name, "nextVersionNumber": len(versions) + 1,
            "path": "/", "tags": [], "updateDate": CREATED, "versions": versions})))
        policy_arns.append(f"arn:aws:iam::{account}:policy/{name}")
    groups = ["developers", "operators"]
    for number, group in enumerate(groups):
        rows.append(("group", f"{account}/{group}", account, dumps({
            "account": account, "createDate": CREATED, "id": unique_id("AGPA", index, number), "name": group,
            "path": "/", "policies": {"inlinePolicies": {}, "managedPolicyArns": [policy_arns[number]]}})))
    inline = json.dumps(POLICY)
    for user in range(users):
        name = user_name(user)
        user_id = unique_id("AIDA", index, user)
        rows.append(("user", f"{account}/{name}", account, dumps({
            "account": account, "createDate": CREATED, "groups": [groups[user % 2]], "id": user_id, "name": name,
            "path": "/", "policies": {"inlinePolicies": {"self-service": inline} if user % 2 == 0 else {},
                                      "managedPolicyArns": [policy_arns[user % 3]]},
            "tags": [{"key": "team", "value": f"team-{index:05d}"}, {"key": "cost-center", "value": str(user % 7)}]})))
        access_key = key_id(index, user)
        rows.append(("access-key", access_key, account, dumps({
            "account": account, "createDate": CREATED, "id": access_key,
            "sealedSecret": sealer.seal(secret(access_key), f"access-key/{access_key}"), "status": "Active",
            "userId": user_id, "userName": name})))
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, required=True, help="the rampart binary that runs `init`")
    parser.add_argument("--data", type=Path, required=True, help="a data folder that does not exist yet")
    parser.add_argument("--accounts", type=int, default=10_000)
    parser.add_argument("--users", type=int, default=100)
    args = parser.parse_args()
    if args.data.exists():
        sys.exit(f"{args.data} exists; give a new folder")
    if args.users > 32 ** 3:
        sys.exit("--users: at most 32768")
    subprocess.run([str(args.binary), "init", "--data", str(args.data), "--account-id", OPERATOR_ACCOUNT,
                    "--admin-access-key-id", ADMIN_KEY, "--admin-secret-access-key", ADMIN_SECRET,
                    "--root-password", "Ws-bench-root-1"], check=True, stdout=subprocess.DEVNULL)
    sealer = Sealer(args.data / "master.key")
    database = sqlite3.connect(args.data / "rampart.db")
    database.execute("PRAGMA journal_mode=WAL")
    database.execute("PRAGMA synchronous=OFF")
    started = time.monotonic()
    batch: list[tuple[str, str, str, bytes]] = []
    for index in range(args.accounts):
        batch.extend(account_rows(index, args.users, sealer))
        if len(batch) >= 50_000 or index == args.accounts - 1:
            database.executemany("INSERT INTO records(kind, key, account, body) VALUES (?, ?, ?, ?)", batch)
            database.commit()
            batch.clear()
            print(f"\r{index + 1} accounts, {time.monotonic() - started:.0f} s", end="", file=sys.stderr, flush=True)
    print(file=sys.stderr)
    database.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    database.execute("ANALYZE")
    rows = database.execute("SELECT COUNT(*) FROM records").fetchone()[0]
    database.close()
    size = (args.data / "rampart.db").stat().st_size
    print(json.dumps({"accounts": args.accounts, "users": args.accounts * args.users, "rows": rows,
                      "bytes": size, "seconds": round(time.monotonic() - started, 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
