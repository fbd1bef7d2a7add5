"""Key rotation while serving (issue #19, item 5): the master key and the audit signing key.

`rampart admin rotate-master-key` asks the running server to re-seal every secret under a new
key. Under a load of reads, new access keys and session tokens no request fails; secrets made
before the rotation (access keys, a TOTP seed, a session token) work after it and after a restart
with the new key file alone; a rotation killed with SIGKILL halfway resumes when the server starts
again. After `rampart admin rotate-audit-signing-key`, `rampart audit verify` checks digests signed
before and after with the key history the server keeps, and refuses one signed by a key not in it.
Each test runs a server of its own: a rotation rewrites that server's key file.
"""

from __future__ import annotations

import base64
import os
import signal
import sqlite3
import subprocess
import threading
import time
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_EMAIL, ROOT_PASSWORD, RampartServer,
    aws_error, make_session, run_rampart, unique, wait_until,
)
from mfa_helpers import admin_call, code, create_device, enable

ADMIN = (ADMIN_KEY_ID, ADMIN_SECRET)


def start_server(base: Path, extra_args=()) -> RampartServer:
    data = base / "data"
    if not data.exists():
        run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                    "--admin-secret-access-key", ADMIN_SECRET, "--root-email", ROOT_EMAIL,
                    "--root-password", ROOT_PASSWORD)
    return RampartServer(data, base / "server.log", extra_args=list(extra_args)).start()


def client(server: RampartServer, service: str, key_id=ADMIN_KEY_ID, secret=ADMIN_SECRET, token=None):
    return make_session(key_id, secret, token).client(
        service, endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)


def key_lines(server: RampartServer) -> list[str]:
    return [line for line in (server.data_dir / "master.key").read_text().splitlines() if line.strip()]


def rotation_status(server: RampartServer) -> dict:
    resp = admin_call(server.endpoint, ADMIN, "GetMasterKeyRotation")
    assert resp.status_code == 200, resp.text
    return resp.json()


def rotate(server: RampartServer, *args: str):
    return run_rampart("admin", "rotate-master-key", "--endpoint", server.endpoint, "--data", server.data_dir,
                       *args, timeout=60)


def users_with_keys(server: RampartServer, count: int) -> list[tuple[str, str]]:
    iam = client(server, "iam")
    keys = []
    for _ in range(count):
        name = unique("rot")
        iam.create_user(UserName=name)
        iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        key = iam.create_access_key(UserName=name)["AccessKey"]
        keys.append((key["AccessKeyId"], key["SecretAccessKey"]))
    return keys


def assert_keys_sign(server: RampartServer, keys: list[tuple[str, str]]) -> None:
    for key_id, secret in keys:
        identity = client(server, "sts", key_id, secret).get_caller_identity()
        assert identity["Account"] == ACCOUNT_ID


class Load:
    """Threads that each, in a loop: GetUser as the admin; CreateAccessKey and a call signed with the
    new key; GetSessionToken and a call with the session. Every exception is kept."""

    def __init__(self, server: RampartServer, threads: int = 4):
        self.server = server
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.calls = 0
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True) for i in range(threads)]

    def run(self, index: int):
        try:
            iam = client(self.server, "iam")
            sts = client(self.server, "sts")
            name = unique(f"load{index}")
            iam.create_user(UserName=name)
            iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        except Exception as exc:  # noqa: BLE001
            with self.lock:
                self.errors.append(repr(exc))
            return
        deadline = time.monotonic() + 60
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                iam.get_user(UserName=name)
                key = iam.create_access_key(UserName=name)["AccessKey"]
                client(self.server, "iam", key["AccessKeyId"], key["SecretAccessKey"]).get_user()
                creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
                client(self.server, "sts", creds["AccessKeyId"], creds["SecretAccessKey"],
                       creds["SessionToken"]).get_caller_identity()
                iam.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
                with self.lock:
                    self.calls += 6
            except Exception as exc:  # noqa: BLE001 - every failure counts
                with self.lock:
                    self.errors.append(repr(exc))

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=30)


@pytest.fixture
def server(tmp_path):
    server = start_server(tmp_path)
    yield server
    server.stop()


def test_rotation_under_load_fails_no_request_and_survives_a_restart(server, tmp_path):
    iam = client(server, "iam")
    before_keys = users_with_keys(server, 4)
    # Two users with a TOTP device each: a code step is usable once, so each check has its own device.
    mfa_users = []
    for _ in range(2):
        mfa_user = unique("rotmfa")
        iam.create_user(UserName=mfa_user)
        iam.attach_user_policy(UserName=mfa_user, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
        mfa_key = iam.create_access_key(UserName=mfa_user)["AccessKey"]
        serial, seed = create_device(iam, unique("rotdev"))
        enable(iam, mfa_user, serial, seed)
        mfa_users.append((mfa_key, serial, seed))
    session = client(server, "sts").get_session_token(DurationSeconds=3600)["Credentials"]
    old_lines = key_lines(server)
    assert len(old_lines) == 1
    assert rotation_status(server)["State"] == "NeverRotated"

    with Load(server) as load:
        assert wait_until(lambda: load.calls >= 12 or load.errors, timeout=20), "the load runs before the rotation"
        started = time.monotonic()
        out = rotate(server, "--batch-size", "1", "--pause-ms", "60").stdout
        rotating = time.monotonic() - started
        during = load.calls
        assert wait_until(lambda: load.calls >= during + 12 or load.errors, timeout=20), "and goes on after it"
    assert load.errors == [], load.errors[:5]
    assert "Completed" in out, out
    assert rotating > 0.6, "the rotation took long enough to overlap the load"

    status = rotation_status(server)
    assert status["State"] == "Completed"
    assert status["Resealed"] >= len(before_keys) + 3  # keys, the admin's, the seed, and more
    assert status["Batches"] >= 2
    assert status["Unopenable"] == 0
    new_lines = key_lines(server)
    assert len(new_lines) == 1 and new_lines != old_lines
    retired = server.data_dir / f"master.key.retired-{status['RetiringKeyIds'][0]}"
    assert retired.read_text().strip() == old_lines[0]
    assert oct(retired.stat().st_mode & 0o777) == "0o600"
    assert status["PrimaryKeyId"] == status["TargetKeyId"] != status["RetiringKeyIds"][0]

    def secrets_from_before_work(mfa_key, serial, seed):
        assert_keys_sign(server, before_keys)
        client(server, "sts", session["AccessKeyId"], session["SecretAccessKey"],
               session["SessionToken"]).get_caller_identity()
        # The TOTP seed (sealed) still checks codes: a session with MFA needs it opened.
        mfa_sts = client(server, "sts", mfa_key["AccessKeyId"], mfa_key["SecretAccessKey"])
        mfa_sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 1))

    secrets_from_before_work(*mfa_users[0])
    server.stop()
    server.start()
    assert key_lines(server) == new_lines
    secrets_from_before_work(*mfa_users[1])


def test_a_rotation_killed_halfway_resumes_when_the_server_starts(server):
    keys = users_with_keys(server, 8)
    rotate(server, "--batch-size", "1", "--pause-ms", "150", "--no-wait")
    assert wait_until(lambda: rotation_status(server).get("Batches", 0) >= 3, timeout=10)
    os.killpg(server.proc.pid, signal.SIGKILL)
    server.proc.wait(timeout=10)
    server.stop()
    lines = key_lines(server)
    assert len(lines) == 2, "killed before the end, the file holds the new key above the old one"

    server.start()
    assert wait_until(lambda: rotation_status(server)["State"] == "Completed", timeout=10)
    status = rotation_status(server)
    assert status["Resealed"] >= len(keys) + 1
    assert key_lines(server) == lines[:1]
    assert_keys_sign(server, keys)
    # A second rotation starts from where the first ended.
    rotate(server)
    assert rotation_status(server)["RetiringKeyIds"] == [status["TargetKeyId"]]
    assert_keys_sign(server, keys)


def test_rotation_arguments_and_who_may_rotate(server):
    resp = admin_call(server.endpoint, ADMIN, "RotateMasterKey", {"BatchSize": 0})
    assert resp.status_code == 400 and resp.json()["__type"].endswith("ValidationException"), resp.text
    assert "BatchSize" in resp.json()["message"]
    resp = admin_call(server.endpoint, ADMIN, "RotateMasterKey", {"PauseMilliseconds": 60_001})
    assert resp.status_code == 400 and "PauseMilliseconds" in resp.json()["message"], resp.text
    # A principal of another account is not the operator.
    made = admin_call(server.endpoint, ADMIN, "CreateStandaloneAccount", {
        "Email": f"{unique('rot')}@example.com", "AccountName": unique("rot"), "RootPassword": "Sup3r-secret-pw!",
        "CreateRootAccessKey": True})
    assert made.status_code == 200, made.text
    other = (made.json()["RootAccessKeyId"], made.json()["RootSecretAccessKey"])
    resp = admin_call(server.endpoint, other, "RotateMasterKey")
    assert resp.status_code == 403 and "operator account" in resp.text, resp.text
    assert len(key_lines(server)) == 1
    assert rotation_status(server)["State"] == "NeverRotated"


# ---------------------------------------------------------------------------
# The audit trail's signing key
# ---------------------------------------------------------------------------
def digest_count(server: RampartServer) -> int:
    with sqlite3.connect(f"file:{server.data_dir / 'rampart.db'}?mode=ro", uri=True) as db:
        return db.execute("SELECT COUNT(*) FROM trail_digests WHERE account = ?", (ACCOUNT_ID,)).fetchone()[0]


def new_digest(server: RampartServer) -> None:
    """Makes an event and waits for a digest that covers it."""
    before = digest_count(server)
    client(server, "iam").create_user(UserName=unique("aud"))
    assert wait_until(lambda: digest_count(server) > before, timeout=15), "a digest is written"


def verify(server: RampartServer, *args) -> subprocess.CompletedProcess:
    return run_rampart("audit", "verify", "--data", server.data_dir, *args, check=False)


@pytest.fixture
def digesting(tmp_path):
    server = start_server(tmp_path, ["--trail-digest-interval", "0.3"])
    yield server
    server.stop()


def test_audit_verify_checks_digests_signed_before_and_after_a_signing_key_rotation(digesting, tmp_path):
    server = digesting
    new_digest(server)
    old_public = run_rampart("audit", "public-key", "--data", server.data_dir).stdout
    (tmp_path / "old.pem").write_text(old_public)
    out = run_rampart("admin", "rotate-audit-signing-key", "--endpoint", server.endpoint,
                      "--data", server.data_dir).stdout
    assert "all 2 public keys" in out, out
    new_public = run_rampart("audit", "public-key", "--data", server.data_dir).stdout
    assert new_public != old_public and new_public.strip() in out
    new_digest(server)

    check = verify(server)
    assert check.returncode == 0, check.stdout + check.stderr
    assert "checked against 2 audit signing keys" in check.stdout and "the trail is intact" in check.stdout
    # The old key alone no longer verifies what the new one signed.
    alone = verify(server, "--public-key", tmp_path / "old.pem")
    assert alone.returncode == 1 and "signature does not verify" in alone.stdout, alone.stdout

    # Only the operator may rotate.
    made = admin_call(server.endpoint, ADMIN, "CreateStandaloneAccount", {
        "Email": f"{unique('aud')}@example.com", "AccountName": unique("aud"), "RootPassword": "Sup3r-secret-pw!",
        "CreateRootAccessKey": True})
    other = (made.json()["RootAccessKeyId"], made.json()["RootSecretAccessKey"])
    resp = admin_call(server.endpoint, other, "RotateAuditSigningKey")
    assert resp.status_code == 403 and "operator account" in resp.text, resp.text

    # A key swapped into the file by hand is not in the history: its digests fail.
    server.stop()
    stranger = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    (server.data_dir / "audit-signing.key").write_text(base64.b64encode(stranger).decode() + "\n")
    server.start()
    new_digest(server)
    check = verify(server)
    assert check.returncode == 1, check.stdout
    assert "signature does not verify" in check.stdout
