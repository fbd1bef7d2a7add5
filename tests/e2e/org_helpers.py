"""Shared pieces of the Organizations end-to-end tests.

Each test module runs a server of its own (an organization is state of the whole server), whose
operator account 123456789012 creates the organization and so becomes its management account.
Other accounts come the ways a user makes them: `rampart admin create-account` (a standalone
account, optionally with a root access key) and Organizations' CreateAccount (a member reached
through OrganizationAccountAccessRole).
"""

from __future__ import annotations

import datetime as dt
import re
import time

import boto3
import botocore.auth
import pytest
import requests

from e2e_helpers import (
    shift_clock,
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_EMAIL, ROOT_PASSWORD, RampartServer,
    make_session, run_rampart, session_from_credentials, unique,
)

ORG_ID = re.compile(r"^o-[a-z0-9]{10,32}$")
ROOT_ID = re.compile(r"^r-[0-9a-z]{4,32}$")
OU_ID = re.compile(r"^ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}$")
POLICY_ID = re.compile(r"^p-[0-9a-zA-Z_]{8,128}$")
CAR_ID = re.compile(r"^car-[a-z0-9]{8,32}$")
HANDSHAKE_ID = re.compile(r"^h-[0-9a-z]{8,32}$")


def start_org_server(tmp_path_factory, name: str, extra_args=()) -> RampartServer:
    base = tmp_path_factory.mktemp(name)
    data = base / "data"
    run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET, "--root-email", ROOT_EMAIL,
                "--root-password", ROOT_PASSWORD)
    return RampartServer(data, base / "server.log", allow_clock_control=True, extra_args=list(extra_args)).start()


class Org:
    """Clients of one server, and ways to reach its accounts."""

    def __init__(self, server: RampartServer):
        self.server = server
        self.admin = make_session(ADMIN_KEY_ID, ADMIN_SECRET)

    def client(self, session: boto3.Session, service: str):
        return session.client(service, endpoint_url=self.server.endpoint, region_name=REGION, config=BOTO_CONFIG)

    @property
    def organizations(self):
        return self.client(self.admin, "organizations")

    def standalone_account(self, name: str | None = None) -> tuple[str, boto3.Session]:
        """A new standalone account made with `rampart admin create-account`, and its root's session."""
        account, session, _ = self.standalone_account_with_email(name)
        return account, session

    def standalone_account_with_email(self, name: str | None = None) -> tuple[str, boto3.Session, str]:
        email = f"{unique('acct')}@example.com"
        out = run_rampart("admin", "create-account", "--endpoint", self.server.endpoint, "--data",
                          self.server.data_dir, "--email", email, "--name", name or email.split("@")[0],
                          "--root-access-key").stdout
        account = re.search(r"Created account (\d{12})", out).group(1)
        key_id = re.search(r"Root access key: (\S+)", out).group(1)
        secret = re.search(r"Root secret access key: (\S+)", out).group(1)
        return account, make_session(key_id, secret), email

    def create_account(self, name: str | None = None, **extra) -> str:
        """A member account through CreateAccount, polled as a client would until it succeeds."""
        name = name or unique("member")[:50]
        status = self.organizations.create_account(Email=f"{name}@example.com", AccountName=name[:50], **extra)
        status = status["CreateAccountStatus"]
        assert status["State"] == "IN_PROGRESS"
        done = self.wait(status["Id"])
        assert done["State"] == "SUCCEEDED", done
        return done["AccountId"]

    def wait(self, request_id: str, timeout=10.0) -> dict:
        deadline = time.monotonic() + timeout
        while True:
            status = self.organizations.describe_create_account_status(CreateAccountRequestId=request_id)
            status = status["CreateAccountStatus"]
            if status["State"] != "IN_PROGRESS" or time.monotonic() > deadline:
                return status
            time.sleep(0.05)

    def member_session(self, account: str, session: boto3.Session | None = None,
                       role: str = "OrganizationAccountAccessRole") -> boto3.Session:
        """A session in a member account through its access role."""
        sts = self.client(session or self.admin, "sts")
        creds = sts.assume_role(RoleArn=f"arn:aws:iam::{account}:role/{role}",
                                RoleSessionName=unique("s")[:60])["Credentials"]
        return session_from_credentials(creds)

    def user_with_key(self, session: boto3.Session, policy_arn="arn:aws:iam::aws:policy/AdministratorAccess",
                      tags=None) -> boto3.Session:
        """An IAM user with a policy and an access key, in the account `session` acts in."""
        iam = self.client(session, "iam")
        name = unique("u")
        iam.create_user(UserName=name, Tags=tags or [])
        iam.attach_user_policy(UserName=name, PolicyArn=policy_arn)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        return make_session(key["AccessKeyId"], key["SecretAccessKey"])


def organization_fixture(name: str, feature_set="ALL", extra_args=()):
    """A module fixture: a server of its own whose operator account has created an organization."""

    @pytest.fixture(scope="module")
    def org(tmp_path_factory):
        server = start_org_server(tmp_path_factory, name, extra_args)
        handle = Org(server)
        handle.organizations.create_organization(FeatureSet=feature_set)
        yield handle
        server.stop()

    return org


def root_id(org: Org) -> str:
    return org.organizations.list_roots()["Roots"][0]["Id"]


def clock_shifter(org: Org, monkeypatch):
    """A generator for a fixture: yields shift(seconds), which moves the server clock and the time boto3
    signs with by `seconds`; puts the clock back afterwards."""
    def _shift(seconds: int) -> None:
        shift_clock(org.server, seconds)
        monkeypatch.setattr(botocore.auth, "get_current_datetime",
                            lambda remove_tzinfo=True: _shifted_now(seconds, remove_tzinfo))
    yield _shift
    shift_clock(org.server, 0)


def _shifted_now(offset: int, remove_tzinfo: bool) -> dt.datetime:
    now = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=offset)
    return now.replace(tzinfo=None) if remove_tzinfo else now
