"""Shared helpers for the Rampart end-to-end suite.

Everything here is plain Python so tests can import it directly
(`from e2e_helpers import ...`); the fixtures that use it live in conftest.py.
"""

from __future__ import annotations

import configparser
import contextlib
import datetime as dt
import json
import os
import re
import signal
import socket
import subprocess
import sys
import time
import uuid
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlencode, urlparse

import requests
from botocore.auth import SIGV4_TIMESTAMP, SigV4Auth, SigV4QueryAuth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

# ---------------------------------------------------------------------------
# Fixed values the session server is initialised with (see conftest.py).
# ---------------------------------------------------------------------------
ACCOUNT_ID = "123456789012"
REGION = "us-east-1"
ROOT_EMAIL = "root@example.com"
ROOT_PASSWORD = "Root-Passw0rd!"
ADMIN_USER = "admin"
ADMIN_KEY_ID = "AKIAEXAMPLEADMIN0001"
ADMIN_SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYE2EADMIN01"
ROOT_KEY_ID = "AKIAEXAMPLEROOT00001"
ROOT_SECRET = "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbE2EROOT001"
assert len(ADMIN_KEY_ID) == 20 and len(ROOT_KEY_ID) == 20
assert len(ADMIN_SECRET) == 40 and len(ROOT_SECRET) == 40

IAM_VERSION = "2010-05-08"
STS_VERSION = "2011-06-15"
IAM_NS = "https://iam.amazonaws.com/doc/2010-05-08/"
STS_NS = "https://sts.amazonaws.com/doc/2011-06-15/"
FORM_CT = "application/x-www-form-urlencoded; charset=utf-8"

ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
READONLY_POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess"
IAM_FULL_ACCESS = "arn:aws:iam::aws:policy/IAMFullAccess"
CHANGE_PASSWORD_POLICY = "arn:aws:iam::aws:policy/IAMUserChangePassword"
AWS_MANAGED = [ADMIN_POLICY, READONLY_POLICY, IAM_FULL_ACCESS, CHANGE_PASSWORD_POLICY]

ROOT_ARN = f"arn:aws:iam::{ACCOUNT_ID}:root"
STRONG_PASSWORD = "Str0ng-Passw0rd!x"   # satisfies AWS's default policy (>= 8, 3 of 4 classes)
STRONG_PASSWORD_2 = "An0ther-Passw0rd!y"
STRONG_PASSWORD_3 = "Th1rd-Passw0rd!z"

REPO_ROOT = Path(__file__).resolve().parents[2]

# Client-side validation is off so that every limit (lengths, ranges, patterns) is
# checked by the server, as it is on AWS; retries are off so a failure shows at once.
BOTO_CONFIG = Config(
    parameter_validation=False,
    retries={"mode": "standard", "total_max_attempts": 1},
    connect_timeout=5,
    read_timeout=60,
)

ISO8601 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")


def unique(prefix: str = "e2e") -> str:
    """A name no other test (or worker) will ever use."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def unique_path() -> str:
    return f"/e2e{uuid.uuid4().hex[:12]}/"


def user_arn(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:user{path}{name}"


def role_arn(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:role{path}{name}"


def group_arn(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:group{path}{name}"


def policy_arn(name: str, path: str = "/") -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:policy{path}{name}"


_loader = None


def make_session(key_id: str, secret: str, token: str | None = None):
    """A boto3 session with these credentials. Every session shares one botocore data loader: a session
    of its own parses the service models again (about 0.1 s of CPU a client, most of the suite's own
    CPU before this), a shared loader makes a client in about a tenth of that."""
    global _loader
    import boto3
    import botocore.session

    core = botocore.session.get_session()
    if _loader is None:
        _loader = core.get_component("data_loader")
    else:
        core.register_component("data_loader", _loader)
    core.set_credentials(key_id, secret, token)
    return boto3.Session(botocore_session=core, region_name=REGION)


def session_from_credentials(creds: dict):
    """A boto3 session from an STS `Credentials` structure."""
    return make_session(creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])


def session_from_key(key: dict):
    """A boto3 session from a CreateAccessKey `AccessKey` structure."""
    return make_session(key["AccessKeyId"], key["SecretAccessKey"])


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


# ---------------------------------------------------------------------------
# Policy documents
# ---------------------------------------------------------------------------
def allow_doc(action="s3:GetObject", resource="*", sid=None) -> dict:
    stmt = {"Effect": "Allow", "Action": action, "Resource": resource}
    if sid:
        stmt = {"Sid": sid, **stmt}
    return {"Version": "2012-10-17", "Statement": [stmt]}


def deny_doc(action="*", resource="*") -> dict:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": action, "Resource": resource}]}


def trust_doc(*principal_arns: str) -> dict:
    principals = principal_arns[0] if len(principal_arns) == 1 else list(principal_arns)
    return {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": principals}, "Action": "sts:AssumeRole"}],
    }


def account_trust_doc() -> dict:
    return trust_doc(ROOT_ARN)


def dumps(doc) -> str:
    return doc if isinstance(doc, str) else json.dumps(doc)


def compact(doc: dict) -> str:
    return json.dumps(doc, separators=(",", ":"))


def sized_identity_policy(size: int) -> str:
    """A compact (whitespace-free) identity policy of exactly `size` characters.

    IAM counts policy size in characters excluding whitespace (IAM quotas page), so
    a document without any whitespace measures exactly its length.
    """
    return _pad_sid({"Version": "2012-10-17",
                     "Statement": [{"Sid": "", "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]},
                    size)


def sized_trust_policy(size: int) -> str:
    return _pad_sid({"Version": "2012-10-17",
                     "Statement": [{"Sid": "", "Effect": "Allow", "Principal": {"AWS": ROOT_ARN},
                                    "Action": "sts:AssumeRole"}]},
                    size)


def _pad_sid(doc: dict, size: int) -> str:
    base = len(compact(doc))
    pad = size - base
    assert pad >= 1, f"cannot build a policy of {size} chars (minimum {base + 1})"
    doc["Statement"][0]["Sid"] = ("S" * pad)
    text = compact(doc)
    assert len(text) == size and not re.search(r"\s", text)
    return text


MALFORMED_POLICIES = {
    "not-json": "this is { not json",
    "missing-statement": json.dumps({"Version": "2012-10-17"}),
    "bad-effect": json.dumps({"Version": "2012-10-17",
                              "Statement": [{"Effect": "Maybe", "Action": "s3:GetObject", "Resource": "*"}]}),
    "missing-action": json.dumps({"Version": "2012-10-17",
                                  "Statement": [{"Effect": "Allow", "Resource": "*"}]}),
}

MALFORMED_TRUST_POLICIES = {
    "not-json": "this is { not json",
    "missing-statement": json.dumps({"Version": "2012-10-17"}),
    "bad-effect": json.dumps({"Version": "2012-10-17",
                              "Statement": [{"Effect": "Maybe", "Principal": {"AWS": ROOT_ARN},
                                             "Action": "sts:AssumeRole"}]}),
    "missing-action": json.dumps({"Version": "2012-10-17",
                                  "Statement": [{"Effect": "Allow", "Principal": {"AWS": ROOT_ARN}}]}),
}


# ---------------------------------------------------------------------------
# Error assertions
# ---------------------------------------------------------------------------
class CaughtError:
    """What `aws_error` caught; usable after the `with` block."""

    exception: ClientError | None = None

    @property
    def response(self) -> dict:
        return self.exception.response

    @property
    def code(self) -> str:
        return self.response["Error"]["Code"]

    @property
    def message(self) -> str:
        return self.response["Error"].get("Message", "")

    @property
    def status(self) -> int:
        return self.response["ResponseMetadata"]["HTTPStatusCode"]

    @property
    def request_id(self) -> str:
        return self.response["ResponseMetadata"].get("RequestId", "")


@contextlib.contextmanager
def aws_error(code: str, status: int | None = None, message: str | None = None):
    """Assert the body raises a botocore ClientError with this code (and HTTP status).

        with aws_error("NoSuchEntity", 404) as err:
            iam.get_user(UserName="nobody")
        assert "nobody" in err.message
    """
    caught = CaughtError()
    try:
        yield caught
    except ClientError as exc:  # noqa: PERF203
        caught.exception = exc
    else:
        raise AssertionError(f"expected a {code} error, but the call succeeded")
    got = caught.code
    assert got == code, f"expected error code {code}, got {got}: {caught.message!r} (HTTP {caught.status})"
    if status is not None:
        assert caught.status == status, f"{code}: expected HTTP {status}, got {caught.status}"
    if message is not None:
        assert message in caught.message, f"{code}: expected {message!r} in message {caught.message!r}"


# ---------------------------------------------------------------------------
# Hand-signed requests
# ---------------------------------------------------------------------------
class _TimedSignerMixin:
    """SigV4 signer whose clock can be set (to sign stale, future or server-offset dates)."""

    _when: dt.datetime | None = None

    def add_auth(self, request):
        when = self._when or utcnow()
        request.context["timestamp"] = when.astimezone(dt.timezone.utc).strftime(SIGV4_TIMESTAMP)
        self._modify_request_before_signing(request)
        canonical_request = self.canonical_request(request)
        string_to_sign = self.string_to_sign(request, canonical_request)
        signature = self.signature(string_to_sign, request)
        self._inject_signature_to_request(request, signature)


class TimedSigV4Auth(_TimedSignerMixin, SigV4Auth):
    def __init__(self, credentials, service, region, when=None):
        SigV4Auth.__init__(self, credentials, service, region)
        self._when = when


class TimedSigV4QueryAuth(_TimedSignerMixin, SigV4QueryAuth):
    def __init__(self, credentials, service, region, expires=900, when=None):
        SigV4QueryAuth.__init__(self, credentials, service, region, expires=expires)
        self._when = when


def as_credentials(creds) -> Credentials | None:
    """Accept Credentials, a boto3 Session, a (key, secret[, token]) tuple or None."""
    if creds is None or isinstance(creds, Credentials):
        return creds
    if hasattr(creds, "get_credentials"):
        frozen = creds.get_credentials().get_frozen_credentials()
        return Credentials(frozen.access_key, frozen.secret_key, frozen.token)
    return Credentials(*creds)


class RawResponse:
    """An HTTP response with namespace-agnostic access to the Query-protocol XML."""

    def __init__(self, resp: requests.Response):
        self.http = resp
        self.status = resp.status_code
        self.headers = resp.headers
        self.text = resp.text
        self._xml = None

    @property
    def xml(self) -> ET.Element:
        if self._xml is None:
            self._xml = ET.fromstring(self.text)
        return self._xml

    @staticmethod
    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    @property
    def namespace(self) -> str:
        tag = self.xml.tag
        return tag[1:].split("}", 1)[0] if tag.startswith("{") else ""

    def find(self, name: str) -> ET.Element | None:
        for el in self.xml.iter():
            if self.local(el.tag) == name:
                return el
        return None

    def findall(self, name: str) -> list[ET.Element]:
        return [el for el in self.xml.iter() if self.local(el.tag) == name]

    def text_of(self, name: str) -> str | None:
        el = self.find(name)
        return None if el is None else (el.text or "")

    @property
    def error_code(self) -> str | None:
        return self.text_of("Code")

    @property
    def error_message(self) -> str:
        return self.text_of("Message") or ""

    @property
    def request_id(self) -> str | None:
        return self.text_of("RequestId")

    def __repr__(self) -> str:
        return f"<RawResponse {self.status} {self.text[:400]!r}>"


def build_signed_request(endpoint: str, params=None, *, body=None, service="iam", creds=None,
                         region=REGION, when=None, headers=None, method="POST",
                         content_type=FORM_CT) -> tuple[str, dict, bytes]:
    """Sign a Query-protocol request; return (url, headers, body) ready to send (or tamper with)."""
    if body is None:
        body = urlencode(params or {})
    if isinstance(body, str):
        body = body.encode()
    hdrs = {}
    if content_type:
        hdrs["Content-Type"] = content_type
    hdrs.update(headers or {})
    req = AWSRequest(method=method, url=endpoint.rstrip("/") + "/", data=body, headers=hdrs)
    credentials = as_credentials(creds)
    if credentials is not None:
        TimedSigV4Auth(credentials, service, region, when).add_auth(req)
    prepared = req.prepare()
    out_body = prepared.body if prepared.body is not None else b""
    if isinstance(out_body, str):
        out_body = out_body.encode()
    return prepared.url, dict(prepared.headers.items()), out_body


def send(url: str, headers: dict, body: bytes, method="POST", timeout=30) -> RawResponse:
    return RawResponse(requests.request(method, url, headers=headers, data=body, timeout=timeout,
                                        allow_redirects=False))


def presigned_url(endpoint: str, params: dict, *, creds, service="sts", region=REGION,
                  expires=900, when=None) -> str:
    url = endpoint.rstrip("/") + "/?" + urlencode(params)
    req = AWSRequest(method="GET", url=url, headers={})
    TimedSigV4QueryAuth(as_credentials(creds), service, region, expires=expires, when=when).add_auth(req)
    return req.prepare().url


class RawConnection:
    """A bare HTTP/1.1 client: writes exactly what it is given and parses responses itself."""

    def __init__(self, endpoint: str):
        url = urlparse(endpoint)
        self.sock = socket.create_connection((url.hostname, url.port), timeout=10)
        self.buffer = b""

    def send(self, data: bytes):
        self.sock.sendall(data)

    def _fill(self) -> bool:
        chunk = self.sock.recv(65536)
        self.buffer += chunk
        return bool(chunk)

    def read_response(self) -> tuple[int, dict, bytes]:
        while b"\r\n\r\n" not in self.buffer:
            if not self._fill():
                raise ConnectionError("closed before a response head")
        head, self.buffer = self.buffer.split(b"\r\n\r\n", 1)
        lines = head.decode("latin-1").split("\r\n")
        status = int(lines[0].split(" ")[1])
        headers = {}
        for line in lines[1:]:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
        length = int(headers.get("content-length", "0"))
        while len(self.buffer) < length:
            if not self._fill():
                raise ConnectionError("closed inside a response body")
        body, self.buffer = self.buffer[:length], self.buffer[length:]
        return status, headers, body

    def is_closed_by_peer(self) -> bool:
        """True when the server has closed its side (after any buffered bytes were read)."""
        try:
            return self.sock.recv(1) == b""
        except (ConnectionResetError, socket.timeout):
            return False

    def close(self):
        self.sock.close()


# ---------------------------------------------------------------------------
# The server process
# ---------------------------------------------------------------------------
def rampart_binary() -> Path:
    return Path(os.environ.get("RAMPART_BIN") or REPO_ROOT / ".build" / "debug" / "rampart")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_rampart(*args, timeout=120, check=True) -> subprocess.CompletedProcess:
    binary = rampart_binary()
    proc = subprocess.run([str(binary), *map(str, args)], capture_output=True, text=True, timeout=timeout)
    if check and proc.returncode != 0:
        raise AssertionError(f"rampart {' '.join(map(str, args))} exited {proc.returncode}\n"
                             f"stdout:\n{proc.stdout}\nstderr:\n{proc.stderr}")
    return proc


def shift_clock(server, offset_seconds: int) -> None:
    """Sets the server clock's offset (needs --allow-clock-control): every instance's, on a fleet."""
    for endpoint in getattr(server, "clock_endpoints", [server.endpoint]):
        resp = requests.post(endpoint + "/_rampart/clock", json={"offset_seconds": offset_seconds}, timeout=10)
        assert 200 <= resp.status_code < 300, f"clock control failed: {resp.status_code} {resp.text}"


class RampartServer:
    """One `rampart serve` process writing its output to a log file."""

    def __init__(self, data_dir: Path, log_path: Path, port: int | None = None, host="127.0.0.1",
                 allow_clock_control=True, extra_args=(), descriptor_limit: int | None = None,
                 ca_bundle: Path | None = None):
        self.data_dir = Path(data_dir)
        # Served over HTTPS (the caller passes --tls-cert/--tls-key) with a certificate this authority signed.
        self.ca_bundle = ca_bundle
        # RLIMIT_NOFILE (soft and hard) for the server process, to test running out of descriptors.
        self.descriptor_limit = descriptor_limit
        self.log_path = Path(log_path)
        self.host = host
        self.port = port or free_port()
        self.allow_clock_control = allow_clock_control
        self.extra_args = list(extra_args)
        self.proc: subprocess.Popen | None = None
        self._log = None

    @property
    def endpoint(self) -> str:
        return f"{'https' if self.ca_bundle else 'http'}://{self.host}:{self.port}"

    def output(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def start(self, timeout=60.0) -> "RampartServer":
        binary = rampart_binary()
        if not binary.exists():
            raise FileNotFoundError(
                f"rampart binary not found at {binary}; build it (swift build) or set RAMPART_BIN")
        args = [str(binary), "serve", "--data", str(self.data_dir), "--host", self.host,
                "--port", str(self.port)]
        if self.allow_clock_control:
            args.append("--allow-clock-control")
        args += self.extra_args
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = open(self.log_path, "ab")
        limit = self.descriptor_limit

        def limit_descriptors():
            if limit is not None:
                import resource
                resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

        self.proc = subprocess.Popen(args, stdout=self._log, stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL, start_new_session=True,
                                     preexec_fn=limit_descriptors if limit is not None else None)
        deadline = time.monotonic() + timeout
        announced = False
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"rampart serve exited with {self.proc.returncode} during start-up:\n"
                                   f"{self.output()[-4000:]}")
            if not announced:
                announced = self.endpoint in self.output()
            if announced:
                try:
                    verify = str(self.ca_bundle) if self.ca_bundle else True
                    if requests.get(self.endpoint + "/healthz", timeout=2, verify=verify).status_code == 200:
                        return self
                except requests.RequestException:
                    pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"rampart serve did not become healthy on {self.endpoint} within {timeout}s "
                           f"(printed its URL: {announced}):\n{self.output()[-4000:]}")

    def stop(self, timeout=15.0) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(timeout=timeout)
        if self._log is not None:
            self._log.close()
            self._log = None


def read_profile_files(data_dir: Path) -> tuple[configparser.ConfigParser, configparser.ConfigParser]:
    creds = configparser.ConfigParser()
    creds.read(Path(data_dir) / "aws" / "credentials")
    config = configparser.ConfigParser()
    config.read(Path(data_dir) / "aws" / "config")
    return creds, config


def config_section(config: configparser.ConfigParser, profile="rampart") -> configparser.SectionProxy:
    for name in (f"profile {profile}", profile):
        if config.has_section(name):
            return config[name]
    raise AssertionError(f"no [profile {profile}] section in the generated config: {config.sections()}")


def wait_until(predicate, timeout=5.0, interval=0.1):
    """Poll `predicate` until it returns a truthy value; return that value (or the last one)."""
    deadline = time.monotonic() + timeout
    value = predicate()
    while not value and time.monotonic() < deadline:
        time.sleep(interval)
        value = predicate()
    return value


# ---------------------------------------------------------------------------
# The aws CLI (v1, from the same virtualenv as the tests)
# ---------------------------------------------------------------------------
class AwsCliError(AssertionError):
    def __init__(self, args, returncode, stdout, stderr):
        super().__init__(f"aws {' '.join(args)} exited {returncode}\nstderr:\n{stderr}\nstdout:\n{stdout}")
        self.returncode = returncode
        self.stdout = stdout
        self.stderr = stderr


def aws_cli_path() -> Path:
    return Path(sys.executable).parent / "aws"


def cli_env(tmp_dir: Path, extra: dict | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env.update({
        # No ~/.aws: only what the test passes counts.
        "AWS_CONFIG_FILE": str(tmp_dir / "no-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(tmp_dir / "no-credentials"),
        "AWS_DEFAULT_REGION": REGION,
        "AWS_EC2_METADATA_DISABLED": "true",
        "AWS_RETRY_MODE": "standard",
        "AWS_MAX_ATTEMPTS": "1",
        "AWS_PAGER": "",
    })
    env.update(extra or {})
    return env


def run_cli(args: list[str], env: dict, timeout=120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(aws_cli_path()), *args], capture_output=True, text=True,
                          env=env, timeout=timeout)


def iam_marker(position: str, list_name: str) -> str:
    """An IAM Marker as Rampart issues it (Sources/RampartServices/IAM/PageMarker.swift): the position
    base64url-encoded, a dot, and a digest that binds it to the list. For tests that jump to a page."""
    import base64
    import hashlib
    encoded = base64.urlsafe_b64encode(position.encode()).decode().rstrip("=")
    check = hashlib.sha256(f"rampart-iam-marker\n{list_name}\n{position}".encode()).hexdigest()[:16]
    return f"{encoded}.{check}"
