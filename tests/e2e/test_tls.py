"""HTTPS: `rampart init --self-signed`, `rampart serve --tls-cert --tls-key`, HTTP/2 by ALPN, TLS 1.2 and
later only, `aws:SecureTransport`, HSTS and Secure cookies on the console, and the certificate reloaded on
SIGHUP or when its files change, under load, without a failed request.

Each server here is one of this module's own (`rampart init --self-signed` into a new data folder); the
session server of conftest.py stays plain HTTP and is not used.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import shutil
import signal
import socket
import ssl
import stat
import subprocess
import threading
import time
from pathlib import Path

import boto3
import httpx
import pytest
import requests
from cryptography import x509
from cryptography.x509.oid import ExtendedKeyUsageOID

from browser_helpers import Pages, chromium_binaries, start_browser
from console_helpers import ConsoleClient
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, IAM_VERSION, REGION, ROOT_EMAIL, ROOT_PASSWORD,
    RampartServer, build_signed_request, cli_env, config_section, free_port, read_profile_files, run_cli,
    run_rampart, unique, wait_until,
)
from mfa_helpers import admin_call

BOOTSTRAP = ["--account-id", ACCOUNT_ID, "--root-email", ROOT_EMAIL, "--root-password", ROOT_PASSWORD,
             "--admin-access-key-id", ADMIN_KEY_ID, "--admin-secret-access-key", ADMIN_SECRET]

# The TLS 1.2 suites the server offers (TLS 1.3's are fixed by the library and all AEAD).
MODERN_TLS12 = {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384",
                "ECDHE-RSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305"}


# ---------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------
def tls_files(data: Path) -> tuple[Path, Path, Path]:
    """(authority, certificate, key) as `init --self-signed` writes them."""
    return data / "tls" / "ca.pem", data / "tls" / "server.pem", data / "tls" / "server-key.pem"


def init_self_signed(data: Path, port: int) -> str:
    return run_rampart("init", "--self-signed", "--data", data, "--port", str(port), *BOOTSTRAP).stdout


def start_tls_server(base: Path, extra_args=(), ca_bundle: Path | None = None) -> RampartServer:
    """A new data folder with its own authority, served over HTTPS; `init`'s output kept on the server."""
    data = base / "data"
    port = free_port()
    init_output = init_self_signed(data, port)
    authority, certificate, key = tls_files(data)
    server = RampartServer(
        data, base / "server.log", port=port, allow_clock_control=False,
        extra_args=["--tls-cert", str(certificate), "--tls-key", str(key), *extra_args],
        ca_bundle=ca_bundle or authority)
    server.init_output = init_output
    return server.start()


@pytest.fixture(scope="module")
def tls_server(tmp_path_factory):
    server = start_tls_server(tmp_path_factory.mktemp("tls"), extra_args=["--request-timeout", "3"])
    yield server
    server.stop()


@pytest.fixture(scope="module")
def plain_server(tmp_path_factory):
    """The same account on plain HTTP, to compare what only TLS changes."""
    base = tmp_path_factory.mktemp("plain")
    run_rampart("init", "--data", base / "data", *BOOTSTRAP)
    server = RampartServer(base / "data", base / "server.log", allow_clock_control=False).start()
    yield server
    server.stop()


def authority_of(server: RampartServer) -> str:
    return str(tls_files(server.data_dir)[0])


def iam_client(server: RampartServer, key_id=ADMIN_KEY_ID, secret=ADMIN_SECRET):
    verify = str(server.ca_bundle) if server.ca_bundle else None
    return boto3.session.Session(aws_access_key_id=key_id, aws_secret_access_key=secret).client(
        "iam", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG, verify=verify)


def served_certificate(port: int) -> bytes:
    """The DER of the certificate a new connection is served (not verified: only looked at)."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            return tls.getpeercert(binary_form=True)


def der_of(pem_path: Path) -> bytes:
    return ssl.PEM_cert_to_DER_cert(pem_path.read_text())


def handshake(port: int, authority: str, minimum: ssl.TLSVersion, maximum: ssl.TLSVersion,
              ciphers: str | None = None) -> tuple[str, str]:
    """(protocol version, cipher) of a handshake the client limits to [minimum, maximum]."""
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
    context.load_verify_locations(authority)
    context.minimum_version = minimum
    context.maximum_version = maximum
    # OpenSSL's default security level refuses to offer TLS 1.0 and 1.1 at all; level 0 offers them, so
    # a refusal comes from the server.
    context.set_ciphers(ciphers or "ALL:@SECLEVEL=0")
    with socket.create_connection(("127.0.0.1", port), timeout=5) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            return tls.version(), tls.cipher()[0]


# ---------------------------------------------------------------------------
# init --self-signed
# ---------------------------------------------------------------------------
def test_init_self_signed_writes_an_authority_a_certificate_and_an_https_profile(tls_server):
    authority, certificate, key = tls_files(tls_server.data_dir)
    out = tls_server.init_output
    assert f"export AWS_CA_BUNDLE={authority}" in out, out
    assert f"--tls-cert {certificate} --tls-key {key}" in out, out
    assert f"aws --endpoint-url {tls_server.endpoint} " in out, out
    # The authority's private key is not kept: only these three files.
    assert sorted(os.listdir(authority.parent)) == ["ca.pem", "server-key.pem", "server.pem"]
    assert stat.S_IMODE(key.stat().st_mode) == 0o600
    assert stat.S_IMODE(authority.parent.stat().st_mode) == 0o700

    ca = x509.load_pem_x509_certificate(authority.read_bytes())
    leaf = x509.load_pem_x509_certificate(certificate.read_bytes())
    assert ca.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is True
    assert ca.extensions.get_extension_for_class(x509.KeyUsage).value.key_cert_sign is True
    assert leaf.extensions.get_extension_for_class(x509.BasicConstraints).value.ca is False
    leaf.verify_directly_issued_by(ca)
    names = leaf.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert names.get_values_for_type(x509.DNSName) == ["localhost"]
    assert sorted(str(ip) for ip in names.get_values_for_type(x509.IPAddress)) == ["127.0.0.1", "::1"]
    assert ExtendedKeyUsageOID.SERVER_AUTH in leaf.extensions.get_extension_for_class(x509.ExtendedKeyUsage).value

    _, config = read_profile_files(tls_server.data_dir)
    profile = config_section(config)
    assert profile["endpoint_url"] == tls_server.endpoint and profile["endpoint_url"].startswith("https://")
    assert profile["ca_bundle"] == str(authority)


def test_serve_refuses_a_key_that_is_not_the_certificates(tls_server, tmp_path):
    _, certificate, _ = tls_files(tls_server.data_dir)
    other = tmp_path / "other"
    init_self_signed(other, free_port())
    result = run_rampart("serve", "--data", other, "--port", str(free_port()), "--tls-cert", certificate,
                         "--tls-key", tls_files(other)[2], check=False, timeout=60)
    assert result.returncode != 0
    assert "the TLS certificate and key cannot be used together" in result.stdout + result.stderr
    missing = run_rampart("serve", "--data", other, "--tls-cert", tmp_path / "nope.pem", "--tls-key",
                          tls_files(other)[2], check=False, timeout=60)
    assert missing.returncode != 0 and "cannot read the TLS certificate" in missing.stdout + missing.stderr
    alone = run_rampart("serve", "--data", other, "--tls-cert", certificate, check=False, timeout=60)
    assert alone.returncode != 0 and "--tls-cert and --tls-key go together" in alone.stdout + alone.stderr


# ---------------------------------------------------------------------------
# The aws CLI and boto3 over HTTPS
# ---------------------------------------------------------------------------
def test_aws_cli_over_https_with_the_generated_authority(tls_server, tmp_path):
    keys = {"AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET}
    env = cli_env(tmp_path, {**keys, "AWS_CA_BUNDLE": authority_of(tls_server)})
    result = run_cli(["--endpoint-url", tls_server.endpoint, "sts", "get-caller-identity", "--output", "json"], env)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["Account"] == ACCOUNT_ID

    # Without the authority the CLI refuses the certificate: the connection really is verified TLS.
    untrusted = run_cli(["--endpoint-url", tls_server.endpoint, "sts", "get-caller-identity"],
                        cli_env(tmp_path, keys))
    assert untrusted.returncode != 0
    assert "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr or "SSL validation failed" in untrusted.stderr

    # The profile files init wrote carry the endpoint and the authority: nothing else is needed.
    data = tls_server.data_dir
    profile_env = cli_env(tmp_path, {"AWS_CONFIG_FILE": str(data / "aws" / "config"),
                                     "AWS_SHARED_CREDENTIALS_FILE": str(data / "aws" / "credentials")})
    user = run_cli(["--profile", "rampart", "iam", "get-user", "--output", "json"], profile_env)
    assert user.returncode == 0, user.stderr
    assert json.loads(user.stdout)["User"]["UserName"] == "admin"


def test_boto3_over_https(tls_server):
    iam = iam_client(tls_server)
    name = unique("tls")
    iam.create_user(UserName=name)
    try:
        assert iam.get_user(UserName=name)["User"]["UserName"] == name
    finally:
        iam.delete_user(UserName=name)
    with pytest.raises(iam.exceptions.NoSuchEntityException) as error:
        iam.get_user(UserName=name)
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404


# ---------------------------------------------------------------------------
# HTTP/2
# ---------------------------------------------------------------------------
def signed_get_user(endpoint: str, user: str = "admin") -> tuple[str, dict, bytes]:
    return build_signed_request(endpoint, {"Action": "GetUser", "UserName": user, "Version": IAM_VERSION},
                                creds=(ADMIN_KEY_ID, ADMIN_SECRET))


def test_http2_when_the_client_offers_it(tls_server):
    context = ssl.create_default_context(cafile=authority_of(tls_server))
    with httpx.Client(http2=True, verify=context, timeout=30) as client:
        health = client.get(tls_server.endpoint + "/healthz")
        assert (health.http_version, health.status_code, health.text) == ("HTTP/2", 200, "ok\n")

        url, headers, body = signed_get_user(tls_server.endpoint)
        answer = client.post(url, headers=headers, content=body)
        assert answer.http_version == "HTTP/2"
        assert answer.status_code == 200, answer.text
        assert "<UserName>admin</UserName>" in answer.text
        assert answer.headers["x-amzn-requestid"]
        assert "connection" not in answer.headers  # a connection-specific header has no place in HTTP/2

        url, headers, body = signed_get_user(tls_server.endpoint, user=unique("missing"))
        missing = client.post(url, headers=headers, content=body)
        assert (missing.http_version, missing.status_code) == ("HTTP/2", 404)
        assert "<Code>NoSuchEntity</Code>" in missing.text

    # Many streams at once on one connection, each answered whole. asyncio rather than threads:
    # httpcore's synchronous HTTP/2 client picks a stream id and sends its HEADERS without one lock
    # around both, so threads can open streams out of order, which a server must refuse (RFC 9113 5.1.1).
    async def many():
        async with httpx.AsyncClient(http2=True, verify=context, timeout=30) as client:
            async def one():
                url, headers, body = signed_get_user(tls_server.endpoint)
                reply = await client.post(url, headers=headers, content=body)
                return reply.http_version, reply.status_code, "<UserName>admin</UserName>" in reply.text
            return await asyncio.gather(*(one() for _ in range(64)))

    assert asyncio.run(many()) == [("HTTP/2", 200, True)] * 64

    # A client that offers only HTTP/1.1 gets HTTP/1.1 on the same port.
    with httpx.Client(http2=False, verify=context, timeout=30) as client:
        url, headers, body = signed_get_user(tls_server.endpoint)
        answer = client.post(url, headers=headers, content=body)
        assert (answer.http_version, answer.status_code) == ("HTTP/1.1", 200)


@pytest.mark.skipif(shutil.which("curl") is None, reason="curl is not installed")
def test_curl_http2(tls_server):
    result = subprocess.run(
        ["curl", "-sS", "--http2", "--cacert", authority_of(tls_server), "-o", "-", "-w", "\n%{http_version}",
         tls_server.endpoint + "/healthz"], capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "ok\n\n2"


def test_an_http2_stream_that_never_finishes_its_request_is_reset_and_the_connection_goes_on(tls_server):
    import h2.connection
    import h2.events
    context = ssl.create_default_context(cafile=authority_of(tls_server))
    context.set_alpn_protocols(["h2"])
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=15) as raw:
        with context.wrap_socket(raw, server_hostname="localhost") as tls:
            assert tls.selected_alpn_protocol() == "h2"
            connection = h2.connection.H2Connection()
            connection.initiate_connection()
            # Stream 1: a POST whose body never ends. Stream 3, later: a whole request.
            connection.send_headers(1, [(":method", "POST"), (":path", "/"), (":scheme", "https"),
                                        (":authority", "localhost"), ("content-type", "text/plain")])
            tls.sendall(connection.data_to_send())
            started = time.monotonic()
            reset_after = None
            answered = None
            while answered is None and time.monotonic() - started < 12:
                data = tls.recv(65536)
                assert data, "the server closed the connection"
                for event in connection.receive_data(data):
                    if isinstance(event, h2.events.StreamReset) and event.stream_id == 1:
                        reset_after = time.monotonic() - started
                        connection.send_headers(3, [(":method", "GET"), (":path", "/healthz"), (":scheme", "https"),
                                                    (":authority", "localhost")], end_stream=True)
                    if isinstance(event, h2.events.DataReceived) and event.stream_id == 3:
                        answered = event.data
                tls.sendall(connection.data_to_send())
    # The server runs with --request-timeout 3.
    assert reset_after is not None and 2.5 <= reset_after < 8, reset_after
    assert answered == b"ok\n"


def test_graceful_shutdown_closes_idle_http2_connections(tmp_path):
    server = start_tls_server(tmp_path)
    context = ssl.create_default_context(cafile=authority_of(server))
    client = httpx.Client(http2=True, verify=context, timeout=30)
    try:
        assert client.get(server.endpoint + "/healthz").http_version == "HTTP/2"
        started = time.monotonic()
        server.proc.send_signal(signal.SIGTERM)
        server.proc.wait(timeout=20)
        assert time.monotonic() - started < 10 and server.proc.returncode == 0
    finally:
        client.close()
        server.stop()


# ---------------------------------------------------------------------------
# Protocol versions and cipher suites
# ---------------------------------------------------------------------------
@pytest.mark.filterwarnings("ignore:ssl.TLSVersion.TLSv1")  # deprecated in Python, which is the point
@pytest.mark.parametrize("version", [ssl.TLSVersion.TLSv1, ssl.TLSVersion.TLSv1_1], ids=["TLSv1.0", "TLSv1.1"])
def test_tls_before_1_2_is_refused(tls_server, version):
    with pytest.raises(ssl.SSLError) as error:
        handshake(tls_server.port, authority_of(tls_server), version, version)
    # The server's protocol_version alert, not the client declining to offer the version.
    assert error.value.reason == "TLSV1_ALERT_PROTOCOL_VERSION", error.value


def test_tls_1_2_and_1_3_with_modern_ciphers_only(tls_server):
    authority = authority_of(tls_server)
    version, cipher = handshake(tls_server.port, authority, ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_2)
    assert version == "TLSv1.2" and cipher in MODERN_TLS12, cipher
    version, _ = handshake(tls_server.port, authority, ssl.TLSVersion.TLSv1_3, ssl.TLSVersion.TLSv1_3)
    assert version == "TLSv1.3"
    # CBC, static RSA key exchange: none is accepted.
    for weak in ("ECDHE-ECDSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA384", "AES128-GCM-SHA256:AES256-SHA"):
        with pytest.raises(ssl.SSLError) as error:
            handshake(tls_server.port, authority, ssl.TLSVersion.TLSv1_2, ssl.TLSVersion.TLSv1_2, weak + ":@SECLEVEL=0")
        assert error.value.reason == "SSLV3_ALERT_HANDSHAKE_FAILURE", error.value


def test_a_stalled_handshake_is_closed_at_the_request_timeout(tls_server):
    # The server runs with --request-timeout 3.
    with socket.create_connection(("127.0.0.1", tls_server.port), timeout=10) as raw:
        started = time.monotonic()
        try:
            closed = raw.recv(1) == b""
        except ConnectionResetError:
            closed = True
        assert closed and 2 <= time.monotonic() - started < 8


# ---------------------------------------------------------------------------
# aws:SecureTransport
# ---------------------------------------------------------------------------
SECURE_ONLY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*",
     "Condition": {"Bool": {"aws:SecureTransport": "true"}}},
    {"Effect": "Deny", "Action": "iam:*", "Resource": "*",
     "Condition": {"Bool": {"aws:SecureTransport": "false"}}},
]}


def user_with_secure_only_policy(server: RampartServer, name: str):
    iam = iam_client(server)
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="secure-only", PolicyDocument=json.dumps(SECURE_ONLY))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    return iam_client(server, key["AccessKeyId"], key["SecretAccessKey"])


def test_secure_transport_is_true_over_tls_only(tls_server, plain_server, monkeypatch):
    name = unique("secure")
    over_tls = user_with_secure_only_policy(tls_server, name)
    over_plain = user_with_secure_only_policy(plain_server, name)

    assert over_tls.get_user()["User"]["UserName"] == name
    with pytest.raises(over_plain.exceptions.ClientError) as error:
        over_plain.get_user()
    assert error.value.response["Error"]["Code"] == "AccessDenied"
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert "explicit deny" in error.value.response["Error"]["Message"]

    # What policies see, as the admin API reports it for the request itself (JSON 1.1 path).
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", authority_of(tls_server))
    for server, expected in ((tls_server, "true"), (plain_server, "false")):
        reply = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "GetRequestContext")
        assert reply.status_code == 200, reply.text
        assert reply.json()["Context"]["aws:SecureTransport"] == expected


# ---------------------------------------------------------------------------
# The console: Secure cookies and HSTS
# ---------------------------------------------------------------------------
def test_console_over_tls_sets_secure_cookies_and_hsts(tls_server, plain_server, monkeypatch):
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", authority_of(tls_server))
    client = ConsoleClient(tls_server.endpoint)
    page = client.get("/console/signin")
    assert page.status == 200
    assert page.headers["Strict-Transport-Security"] == "max-age=31536000"

    signed_in = client.post("/console/signin", {"kind": "root", "email": ROOT_EMAIL, "password": ROOT_PASSWORD},
                            follow=False)
    assert signed_in.status == 303, signed_in.text
    assert "signin" not in signed_in.headers["Location"], signed_in.headers["Location"]
    assert signed_in.headers["Strict-Transport-Security"] == "max-age=31536000"
    assert signed_in.set_cookies, "the sign-in set no cookie"
    for cookie in signed_in.set_cookies:
        attributes = [part.strip() for part in cookie.split(";")]
        assert "Secure" in attributes and "HttpOnly" in attributes, cookie
    assert client.get("/console").status == 200

    # The console's origin is https: a form posted from the http origin is refused.
    other = ConsoleClient(tls_server.endpoint)
    port = tls_server.port
    refused = other.post("/console/signin", {"kind": "root", "email": ROOT_EMAIL, "password": ROOT_PASSWORD},
                         headers={"Origin": f"http://localhost:{port}"}, follow=False)
    accepted = other.post("/console/signin", {"kind": "root", "email": ROOT_EMAIL, "password": ROOT_PASSWORD},
                          headers={"Origin": f"https://localhost:{port}"}, follow=False)
    assert refused.status == 403 and accepted.status == 303, (refused.status, accepted.status)

    plain = requests.get(plain_server.endpoint + "/console/signin", timeout=30)
    assert plain.status_code == 200 and "Strict-Transport-Security" not in plain.headers


def spki_pin(certificate: Path) -> str:
    """Chromium's pin of a certificate's key: base64 of the SHA-256 of its SubjectPublicKeyInfo."""
    from base64 import b64encode
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
    key = x509.load_pem_x509_certificate(certificate.read_bytes()).public_key()
    return b64encode(hashlib.sha256(key.public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)).digest()).decode()


@pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are not installed")
def test_console_over_https_in_chromium(tls_server, request):
    # Chromium trusts this one server key (not every certificate): its trust store is not the system's.
    pin = spki_pin(tls_files(tls_server.data_dir)[1])
    chrome = start_browser(extra_arguments=[f"--ignore-certificate-errors-spki-list={pin}"])
    try:
        pages = Pages(chrome, f"https://localhost:{tls_server.port}", request.node.name)
        pages.open("/console/signin", "signin-over-https")
        assert pages.has("root-email"), chrome.page_source[:2000]
        pages.fill("root-email", ROOT_EMAIL)
        pages.fill("root-password", ROOT_PASSWORD)
        pages.click("root-sign-in", "root-asked-to-set-up-mfa")
        assert pages.path() == "/console/enroll"
        pages.click("skip", "root-signed-in-over-https")
        assert pages.text("arn") == f"arn:aws:iam::{ACCOUNT_ID}:root"
        cookies = chrome.get_cookies()
        assert cookies and all(cookie["secure"] and cookie["httpOnly"] for cookie in cookies), cookies
        protocol = chrome.execute_script(
            "return performance.getEntriesByType('navigation')[0].nextHopProtocol")
        assert protocol == "h2", protocol
    finally:
        chrome.quit()


# ---------------------------------------------------------------------------
# Certificate reload
# ---------------------------------------------------------------------------
class Load:
    """Signed GetUser requests from threads until stopped: half on kept-alive connections (boto3), half on
    a new connection each (a handshake per request); every failure is kept."""

    def __init__(self, server: RampartServer, bundle: Path, threads: int = 6):
        self.server = server
        self.bundle = str(bundle)
        self.stop = threading.Event()
        self.ok = 0
        self.failures: list[str] = []
        self.lock = threading.Lock()
        self.threads = [threading.Thread(target=self.kept_alive if i % 2 else self.fresh) for i in range(threads)]

    def count(self, failure: str | None) -> None:
        with self.lock:
            if failure:
                self.failures.append(failure)
            else:
                self.ok += 1

    def kept_alive(self) -> None:
        iam = iam_client(self.server)
        while not self.stop.is_set():
            try:
                ok = iam.get_user(UserName="admin")["User"]["UserName"] == "admin"
                self.count(None if ok else "wrong user")
            except Exception as error:  # noqa: BLE001 (every failure counts)
                self.count(f"kept-alive: {error!r}")

    def fresh(self) -> None:
        while not self.stop.is_set():
            url, headers, body = signed_get_user(self.server.endpoint)
            try:
                reply = requests.post(url, headers={**headers, "Connection": "close"}, data=body, timeout=30,
                                      verify=self.bundle)
                self.count(None if reply.status_code == 200 else f"fresh: HTTP {reply.status_code}")
            except Exception as error:  # noqa: BLE001
                self.count(f"fresh: {error!r}")

    def __enter__(self) -> "Load":
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop.set()
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.fixture
def reloading_server(tmp_path):
    """A TLS server started with `serve_args`, a second certificate (another init's, from another
    authority) to swap in, and a bundle that trusts both authorities so clients accept the server before
    and after the swap: (server, new certificate, new key, bundle, DER of the certificate served first)."""
    servers = []

    def start(serve_args) -> tuple[RampartServer, Path, Path, Path, bytes]:
        base = tmp_path / "server"
        base.mkdir()
        server = start_tls_server(base, extra_args=serve_args)
        servers.append(server)
        spare = tmp_path / "spare"
        init_self_signed(spare, free_port())
        authority, certificate, key = tls_files(spare)
        bundle = tmp_path / "bundle.pem"
        bundle.write_text(Path(authority_of(server)).read_text() + authority.read_text())
        server.ca_bundle = bundle
        return server, certificate, key, bundle, served_certificate(server.port)

    yield start
    for server in servers:
        server.stop()


def swap_in(certificate: Path, key: Path, server: RampartServer, key_only=False, certificate_only=False) -> None:
    """Replace the served files by renames, as a certificate renewal tool does."""
    _, served_certificate_path, served_key_path = tls_files(server.data_dir)
    for source, target, skip in ((key, served_key_path, certificate_only),
                                 (certificate, served_certificate_path, key_only)):
        if skip:
            continue
        temporary = target.with_suffix(".new")
        shutil.copyfile(source, temporary)
        os.replace(temporary, target)


def test_sighup_reloads_the_certificate_under_load_without_a_failed_request(reloading_server):
    # Watching off: only SIGHUP reloads, so the test shows what SIGHUP does.
    server, new_certificate, new_key, bundle, old = reloading_server(["--tls-reload-interval", "0"])
    with Load(server, bundle) as load:
        time.sleep(2)
        swap_in(new_certificate, new_key, server)
        time.sleep(1)
        assert served_certificate(server.port) == old, "reloaded before SIGHUP"
        before = load.ok
        server.proc.send_signal(signal.SIGHUP)
        assert wait_until(lambda: served_certificate(server.port) == der_of(new_certificate), timeout=10)
        time.sleep(2)
    assert load.failures == [], load.failures[:5]
    print(f"SIGHUP under load: {load.ok} requests, {before} before the signal, none failed")
    assert before > 20 and load.ok - before > 20, (before, load.ok)
    assert "TLS certificate reloaded" in server.output()
    assert server.proc.poll() is None


def test_changed_files_are_reloaded_and_a_mismatched_pair_is_kept_out(reloading_server):
    server, new_certificate, new_key, bundle, old = reloading_server(["--tls-reload-interval", "0.2"])
    with Load(server, bundle, threads=4) as load:
        # The certificate alone: it does not match the key being served, so the old pair stays.
        swap_in(new_certificate, new_key, server, certificate_only=True)
        assert wait_until(lambda: "TLS certificate not reloaded" in server.output(), timeout=10)
        assert served_certificate(server.port) == old
        swap_in(new_certificate, new_key, server, key_only=True)
        assert wait_until(lambda: served_certificate(server.port) == der_of(new_certificate), timeout=10)
        time.sleep(1)
    assert load.failures == [], load.failures[:5]
    print(f"file change under load: {load.ok} requests, none failed")
    assert load.ok > 20
