"""Partitions: an account belongs to one (`rampart init --partition`), its credentials work only in
that partition's regions, and GovCloud and China accounts have no root user."""

from __future__ import annotations

import pytest

from console_helpers import ConsoleClient
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, RampartServer, aws_error, make_session, run_rampart,
)


@pytest.fixture(scope="module")
def govcloud(tmp_path_factory):
    base = tmp_path_factory.mktemp("govcloud")
    data = base / "data"
    out = run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                      "--admin-secret-access-key", ADMIN_SECRET, "--root-email", "gov@example.com",
                      "--partition", "aws-us-gov").stdout
    server = RampartServer(data, base / "server.log", allow_clock_control=False).start()
    yield server, out
    server.stop()


def client(server, service: str, region: str):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        service, endpoint_url=server.endpoint, region_name=region, config=BOTO_CONFIG)


def test_a_govcloud_account_answers_in_govcloud_regions_only(govcloud):
    server, _ = govcloud
    assert client(server, "sts", "us-gov-west-1").get_caller_identity()["Account"] == ACCOUNT_ID
    client(server, "iam", "us-gov-east-1").list_users()
    with aws_error("InvalidClientTokenId", 403):
        client(server, "sts", "us-east-1").get_caller_identity()


def test_a_commercial_account_is_unknown_in_govcloud(rampart_server):
    sts = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "sts", endpoint_url=rampart_server.endpoint, region_name="us-gov-west-1", config=BOTO_CONFIG)
    with aws_error("InvalidClientTokenId", 403):
        sts.get_caller_identity()
    cn = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "sts", endpoint_url=rampart_server.endpoint, region_name="cn-north-1", config=BOTO_CONFIG)
    with aws_error("InvalidClientTokenId", 403):
        cn.get_caller_identity()


def test_govcloud_has_no_root_user(govcloud):
    server, out = govcloud
    assert "no root user" in out and "Root password" not in out
    reply = ConsoleClient(server.endpoint).sign_in_root("gov@example.com", "anything-at-all-1")
    assert "aws-us-gov partition have no root user" in (reply.message or ""), reply.text


def test_a_root_password_for_govcloud_is_refused(tmp_path):
    refused = run_rampart("init", "--data", tmp_path / "data", "--partition", "aws-cn", "--root-password",
                          "Some-Passw0rd-123", check=False)
    assert refused.returncode != 0 and "no root user credentials" in (refused.stderr + refused.stdout)
    unknown = run_rampart("init", "--data", tmp_path / "other", "--partition", "aws-moon", check=False)
    assert unknown.returncode != 0 and "aws-moon" in (unknown.stderr + unknown.stdout)


