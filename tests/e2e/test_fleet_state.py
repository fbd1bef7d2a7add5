"""State that belongs to the fleet, not to one instance, on three instances of a PostgreSQL database
of this module's own behind HAProxy (needs RAMPART_TEST_POSTGRES_URL, which scripts/test sets):

- LookupEvents' rate limit is the fleet's: three instances allow the configured rate, not three
  times it, however HAProxy deals the calls.
- A change made on any instance re-evaluates the account's change-triggered Config rules once
  across the fleet, even when the instance that made it stops before it could evaluate it.
"""

from __future__ import annotations

import os
import signal
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import boto3
import botocore.exceptions
import pytest

from config_helpers import Account
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_EMAIL, ROOT_PASSWORD, unique,
)
from fleet import RampartFleet, fresh_database, postgres_admin_url, psql
from org_helpers import Org

LOOKUPS_PER_SECOND = 1


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    admin_url = postgres_admin_url()
    if not admin_url:
        pytest.skip("needs PostgreSQL: RAMPART_TEST_POSTGRES_URL (scripts/test sets it)")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    url = fresh_database(admin_url, f"fleet_state_{worker}")
    init_args = ["--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                 "--admin-secret-access-key", ADMIN_SECRET, "--root-email", ROOT_EMAIL,
                 "--root-password", ROOT_PASSWORD]
    started = RampartFleet(tmp_path_factory.mktemp("fleet-state"), url, count=3,
                           extra_args=["--lookup-events-per-second", str(LOOKUPS_PER_SECOND)],
                           init_args=init_args).start()
    yield started
    started.stop()


def cloudtrail(endpoint: str, key=(ADMIN_KEY_ID, ADMIN_SECRET)):
    session = boto3.Session(aws_access_key_id=key[0], aws_secret_access_key=key[1], region_name=REGION)
    return session.client("cloudtrail", endpoint_url=endpoint, config=BOTO_CONFIG)


def lookups_at_once(clients) -> list[str]:
    """One LookupEvents per client, released together; each one's error code, or "ok"."""
    barrier = threading.Barrier(len(clients))

    def one(client):
        barrier.wait()
        try:
            client.lookup_events(MaxResults=1)
            return "ok"
        except botocore.exceptions.ClientError as error:
            return error.response["Error"]["Code"]

    with ThreadPoolExecutor(len(clients)) as pool:
        return list(pool.map(one, clients))


def test_lookup_events_rate_is_the_fleets(fleet):
    """At one lookup a second (a bucket of one), a burst of nine lookups, three on each instance,
    is granted once (twice should the burst straddle a refill), not once per instance."""
    time.sleep(1.1)  # a full bucket
    outcomes = lookups_at_once([cloudtrail(instance.endpoint) for instance in fleet.instances] * 3)
    assert set(outcomes) <= {"ok", "ThrottlingException"}, outcomes
    assert 1 <= outcomes.count("ok") <= 2, outcomes


def test_lookup_events_through_the_balancer_at_the_configured_rate(fleet):
    """Sustained: lookups through HAProxy (round robin over the three) for four seconds are granted
    at the configured rate, a bucket's worth more at most."""
    client = cloudtrail(fleet.endpoint)
    time.sleep(1.1)
    granted, refused = 0, 0
    started = time.monotonic()
    while time.monotonic() - started < 4.0:
        try:
            client.lookup_events(MaxResults=1)
            granted += 1
        except botocore.exceptions.ClientError as error:
            assert error.response["Error"]["Code"] == "ThrottlingException", error.response
            assert error.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            assert error.response["Error"]["Message"] == "Rate exceeded"
            refused += 1
        time.sleep(0.05)
    elapsed = time.monotonic() - started
    assert refused > granted, (granted, refused)
    assert granted <= 1 + LOOKUPS_PER_SECOND * elapsed + 0.5, (granted, elapsed)
    assert granted >= LOOKUPS_PER_SECOND * elapsed - 1.5, (granted, elapsed)


def test_each_account_has_a_bucket_of_its_own(fleet):
    org = Org(fleet)
    _, root = org.standalone_account()
    other = root.client("cloudtrail", endpoint_url=fleet.endpoint, region_name=REGION, config=BOTO_CONFIG)
    time.sleep(1.1)
    # The administrator's bucket drained ...
    mine = lookups_at_once([cloudtrail(instance.endpoint) for instance in fleet.instances] * 2)
    assert "ThrottlingException" in mine, mine
    # ... another account's is full.
    other.lookup_events(MaxResults=1)


# AWS Config: change-triggered rules across the fleet.

def evaluations(fleet, account: str, rule: str) -> int:
    """How many committed writes replaced the rule's verdicts: the database's change log, read directly."""
    return int(psql(fleet.url, "SELECT count(DISTINCT seq) FROM changes WHERE kind = 'config-rule-results' "
                               f"AND key = '{account}/{rule}'"))


def instance_client(fleet, index: int, session, service="iam"):
    return session.client(service, endpoint_url=fleet.instances[index].endpoint, region_name=REGION,
                          config=BOTO_CONFIG)


@pytest.fixture
def account(fleet) -> Account:
    return Account(Org(fleet))


def test_a_change_on_any_instance_is_evaluated_once(fleet, account: Account):
    account.with_recorder()
    rule = account.put_rule("IAM_USER_NO_POLICIES_CHECK")
    for index in range(3):
        iam = instance_client(fleet, index, account.root)
        user = unique(f"on-{index}")
        uid = iam.create_user(UserName=user)["User"]["UserId"]
        account.wait_verdict(rule, "AWS::IAM::User", uid, "COMPLIANT")
        before = evaluations(fleet, account.id, rule)
        iam.put_user_policy(UserName=user, PolicyName="inline", PolicyDocument=(
            '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}'))
        took = account.wait_verdict(rule, "AWS::IAM::User", uid, "NON_COMPLIANT")
        print(f"change on instance {index + 1} evaluated after {took:.2f}s")
        # Every instance has seen the mark by now; the sweep's grace and one more round pass.
        time.sleep(4.5)
        assert evaluations(fleet, account.id, rule) == before + 1
    assert psql(fleet.url, f"SELECT count(*) FROM records WHERE kind = 'config-evaluation-due' "
                           f"AND key = '{account.id}'") == "0"


def test_a_change_whose_instance_stopped_is_evaluated_by_another(fleet, account: Account):
    """The instance that made the change is paused (SIGSTOP) as soon as it answers, before its own
    evaluation is due: another instance finds the change's mark and evaluates it; once the paused one
    runs again, its own attempt finds nothing left to do."""
    account.with_recorder()
    rule = account.put_rule("IAM_USER_NO_POLICIES_CHECK")
    writer = fleet.instances[0]
    iam = instance_client(fleet, 0, account.root)
    user = unique("paused")
    uid = iam.create_user(UserName=user)["User"]["UserId"]
    account.wait_verdict(rule, "AWS::IAM::User", uid, "COMPLIANT")
    time.sleep(4.5)
    before = evaluations(fleet, account.id, rule)
    iam.put_user_policy(UserName=user, PolicyName="inline", PolicyDocument=(
        '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}'))
    os.kill(writer.proc.pid, signal.SIGSTOP)
    try:
        others = Account.__new__(Account)
        others.__dict__.update(account.__dict__)
        others.config = instance_client(fleet, 1, account.root, "config")
        took = others.wait_verdict(rule, "AWS::IAM::User", uid, "NON_COMPLIANT", timeout=10)
        print(f"evaluated by another instance {took:.2f}s after the writer stopped")
    finally:
        os.kill(writer.proc.pid, signal.SIGCONT)
    time.sleep(3)  # the writer's own attempt, due while it was stopped, runs now
    assert evaluations(fleet, account.id, rule) == before + 1
    # The fleet goes on: the writer answers and its next change is evaluated as usual.
    iam.delete_user_policy(UserName=user, PolicyName="inline")
    account.wait_verdict(rule, "AWS::IAM::User", uid, "COMPLIANT")
