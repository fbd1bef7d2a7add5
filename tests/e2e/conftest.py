"""Fixtures for the Rampart end-to-end acceptance suite.

Each pytest-xdist worker (or the single pytest process) gets its own server: a temporary
data folder initialised with `rampart init` and fixed values (account 123456789012, an
`admin` IAM user with AdministratorAccess and a known key, a root access key), served by
`rampart serve --allow-clock-control` on a free loopback port.

Tests never depend on each other's state: every entity has a unique name, and the few
account-wide settings (password policy, account alias, server clock, root access keys)
are restored by the fixture or test that changes them.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import boto3
import pytest
import requests

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_POLICY, ADMIN_SECRET, BOTO_CONFIG, REGION, REPO_ROOT, ROOT_EMAIL, ROOT_KEY_ID,
    ROOT_PASSWORD, ROOT_SECRET, AwsCliError, RampartServer, account_trust_doc, as_credentials,
    build_signed_request, cli_env, dumps, make_session, rampart_binary, run_cli, run_rampart, send,
    shift_clock, unique as _unique, utcnow,
)
from fleet import RampartFleet, fresh_database, postgres_admin_url

# RAMPART_TEST_FLEET=N (with RAMPART_TEST_POSTGRES_URL): the session server is N instances on one
# PostgreSQL database behind HAProxy, and only the modules of fleet_modules.txt run (scripts/test).
FLEET = int(os.environ.get("RAMPART_TEST_FLEET", "0") or 0)



def _worker() -> str:
    return os.environ.get("PYTEST_XDIST_WORKER", "main")


# ---------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def rampart_server(request, tmp_path_factory):
    binary = rampart_binary()
    if not binary.exists():
        pytest.fail(f"rampart binary not found at {binary}: build it first or set RAMPART_BIN", pytrace=False)
    base = tmp_path_factory.mktemp(f"rampart-{_worker()}")
    data_dir = base / "data"
    init_args = [
        "--account-id", ACCOUNT_ID,
        "--root-email", ROOT_EMAIL,
        "--root-password", ROOT_PASSWORD,
        "--admin-access-key-id", ADMIN_KEY_ID,
        "--admin-secret-access-key", ADMIN_SECRET,
        "--root-access-key-id", ROOT_KEY_ID,
        "--root-secret-access-key", ROOT_SECRET,
    ]
    # LookupEvents unthrottled: tests page through thousands of events; test_trail_lookup checks the limit on a server of its own.
    serve_args = ["--allow-clock-control", "--lookup-events-per-second", "0"]
    if FLEET:
        # Instances on one PostgreSQL database behind HAProxy (tests/e2e/fleet.py).
        url = fresh_database(postgres_admin_url(), f"rampart_e2e_{_worker()}")
        server = RampartFleet(base, url, count=FLEET, extra_args=serve_args, init_args=init_args)
    else:
        run_rampart("init", "--data", data_dir, *init_args)
        server = RampartServer(data_dir, base / "server.log", allow_clock_control=False, extra_args=serve_args)
    try:
        server.start()
    except Exception as exc:  # keep the log for the post-mortem
        _dump_artifacts(server, reason="startup")
        pytest.fail(f"rampart serve failed to start: {exc}", pytrace=False)
    yield server
    server.stop()
    if request.session.testsfailed:
        _dump_artifacts(server, reason="failures")


def _dump_artifacts(server, reason: str) -> None:
    out = REPO_ROOT / "test-artifacts"
    out.mkdir(exist_ok=True)
    target = out / f"rampart-server-{_worker()}{'-fleet' if FLEET else ''}.log"
    text = server.output()
    target.write_text(text if text else f"(no server log; dumped because of {reason})\n")


@pytest.fixture(scope="session")
def endpoint(rampart_server) -> str:
    return rampart_server.endpoint


@pytest.fixture(scope="session")
def data_dir(rampart_server) -> Path:
    return rampart_server.data_dir


# ---------------------------------------------------------------------------
# Sessions and clients
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def connect(endpoint):
    """connect(session, "iam"|"sts") -> a client for the server under test."""
    def _connect(session: boto3.Session, service: str):
        return session.client(service, endpoint_url=endpoint, region_name=REGION, config=BOTO_CONFIG)
    return _connect


@pytest.fixture(scope="session")
def admin(rampart_server) -> boto3.Session:
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET)


@pytest.fixture(scope="session")
def root(rampart_server) -> boto3.Session:
    return make_session(ROOT_KEY_ID, ROOT_SECRET)


@pytest.fixture(scope="session")
def iam(admin, connect):
    return connect(admin, "iam")


@pytest.fixture(scope="session")
def sts(admin, connect):
    return connect(admin, "sts")


@pytest.fixture(scope="session")
def root_iam(root, connect):
    return connect(root, "iam")


@pytest.fixture(scope="session")
def root_sts(root, connect):
    return connect(root, "sts")


@pytest.fixture(scope="session")
def unique():
    return _unique


# ---------------------------------------------------------------------------
# Factories
# ---------------------------------------------------------------------------
@pytest.fixture
def make_user(iam):
    """make_user(policy_arns=(), with_key=True, path="/", groups=()) -> (name, boto3 session or None)."""
    def _make_user(policy_arns=(), with_key=True, path="/", groups=(), prefix="user"):
        name = _unique(prefix)
        iam.create_user(UserName=name, Path=path)
        for arn in policy_arns:
            iam.attach_user_policy(UserName=name, PolicyArn=arn)
        for group in groups:
            iam.add_user_to_group(GroupName=group, UserName=name)
        session = None
        if with_key:
            key = iam.create_access_key(UserName=name)["AccessKey"]
            session = make_session(key["AccessKeyId"], key["SecretAccessKey"])
        return name, session
    return _make_user


@pytest.fixture
def make_role(iam):
    """make_role(trust=<doc>, policy_arns=(), path="/", **create_kwargs) -> (name, arn)."""
    def _make_role(trust=None, policy_arns=(), path="/", prefix="role", **kwargs):
        name = _unique(prefix)
        role = iam.create_role(RoleName=name, Path=path,
                               AssumeRolePolicyDocument=dumps(trust or account_trust_doc()), **kwargs)["Role"]
        for arn in policy_arns:
            iam.attach_role_policy(RoleName=name, PolicyArn=arn)
        return name, role["Arn"]
    return _make_role


@pytest.fixture
def make_policy(iam):
    """make_policy(document=<doc>, path="/", **kwargs) -> arn of a new customer managed policy."""
    from e2e_helpers import allow_doc

    def _make_policy(document=None, path="/", prefix="pol", **kwargs):
        name = _unique(prefix)
        policy = iam.create_policy(PolicyName=name, Path=path,
                                   PolicyDocument=dumps(document or allow_doc()), **kwargs)["Policy"]
        return policy["Arn"]
    return _make_policy


@pytest.fixture
def make_group(iam):
    """make_group(path="/", policy_arns=(), members=()) -> group name."""
    def _make_group(path="/", policy_arns=(), members=(), prefix="grp"):
        name = _unique(prefix)
        iam.create_group(GroupName=name, Path=path)
        for arn in policy_arns:
            iam.attach_group_policy(GroupName=name, PolicyArn=arn)
        for member in members:
            iam.add_user_to_group(GroupName=name, UserName=member)
        return name
    return _make_group


@pytest.fixture
def admin_user(make_user):
    """A fresh IAM user holding AdministratorAccess, with a key: (name, session)."""
    return make_user(policy_arns=[ADMIN_POLICY])


# ---------------------------------------------------------------------------
# Account-wide state that tests change and must restore
# ---------------------------------------------------------------------------
class Clock:
    """Controls the server clock through POST /_rampart/clock (needs --allow-clock-control); on a
    fleet, every instance's."""

    def __init__(self, server):
        self.server = server
        self.offset = 0

    def set(self, offset_seconds: int) -> None:
        shift_clock(self.server, offset_seconds)
        self.offset = offset_seconds

    def now(self):
        """The server's idea of now (real time + offset), for signing requests it will accept."""
        import datetime as dt
        return utcnow() + dt.timedelta(seconds=self.offset)

    def reset(self) -> None:
        self.set(0)


@pytest.fixture
def clock(rampart_server):
    c = Clock(rampart_server)
    yield c
    c.reset()


@pytest.fixture
def clean_password_policy(iam):
    """Ensure no custom account password policy before and after the test."""
    def _delete():
        try:
            iam.delete_account_password_policy()
        except iam.exceptions.NoSuchEntityException:
            pass
    _delete()
    yield
    _delete()


@pytest.fixture
def clean_account_alias(iam):
    def _delete_all():
        for alias in iam.list_account_aliases()["AccountAliases"]:
            iam.delete_account_alias(AccountAlias=alias)
    _delete_all()
    yield
    _delete_all()


# ---------------------------------------------------------------------------
# Raw HTTP
# ---------------------------------------------------------------------------
@pytest.fixture(scope="session")
def raw_request(endpoint, admin):
    """raw_request(params, service="iam", creds=<admin>, when=None, headers=None, body=None,
    tamper=None, method="POST") -> RawResponse.

    Signs with botocore's SigV4 over an AWSRequest. `creds=None` sends no signature at all;
    `when` signs with another date; `tamper(url, headers, body) -> (url, headers, body)`
    changes the request after it was signed.
    """
    default = as_credentials(admin)

    def _raw(params=None, *, service="iam", creds="admin", when=None, headers=None, body=None,
             tamper=None, method="POST", region=REGION, content_type=None):
        signing_creds = default if creds == "admin" else creds
        kwargs = {}
        if content_type is not None:
            kwargs["content_type"] = content_type
        url, hdrs, data = build_signed_request(endpoint, params, body=body, service=service,
                                               creds=signing_creds, region=region, when=when,
                                               headers=headers, method=method, **kwargs)
        if tamper is not None:
            url, hdrs, data = tamper(url, hdrs, data)
        return send(url, hdrs, data, method=method)
    return _raw


# ---------------------------------------------------------------------------
# The aws CLI (v1, from the same virtualenv as the tests; helpers in e2e_helpers)
# ---------------------------------------------------------------------------
@pytest.fixture
def aws(endpoint, tmp_path):
    """aws("iam", "list-users", ..., creds=(key, secret[, token])) -> parsed JSON output (or None)."""
    def _aws(*args, creds=(ADMIN_KEY_ID, ADMIN_SECRET), env=None):
        key_id, secret, *rest = creds
        extra = {"AWS_ACCESS_KEY_ID": key_id, "AWS_SECRET_ACCESS_KEY": secret}
        if rest and rest[0]:
            extra["AWS_SESSION_TOKEN"] = rest[0]
        extra.update(env or {})
        full = [*map(str, args), "--endpoint-url", endpoint, "--output", "json"]
        proc = run_cli(full, cli_env(tmp_path, extra))
        if proc.returncode != 0:
            raise AwsCliError(full, proc.returncode, proc.stdout, proc.stderr)
        return json.loads(proc.stdout) if proc.stdout.strip() else None
    return _aws
