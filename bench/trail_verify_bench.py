"""Times `rampart audit verify` on a trail of a million events (bench/RESULTS.md, "Verifying the
audit trail").

Usage: python bench/trail_verify_bench.py [--events N] [--accounts N] [--data DIR] [--binary PATH]

Makes a data folder with `rampart init`, writes the events straight into rampart.db with the
chain's hashes computed as the server computes them (tests/e2e/trail_chain.py), lets a server sign
one digest per account (`--trail-digest-interval`), then runs `rampart audit verify` and prints
its summary line and the wall time."""

from __future__ import annotations

import argparse
import json
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "e2e"))
from trail_chain import GENESIS, link_hash  # noqa: E402


def body(index: int, account: str) -> str:
    """A CloudTrail record of about the size the server writes for an IAM call (~1 KB)."""
    return json.dumps({
        "eventVersion": "1.09",
        "userIdentity": {"type": "IAMUser", "principalId": "AIDAEXAMPLE0000000001",
                         "arn": f"arn:aws:iam::{account}:user/admin", "accountId": account,
                         "accessKeyId": "AKIAEXAMPLEADMIN0001", "userName": "admin"},
        "eventTime": "2026-12-06T08:00:00Z", "eventSource": "iam.amazonaws.com", "eventName": "CreateUser",
        "awsRegion": "us-east-1", "sourceIPAddress": "127.0.0.1", "userAgent": "Boto3/1.35.0 md/Botocore#1.35.0",
        "requestParameters": {"userName": f"user-{index}", "path": "/"},
        "responseElements": {"user": {"path": "/", "userName": f"user-{index}", "userId": f"AIDA{index:017d}",
                                      "arn": f"arn:aws:iam::{account}:user/user-{index}",
                                      "createDate": "Dec 6, 2026, 8:00:00 AM"}},
        "requestID": f"{index:08d}-0000-4000-8000-000000000000", "eventID": f"{index:08d}-1111-4000-8000-000000000000",
        "readOnly": False, "eventType": "AwsApiCall", "managementEvent": True, "recipientAccountId": account,
        "eventCategory": "Management", "tlsDetails": {"tlsVersion": "TLSv1.3"},
    }, separators=(",", ":"))


def generate(db_path: Path, events: int, accounts: int) -> None:
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA journal_mode=WAL")
    start_ms = int(time.time() * 1000) - events
    for number in range(accounts):
        account = f"{100000000000 + number:012d}"
        previous = GENESIS
        rows = []
        for sequence in range(1, events // accounts + 1):
            index = number * (events // accounts) + sequence
            row = (sequence, account, None, start_ms + index, f"{index:08d}-1111-4000-8000-000000000000",
                   "CreateUser", "iam.amazonaws.com", "admin", "AKIAEXAMPLEADMIN0001", 0,
                   f"AWS::IAM::User\x1fuser-{index}", body(index, account))
            digest = link_hash(previous, row)
            rows.append((*row, previous, digest))
            previous = digest
        db.executemany("INSERT INTO trail_events(sequence, account, organization, time_ms, event_id, event_name, "
                       "event_source, username, access_key_id, read_only, resources, body, previous_hash, hash) "
                       "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.commit()
    db.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--accounts", type=int, default=10)
    parser.add_argument("--data", type=Path)
    parser.add_argument("--binary", type=Path, default=REPO / ".build" / "release" / "rampart")
    args = parser.parse_args()
    data = args.data or Path(tempfile.mkdtemp(prefix="trail-verify-bench-")) / "data"
    if not (data / "rampart.db").exists():
        subprocess.run([args.binary, "init", "--data", data, "--account-id", "123456789012"], check=True,
                       capture_output=True)
        started = time.monotonic()
        generate(data / "rampart.db", args.events, args.accounts)
        print(f"generated {args.events} events in {time.monotonic() - started:.1f} s")
        server = subprocess.Popen([args.binary, "serve", "--data", data, "--port", "0",
                                   "--trail-digest-interval", "1"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        query = "SELECT COUNT(*) FROM trail_digests"
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            time.sleep(1)
            with sqlite3.connect(f"file:{data / 'rampart.db'}?mode=ro", uri=True) as db:
                if db.execute(query).fetchone()[0] >= args.accounts:
                    break
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    started = time.monotonic()
    proc = subprocess.run([args.binary, "audit", "verify", "--data", data], capture_output=True, text=True)
    elapsed = time.monotonic() - started
    print(proc.stdout.strip().splitlines()[-1] if proc.stdout.strip() else proc.stderr)
    print(f"rampart audit verify: exit {proc.returncode}, {elapsed:.1f} s wall")
    if args.data is None:
        shutil.rmtree(data.parent)


if __name__ == "__main__":
    main()
