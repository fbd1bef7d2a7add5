"""`rampart store copy --from DATA --to postgres://…`: a SQLite data folder moved into an empty
PostgreSQL database, checked kind by kind, then served from PostgreSQL with the folder's keys.
Needs RAMPART_TEST_POSTGRES_URL (scripts/test starts a cluster and sets it)."""

from __future__ import annotations

import json
import time

import botocore.exceptions
import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_EMAIL, ROOT_PASSWORD, RampartServer,
    make_session, run_rampart, unique,
)
from fleet import fresh_database, postgres_admin_url, psql


@pytest.fixture(scope="module")
def admin_url():
    url = postgres_admin_url()
    if not url:
        pytest.skip("needs RAMPART_TEST_POSTGRES_URL (scripts/test sets it)")
    return url


def iam_of(server: RampartServer, key=(ADMIN_KEY_ID, ADMIN_SECRET)):
    return make_session(*key).client("iam", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)


def test_a_data_folder_copied_into_postgres_serves_the_same_records_keys_and_trail(admin_url, tmp_path):
    data = tmp_path / "data"
    run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET, "--root-email", ROOT_EMAIL,
                "--root-password", ROOT_PASSWORD)
    server = RampartServer(data, tmp_path / "sqlite.log", extra_args=["--trail-digest-interval", "0.5"]).start()
    names = [unique("copied") for _ in range(25)]
    try:
        iam = iam_of(server)
        for name in names:
            iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "blue"}])
        key = iam.create_access_key(UserName=names[0])["AccessKey"]
        iam.put_user_policy(UserName=names[0], PolicyName="self", PolicyDocument=(
            '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}]}'))
        for name in names[:5]:
            iam.get_user(UserName=name)  # reads: SQLite keeps their calls' facts, in a block
        time.sleep(1.2)  # a digest or two over these events
    finally:
        server.stop()

    url = fresh_database(admin_url, f"rampart_copy_{unique('db').replace('-', '_')}")
    copied = run_rampart("store", "copy", "--from", data, "--to", url)
    assert "every kind and the trail match" in copied.stdout, copied.stdout
    assert "DIFFERENT" not in copied.stdout
    assert f"{len(names) + 1:9d}" in [line[28:37] for line in copied.stdout.splitlines() if line.startswith("user ")]

    # Counts in PostgreSQL itself, not through Rampart.
    assert int(psql(url, "SELECT COUNT(*) FROM records WHERE kind = 'user'")) == len(names) + 1
    assert int(psql(url, "SELECT COUNT(*) FROM trail_events")) > len(names)
    # The reads are copied with their facts, which their hashes cover.
    assert int(psql(url, "SELECT COUNT(*) FROM trail_events WHERE facts IS NOT NULL "
                         "AND event_name = 'GetUser'")) == 5

    # A second copy into the same database is refused, and changes nothing.
    again = run_rampart("store", "copy", "--from", data, "--to", url, check=False)
    assert again.returncode != 0 and "copy into an empty one" in again.stderr + again.stdout

    # Served from PostgreSQL with the folder's keys: the users, the sealed secret of the copied key,
    # its policy, and the trail's chains and digests.
    served = RampartServer(tmp_path / "pg-data", tmp_path / "pg.log", extra_args=[
        "--database", url, "--master-key-file", str(data / "master.key"),
        "--audit-signing-key-file", str(data / "audit-signing.key")]).start()
    try:
        listed = {u["UserName"] for page in iam_of(served).get_paginator("list_users").paginate() for u in page["Users"]}
        assert set(names) <= listed
        assert iam_of(served, (key["AccessKeyId"], key["SecretAccessKey"])).get_user()["User"]["UserName"] == names[0]
        with pytest.raises(botocore.exceptions.ClientError) as denied:
            iam_of(served, (key["AccessKeyId"], key["SecretAccessKey"])).list_users()
        assert denied.value.response["Error"]["Code"] == "AccessDenied"
        # The copied reads look up by name and by the id their block gave them.
        cloudtrail = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
            "cloudtrail", endpoint_url=served.endpoint, region_name=REGION, config=BOTO_CONFIG)
        reads = [e for e in cloudtrail.lookup_events(LookupAttributes=[
            {"AttributeKey": "EventName", "AttributeValue": "GetUser"}], MaxResults=50)["Events"]
            if (json.loads(e["CloudTrailEvent"])["requestParameters"] or {}).get("userName") in names[:5]]
        assert len(reads) == 5
        by_id = cloudtrail.lookup_events(LookupAttributes=[
            {"AttributeKey": "EventId", "AttributeValue": reads[0]["EventId"]}])["Events"]
        assert [e["CloudTrailEvent"] for e in by_id] == [reads[0]["CloudTrailEvent"]]
    finally:
        served.stop()
    verified = run_rampart("audit", "verify", "--database", url, "--audit-signing-key-file",
                           data / "audit-signing.key")
    assert "the trail is intact" in verified.stdout, verified.stdout

    # Another master key cannot serve the copy.
    refused = RampartServer(tmp_path / "other", tmp_path / "other.log", extra_args=["--database", url])
    with pytest.raises(RuntimeError, match="master key"):
        refused.start(timeout=20)
