"""The PostgreSQL store's backup, done as the README's "Backups" says: `pg_dump --format=custom` of
Rampart's database while a server writes to it, `pg_restore` into an empty database, and a server
started on the restored database with the master key and audit signing key files that were kept
apart from the dump. Everything acknowledged before the dump is there and works (a user's access key
signs requests: its sealed secret opened with the key file), the dump holds no secret in clear, the
trail verifies, and without the key file the restored database does not serve.
Needs RAMPART_TEST_POSTGRES_URL (scripts/test starts the cluster)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, RampartServer, make_session, run_rampart, unique,
)
from fleet import fresh_database, postgres_admin_url

pytestmark = pytest.mark.skipif(postgres_admin_url() is None,
                                reason="needs RAMPART_TEST_POSTGRES_URL (scripts/test starts PostgreSQL)")


def postgres_tool(name: str) -> str:
    found = sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))
    if not found:
        pytest.skip(f"{name} is not installed")
    return str(found[-1])


def client(server, service: str, key_id: str = ADMIN_KEY_ID, secret: str = ADMIN_SECRET):
    return make_session(key_id, secret).client(service, endpoint_url=server.endpoint, region_name=REGION,
                                               config=BOTO_CONFIG)


def test_pg_dump_and_pg_restore_with_the_key_files_kept_apart(tmp_path):
    admin = postgres_admin_url()
    source_url = fresh_database(admin, unique("dump_source").replace("-", "_"))
    data = tmp_path / "data"
    run_rampart("init", "--data", data, "--database", source_url, "--account-id", ACCOUNT_ID,
                "--admin-access-key-id", ADMIN_KEY_ID, "--admin-secret-access-key", ADMIN_SECRET)
    server = RampartServer(data, tmp_path / "source.log", extra_args=["--database", source_url]).start()
    try:
        iam = client(server, "iam")
        name = unique("kept")
        iam.create_user(UserName=name)
        iam.put_user_policy(UserName=name, PolicyName="self", PolicyDocument=(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", '
            f'"Resource": "arn:aws:iam::{ACCOUNT_ID}:user/{name}"}}]}}'))
        key = iam.create_access_key(UserName=name)["AccessKey"]
        assert client(server, "iam", key["AccessKeyId"], key["SecretAccessKey"]).get_user()["User"]["UserName"] == name
        # pg_dump takes a consistent snapshot while the server goes on serving.
        dump = tmp_path / "rampart.dump"
        subprocess.run([postgres_tool("pg_dump"), "--format=custom", "--file", str(dump), "--dbname", source_url],
                       check=True, capture_output=True, timeout=120)
        iam.create_user(UserName=unique("after-the-dump"))
    finally:
        server.stop()

    assert key["SecretAccessKey"].encode() not in dump.read_bytes(), "the dump holds a secret access key in clear"
    target_url = fresh_database(admin, unique("dump_target").replace("-", "_"))
    restored = subprocess.run([postgres_tool("pg_restore"), "--no-owner", "--dbname", target_url, str(dump)],
                              capture_output=True, text=True, timeout=120)
    assert restored.returncode == 0, restored.stderr

    # Without the master key the restored database does not serve: a new data folder makes a new key,
    # which opens none of the sealed secrets, and the start is refused with what to do.
    stranger = RampartServer(tmp_path / "stranger", tmp_path / "stranger.log",
                             extra_args=["--database", target_url])
    with pytest.raises(RuntimeError):
        stranger.start(timeout=30)
    stranger.stop()
    assert "master key" in stranger.output().lower(), stranger.output()[-2000:]

    keys = ["--master-key-file", str(data / "master.key"), "--audit-signing-key-file", str(data / "audit-signing.key")]
    again = RampartServer(tmp_path / "restored", tmp_path / "restored.log",
                          extra_args=["--database", target_url, *keys]).start()
    try:
        iam = client(again, "iam")
        names = {user["UserName"] for page in iam.get_paginator("list_users").paginate() for user in page["Users"]}
        assert name in names
        assert not any(n.startswith("after-the-dump") for n in names), "a write after the dump is in it"
        user = client(again, "iam", key["AccessKeyId"], key["SecretAccessKey"]).get_user()["User"]
        assert user["UserName"] == name
        events = client(again, "cloudtrail").lookup_events(
            LookupAttributes=[{"AttributeKey": "EventName", "AttributeValue": "CreateAccessKey"}])["Events"]
        assert any(resource.get("ResourceName") == name for event in events for resource in event.get("Resources", []))
    finally:
        again.stop()
    verify = run_rampart("audit", "verify", "--database", target_url, "--data", data, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
