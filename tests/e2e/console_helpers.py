"""A small console client for tests: keeps cookies by hand (requests will not send Secure cookies
over plain http, and the console marks its cookies Secure on localhost), sends the CSRF token the
server issued with every form, and can claim a client address through a trusted proxy header."""

from __future__ import annotations

import html
import os
import re

import pytest
from dataclasses import dataclass, field
from urllib.parse import urljoin

import requests

from e2e_helpers import (
    shift_clock as shift_server_clock,
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, RampartServer, make_session, run_rampart, unique,
)
from mfa_helpers import code, wait_for_fresh_step


@dataclass
class Reply:
    status: int
    headers: requests.structures.CaseInsensitiveDict
    text: str
    url: str
    set_cookies: list[str] = field(default_factory=list)

    @property
    def message(self) -> str | None:
        found = re.search(r'id="message">([^<]*)<', self.text)
        return found.group(1) if found else None


class ConsoleClient:
    def __init__(self, endpoint: str, client_ip: str | None = None, user_agent: str | None = None):
        self.endpoint = endpoint
        self.cookies: dict[str, str] = {}
        self.client_ip = client_ip
        self.user_agent = user_agent
        self.history: list[Reply] = []

    def _headers(self, extra: dict | None = None) -> dict:
        headers = dict(extra or {})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if self.client_ip:
            headers["X-Forwarded-For"] = self.client_ip
        if self.user_agent:
            headers["User-Agent"] = self.user_agent
        return headers

    def _take_cookies(self, resp: requests.Response) -> list[str]:
        raw = resp.raw.headers.getlist("Set-Cookie") if hasattr(resp.raw.headers, "getlist") else []
        for line in raw:
            name, _, rest = line.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in line:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return raw

    def request(self, method: str, path: str, data: dict | None = None, headers: dict | None = None,
                follow: bool = True) -> Reply:
        url = urljoin(self.endpoint, path)
        while True:
            resp = requests.request(method, url, data=data, headers=self._headers(headers), allow_redirects=False,
                                    timeout=30)
            reply = Reply(resp.status_code, resp.headers, resp.text, url, self._take_cookies(resp))
            self.history.append(reply)
            if follow and resp.status_code in (302, 303) and "Location" in resp.headers:
                url, method, data = urljoin(url, resp.headers["Location"]), "GET", None
                continue
            return reply

    def get(self, path: str, **kwargs) -> Reply:
        return self.request("GET", path, **kwargs)

    def post(self, path: str, data: dict, with_csrf: bool = True, **kwargs) -> Reply:
        form = dict(data)
        if with_csrf:
            if "rampart-csrf" not in self.cookies:
                self.get("/console/signin")
            form["csrf"] = self.cookies["rampart-csrf"]
        return self.request("POST", path, data=form, **kwargs)

    def post_json(self, path: str, body: dict, csrf: str | None = None) -> tuple[int, dict]:
        """A fetch() from the console's script: JSON, with the CSRF token in X-CSRF-Token."""
        import json
        if "rampart-csrf" not in self.cookies:
            self.get("/console/signin")
        headers = {"Content-Type": "application/json",
                   "X-CSRF-Token": self.cookies["rampart-csrf"] if csrf is None else csrf}
        reply = self.request("POST", path, data=json.dumps(body), headers=headers, follow=False)
        return reply.status, json.loads(reply.text)

    def sign_in(self, account: str, user: str, password: str) -> Reply:
        return self.post("/console/signin", {"kind": "iam", "account": account, "username": user,
                                             "password": password})

    def sign_in_root(self, email: str, password: str) -> Reply:
        return self.post("/console/signin", {"kind": "root", "email": email, "password": password})


def add_own_authenticator(client: ConsoleClient, name: str | None = None) -> tuple[str, str]:
    """The signed-in principal adds an authenticator app on its security page and enables it with two
    codes (what a root user does, the API's EnableMFADevice needing a UserName): (serial, seed)."""
    page = client.post("/console/security/authenticator", {"name": name or unique("app")})
    seed = html.unescape(re.search(r'id="seed">([^<]*)<', page.text).group(1)).replace(" ", "")
    serial = html.unescape(re.search(r'name="serial" value="([^"]+)"', page.text).group(1))
    wait_for_fresh_step()
    client.post("/console/security/authenticator/enable",
                {"serial": serial, "code1": code(seed, -1), "code2": code(seed, 0)})
    return serial, seed


def start_console_server(tmp_path_factory, name: str, extra_args=()) -> RampartServer:
    """A server of its own that trusts 127.0.0.1 as a proxy, so each test can sign in from an address
    of its own (X-Forwarded-For) and address lockouts never cross tests."""
    base = tmp_path_factory.mktemp(name)
    data = base / "data"
    from e2e_helpers import ROOT_EMAIL, ROOT_PASSWORD
    init_args = ["--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                 "--admin-secret-access-key", ADMIN_SECRET, "--root-email", ROOT_EMAIL,
                 "--root-password", ROOT_PASSWORD]
    if os.environ.get("RAMPART_TEST_FLEET"):
        # The fleet pass: the module's own three instances on a database of its own, behind HAProxy,
        # so sign-in steps, sessions and challenges cross instances as a browser's requests would.
        from fleet import RampartFleet, fresh_database, postgres_admin_url
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        url = fresh_database(postgres_admin_url(), f"rampart_{name.replace('-', '_')}_{worker}")
        return RampartFleet(base, url, count=int(os.environ["RAMPART_TEST_FLEET"]),
                            extra_args=list(extra_args), init_args=init_args).start()
    run_rampart("init", "--data", data, *init_args)
    return RampartServer(data, base / "server.log", allow_clock_control=True,
                         extra_args=["--trusted-proxy", "127.0.0.1", *extra_args]).start()


def client_fixture(network: str):
    """A `client` fixture: a browser-like client from an address of `network` (three octets) that no
    other test of the module uses, so that address lockouts never cross tests."""
    import itertools
    addresses = itertools.count(1)

    @pytest.fixture
    def client(server):
        return ConsoleClient(server.endpoint, client_ip=f"{network}.{next(addresses)}")

    return client


def console_user(iam, prefix: str, password: str, policy_arn: str | None = None, inline: dict | None = None) -> str:
    """A new IAM user with a console password, and the managed or inline policy given."""
    from e2e_helpers import dumps, unique
    name = unique(prefix)
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password=password)
    if policy_arn:
        iam.attach_user_policy(UserName=name, PolicyArn=policy_arn)
    if inline:
        iam.put_user_policy(UserName=name, PolicyName="inline", PolicyDocument=dumps(inline))
    return name


def not_permitted(action: str, account: str = ACCOUNT_ID) -> str:
    """A refusal by the principal's own policies, as every console page words it: the permission, and
    whom to ask; no ARN, no IAM sentence."""
    return (f"You cannot do this: your permissions do not include {action}. Ask an administrator of account "
            f"{account} to allow {action} for you.")


def assume_role_refused(account: str, role_account: str) -> str:
    """AssumeRole's refusal in words: AWS's message names no policy, so both sides are named."""
    return ("You cannot do this: sts:AssumeRole was refused, and the refusal does not say which policy refused it. "
            "Either your permissions do not include sts:AssumeRole, or what you asked for does not exist or its own "
            f"policy (for a role, its trust policy) does not allow you. Ask an administrator of account {account} to allow "
            f"sts:AssumeRole for you, and an administrator of account {role_account} to check that it exists and "
            "allows you.")


def self_service(*more: str) -> dict:
    """The policy a user needs to manage its own MFA devices (and the `more` actions on itself), and
    nothing else."""
    return {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice", "iam:DeactivateMFADevice", *more],
         "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"],
         "Resource": "arn:aws:iam::*:mfa/*"}]}


def admin_iam(server: RampartServer):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("iam", endpoint_url=server.endpoint, region_name=REGION)


def console_fixtures(name: str, extra_args=(), scope: str = "module"):
    """The `server` and `iam` fixtures of a console test module: its own server (or, with scope
    "function", one for each test), and an admin client."""
    @pytest.fixture(scope=scope)
    def server(tmp_path_factory):
        started = start_console_server(tmp_path_factory, name, extra_args)
        yield started
        started.stop()

    @pytest.fixture(scope=scope)
    def iam(server):
        return admin_iam(server)

    return server, iam


DEFAULT_MFA_SETTINGS = dict(
    Prompt="EVERY_SIGN_IN", WithoutDevice="REQUIRE_REGISTRATION", AllowedTypes=["AUTHENTICATOR_APP", "SECURITY_KEY"],
    RequireForConsoleUsers=False, RequireForPrivileged=False, GracePeriodDays=35, PasskeySignIn=False)


@pytest.fixture
def settings(server):
    """settings(**fields) changes the account's MFA settings (UpdateMFASettings); the defaults come back
    after the test."""
    from mfa_helpers import admin_call

    def change(**fields):
        resp = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings", fields)
        assert resp.status_code == 200, resp.text
        return resp.json()["Settings"]
    yield change
    change(**DEFAULT_MFA_SETTINGS)


@pytest.fixture
def shift_clock(server):
    """shift_clock(seconds) moves the server's clock; it comes back after the test."""
    def shift(seconds: int):
        shift_server_clock(server, seconds)
    yield shift
    shift(0)
