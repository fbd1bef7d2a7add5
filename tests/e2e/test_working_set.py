"""`rampart serve --memory-budget MIB` (issue 16, point 3): accounts load on first use and the least
recently used are evicted over the budget; every answer is the same as with every record in memory.

A server of the module's own with a 1 MiB budget and accounts of about 120 KB of stored policy
versions each (×4 in memory by the store's estimate, so about two fit): walking the accounts evicts
and reloads them again and again, and /metrics shows how many are resident.

The same tests run on two instances on PostgreSQL behind HAProxy, each with the budget: requests
alternate between them, so a change made on one reaches the other whether the other holds the
account (its change-log follower applies it) or not (its reads of the account go to the database).
"""

from __future__ import annotations

import json
import re

import pytest
from botocore.exceptions import ClientError

from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, make_session, run_rampart, unique
from fleet import own_fleet
from metrics_helpers import scrape, value
from own_server import own_client, start_own_server

ACCOUNTS = 8
POLICIES = 4
VERSIONS = 5  # IAM's limit of versions per managed policy


def big_document(number: int) -> str:
    """A policy document of about 6,000 characters (the managed policy limit is 6,144)."""
    actions = [f"s3:GetObject{index:04d}{number:03d}" for index in range(240)]
    return json.dumps({"Version": "2012-10-17",
                       "Statement": [{"Effect": "Allow", "Action": actions, "Resource": "*"}]})


@pytest.fixture(scope="module", params=["sqlite", "postgres-fleet"])
def server(request, tmp_path_factory):
    if request.param == "sqlite":
        started = start_own_server(tmp_path_factory, "working-set", extra_args=["--memory-budget", "1"])
    else:
        started = own_fleet(tmp_path_factory.mktemp("working-set-fleet"), "rampart_ws", count=2,
                            extra_args=["--memory-budget", "1"],
                            init_args=["--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                                       "--admin-secret-access-key", ADMIN_SECRET])
    yield started
    started.stop()


@pytest.fixture(scope="module")
def accounts(server):
    """ACCOUNTS standalone accounts, each with a user, an access key of that user and POLICIES
    managed policies of VERSIONS large versions: {account: (root session, user session)}."""
    made = {}
    for _ in range(ACCOUNTS):
        email = f"{unique('ws')}@example.com"
        out = run_rampart("admin", "create-account", "--endpoint", server.endpoint, "--data", server.data_dir,
                          "--email", email, "--root-access-key").stdout
        account = re.search(r"Created account (\d{12})", out).group(1)
        root = make_session(re.search(r"Root access key: (\S+)", out).group(1),
                            re.search(r"Root secret access key: (\S+)", out).group(1))
        iam = own_client(server, "iam", root)
        for number in range(POLICIES):
            arn = iam.create_policy(PolicyName=f"big-{number}", PolicyDocument=big_document(0))["Policy"]["Arn"]
            for version in range(1, VERSIONS):
                iam.create_policy_version(PolicyArn=arn, PolicyDocument=big_document(version),
                                          SetAsDefault=version == VERSIONS - 1)
        iam.create_user(UserName="worker")
        iam.put_user_policy(UserName="worker", PolicyName="read", PolicyDocument=json.dumps({
            "Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": ["iam:Get*", "iam:List*"], "Resource": "*"}]}))
        key = iam.create_access_key(UserName="worker")["AccessKey"]
        made[account] = (root, make_session(key["AccessKeyId"], key["SecretAccessKey"]))
    return made


def resident(server) -> list[float]:
    """Each instance's resident accounts (one instance: a list of one)."""
    instances = getattr(server, "instances", [server])
    return [value(scrape(instance.endpoint + "/metrics"), "rampart_store_resident_accounts")
            for instance in instances]


def some_but_not_all_resident(server) -> bool:
    counts = resident(server)
    return max(counts) >= 1 and all(count < ACCOUNTS for count in counts)


def check_account(server, account: str, sessions, users: set[str]) -> None:
    """What the account's worker (its own key: authentication of an evicted account) reads."""
    _, worker = sessions
    iam = own_client(server, "iam", worker)
    sts = own_client(server, "sts", worker)
    assert sts.get_caller_identity()["Account"] == account
    assert iam.get_user(UserName="worker")["User"]["Arn"] == f"arn:aws:iam::{account}:user/worker"
    assert {user["UserName"] for user in iam.list_users()["Users"]} == users
    policy = iam.get_policy(PolicyArn=f"arn:aws:iam::{account}:policy/big-2")["Policy"]
    assert policy["DefaultVersionId"] == f"v{VERSIONS}"
    versions = iam.list_policy_versions(PolicyArn=f"arn:aws:iam::{account}:policy/big-2")["Versions"]
    assert len(versions) == VERSIONS


def test_accounts_are_evicted_over_the_budget_and_answer_the_same_after_reloading(server, accounts):
    assert some_but_not_all_resident(server), resident(server)
    for _ in range(2):
        for account, sessions in accounts.items():
            check_account(server, account, sessions, {"worker"})
    assert some_but_not_all_resident(server), resident(server)


def test_a_write_is_read_back_after_its_account_was_evicted(server, accounts):
    order = list(accounts)
    written = order[0]
    root_iam = own_client(server, "iam", accounts[written][0])
    name = unique("later")
    root_iam.create_user(UserName=name)
    try:
        # Every other account served after the write: the written one is the least recently used.
        for account in order[1:]:
            check_account(server, account, accounts[account], {"worker"})
        check_account(server, written, accounts[written], {"worker", name})
        # The account's limits count what is stored, not what happened to be loaded: a second user
        # of the same name is refused.
        for account in order[1:]:
            own_client(server, "sts", accounts[account][1]).get_caller_identity()
        with pytest.raises(ClientError) as refused:
            root_iam.create_user(UserName=name)
        assert refused.value.response["Error"]["Code"] == "EntityAlreadyExists"
    finally:
        root_iam.delete_user(UserName=name)
    check_account(server, written, accounts[written], {"worker"})


def test_a_deleted_key_of_an_evicted_account_is_refused(server, accounts):
    account = list(accounts)[-1]
    root_iam = own_client(server, "iam", accounts[account][0])
    key = root_iam.create_access_key(UserName="worker")["AccessKey"]
    session = make_session(key["AccessKeyId"], key["SecretAccessKey"])
    assert own_client(server, "sts", session).get_caller_identity()["Account"] == account
    root_iam.delete_access_key(UserName="worker", AccessKeyId=key["AccessKeyId"])
    for other in list(accounts)[:-1]:
        own_client(server, "sts", accounts[other][1]).get_caller_identity()
    with pytest.raises(ClientError) as refused:
        own_client(server, "sts", session).get_caller_identity()
    assert refused.value.response["Error"]["Code"] == "InvalidClientTokenId"


def test_a_budget_below_one_mib_is_refused():
    result = run_rampart("serve", "--memory-budget", "0", check=False)
    assert result.returncode != 0
    assert "--memory-budget must be at least 1 (MiB)." in result.stderr
