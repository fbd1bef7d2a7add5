"""OpenTelemetry traces: with `--otel-endpoint` (or RAMPART_OTEL_ENDPOINT) the server sends its spans over
OTLP/HTTP (protobuf) to a collector, here a loopback one in this module. One server span per request
(its service/operation name, HTTP and RPC attributes, the request id the client got back) with children
for authentication, authorization and the operation, and the store's write transaction under the
operation; a caller's `traceparent` is continued; no secret the run used (access key secrets, session
tokens, passwords) appears anywhere in what was exported. Without the option nothing is sent, even with
the OpenTelemetry SDK's own endpoint variable set."""

from __future__ import annotations

import gzip
import os
import secrets
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
import requests
from botocore.exceptions import ClientError
from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import (
    ExportTraceServiceRequest, ExportTraceServiceResponse,
)
from opentelemetry.proto.trace.v1.trace_pb2 import Span

from console_helpers import ConsoleClient, admin_iam, start_console_server
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, build_signed_request, free_port, make_session, run_rampart,
    send, session_from_credentials, session_from_key, unique, wait_until,
)


class Collector:
    """An OTLP/HTTP receiver on loopback: keeps every body posted to /v1/traces and its decoded spans."""

    def __init__(self):
        self.bodies: list[bytes] = []
        self.spans: list[tuple[dict, Span]] = []     # (resource attributes, span)
        self.lock = threading.Lock()
        collector = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                if self.headers.get("Content-Encoding") == "gzip":
                    body = gzip.decompress(body)
                if self.path != "/v1/traces" or self.headers.get("Content-Type") != "application/x-protobuf":
                    self.send_response(404)
                    self.end_headers()
                    return
                collector.receive(body)
                answer = ExportTraceServiceResponse().SerializeToString()
                self.send_response(200)
                self.send_header("Content-Type", "application/x-protobuf")
                self.send_header("Content-Length", str(len(answer)))
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.endpoint = f"http://127.0.0.1:{self.server.server_address[1]}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def receive(self, body: bytes) -> None:
        request = ExportTraceServiceRequest.FromString(body)
        with self.lock:
            self.bodies.append(body)
            for resource_spans in request.resource_spans:
                resource = attributes(resource_spans.resource.attributes)
                for scope_spans in resource_spans.scope_spans:
                    self.spans.extend((resource, span) for span in scope_spans.spans)

    def all_spans(self) -> list[Span]:
        with self.lock:
            return [span for _, span in self.spans]

    def server_span(self, request_id: str, timeout=10.0) -> Span:
        """The server span of the request whose response carried `request_id`, once it is exported."""
        def find():
            found = [span for span in self.all_spans() if attributes(span.attributes).get("aws.request_id") == request_id]
            return found[0] if found else None
        span = wait_until(find, timeout=timeout)
        assert span is not None, f"no server span with aws.request_id {request_id}"
        return span

    def children(self, parent: Span, timeout=5.0) -> dict[str, Span]:
        """`parent`'s child spans by name; children end (and are exported) before their parent."""
        def find():
            return {span.name: span for span in self.all_spans()
                    if span.trace_id == parent.trace_id and span.parent_span_id == parent.span_id}
        return wait_until(find, timeout=timeout) or {}

    def close(self):
        self.server.shutdown()


def attributes(pairs) -> dict:
    """OTLP key-values as a dict of plain values."""
    out = {}
    for pair in pairs:
        kind = pair.value.WhichOneof("value")
        out[pair.key] = getattr(pair.value, kind) if kind else None
    return out


@contextmanager
def environment(**values):
    """Environment variables the server process inherits (Popen copies the environment at start)."""
    saved = {name: os.environ.get(name) for name in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value


@pytest.fixture(scope="module")
def collector():
    started = Collector()
    yield started
    started.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory, collector):
    # Through the environment, the way the configuration issue reads every serve option; a collector URL
    # without a path gets /v1/traces. Batches every 100 ms (OpenTelemetry's variable) keep the test fast.
    with environment(RAMPART_OTEL_ENDPOINT=collector.endpoint, OTEL_BSP_SCHEDULE_DELAY="100"):
        started = start_console_server(tmp_path_factory, "tracing", ["--otel-service-name", "rampart-e2e"])
    yield started
    started.stop()


@pytest.fixture(scope="module")
def iam(server):
    return admin_iam(server)


def value(span: Span, key: str):
    return attributes(span.attributes).get(key)


def test_a_request_is_a_server_span_with_authentication_authorization_and_operation(server, iam, collector):
    name = unique("traced")
    created = iam.create_user(UserName=name)
    answer = iam.get_user(UserName=name)
    span = collector.server_span(answer["ResponseMetadata"]["RequestId"])
    assert span.name == "iam/GetUser" and span.kind == Span.SPAN_KIND_SERVER
    assert span.parent_span_id == b""     # a trace of its own: the client sent no traceparent
    fields = attributes(span.attributes)
    assert fields["rpc.system"] == "aws-api" and fields["rpc.service"] == "iam" and fields["rpc.method"] == "GetUser"
    assert fields["http.request.method"] == "POST" and fields["url.path"] == "/"
    assert fields["http.response.status_code"] == 200 and fields["http.route"] == "aws"
    assert span.end_time_unix_nano > span.start_time_unix_nano

    children = collector.children(span)
    assert set(children) == {"authenticate", "authorize", "operation GetUser"}, children.keys()
    assert value(children["authenticate"], "rampart.authentication.method") == "sigv4"
    assert value(children["authorize"], "rampart.authorization.decision") == "allow"
    # In the order the request took them, within the server span.
    steps = [children["authenticate"], children["authorize"], children["operation GetUser"]]
    assert all(a.end_time_unix_nano <= b.start_time_unix_nano for a, b in zip(steps, steps[1:]))
    assert all(span.start_time_unix_nano <= s.start_time_unix_nano and s.end_time_unix_nano <= span.end_time_unix_nano
               for s in steps)

    # A write: its store transaction is the operation's child.
    write = collector.server_span(created["ResponseMetadata"]["RequestId"])
    operation = collector.children(write)["operation CreateUser"]
    store = collector.children(operation)["store.write"]
    assert value(store, "db.system.name") == "sqlite" and value(store, "rampart.store.runs") == 1

    resource = next(resource for resource, exported in collector.spans if exported.span_id == span.span_id)
    assert resource["service.name"] == "rampart-e2e"


def test_a_callers_traceparent_is_continued(server, collector):
    trace_id, parent_id = secrets.token_hex(16), secrets.token_hex(8)
    url, headers, body = build_signed_request(
        server.endpoint, {"Action": "GetUser", "Version": "2010-05-08"}, creds=(ADMIN_KEY_ID, ADMIN_SECRET),
        headers={"traceparent": f"00-{trace_id}-{parent_id}-01"})
    response = send(url, headers, body)
    assert response.status == 200
    span = collector.server_span(response.headers["x-amzn-RequestId"])
    assert span.trace_id.hex() == trace_id and span.parent_span_id.hex() == parent_id
    assert all(child.trace_id.hex() == trace_id for child in collector.children(span).values())


def test_refusals_say_which_step_refused_by_code(server, iam, collector):
    # A wrong secret: authentication fails with SignatureDoesNotMatch, and nothing after it runs.
    wrong = make_session(ADMIN_KEY_ID, "x" * 40).client("iam", endpoint_url=server.endpoint, region_name=REGION)
    with pytest.raises(ClientError) as refused:
        wrong.get_user()
    span = collector.server_span(refused.value.response["ResponseMetadata"]["RequestId"])
    assert value(span, "error.type") == "SignatureDoesNotMatch" and value(span, "http.response.status_code") == 403
    children = collector.children(span)
    assert set(children) == {"authenticate"}
    assert children["authenticate"].status.code == 2 and value(children["authenticate"], "error.type") == \
        "SignatureDoesNotMatch"

    # A user without policies: authorization denies.
    name = unique("traced-denied")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    denied = session_from_key(key).client("iam", endpoint_url=server.endpoint, region_name=REGION)
    time.sleep(0.2)
    with pytest.raises(ClientError) as refused:
        denied.list_users()
    span = collector.server_span(refused.value.response["ResponseMetadata"]["RequestId"])
    assert span.name == "iam/ListUsers" and value(span, "http.response.status_code") == 403
    authorize = collector.children(span)["authorize"]
    assert value(authorize, "rampart.authorization.decision") == "deny"
    assert value(authorize, "error.type") == "AccessDenied" and authorize.status.code == 2
    assert "operation ListUsers" not in collector.children(span)


def test_session_credentials_and_json_services_are_traced(server, collector):
    sts = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("sts", endpoint_url=server.endpoint, region_name=REGION)
    credentials = sts.get_session_token()["Credentials"]
    session = session_from_credentials(credentials)
    answer = session.client("sts", endpoint_url=server.endpoint, region_name=REGION).get_caller_identity()
    span = collector.server_span(answer["ResponseMetadata"]["RequestId"])
    assert span.name == "sts/GetCallerIdentity"
    assert value(collector.children(span)["authenticate"], "rampart.authentication.method") == "session"

    organizations = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "organizations", endpoint_url=server.endpoint, region_name=REGION)
    with pytest.raises(ClientError) as refused:
        organizations.describe_organization()
    span = collector.server_span(refused.value.response["ResponseMetadata"]["RequestId"])
    assert span.name == "organizations/DescribeOrganization" and value(span, "rpc.service") == "organizations"
    operation = collector.children(span)["operation DescribeOrganization"]
    assert value(operation, "error.type") == "AWSOrganizationsNotInUseException"


def test_no_secret_is_exported(server, iam, collector):
    password = "Traced-Passw0rd-" + secrets.token_hex(6)
    name = unique("traced-secret")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password=password)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    time.sleep(0.2)
    user_sts = session_from_key(key).client("sts", endpoint_url=server.endpoint, region_name=REGION)
    credentials = user_sts.get_session_token()["Credentials"]
    # (IAM refuses GetSessionToken's credentials without MFA, as AWS does; STS takes them.)
    last = session_from_credentials(credentials).client(
        "sts", endpoint_url=server.endpoint, region_name=REGION).get_caller_identity()
    # A console sign-in posts a password (a wrong one here: one hash check, and the test stays fast).
    ConsoleClient(server.endpoint, client_ip="10.77.0.1").sign_in(ACCOUNT_ID, name, password[:-1])
    collector.server_span(last["ResponseMetadata"]["RequestId"])
    wait_until(lambda: any(span.name.startswith("console/") for span in collector.all_spans()), timeout=5)
    time.sleep(0.5)    # the console's spans' batch

    exported = b"".join(collector.bodies)
    assert last["ResponseMetadata"]["RequestId"].encode() in exported     # strings are searchable in protobuf
    for secret in (ADMIN_SECRET, key["SecretAccessKey"], credentials["SecretAccessKey"],
                   credentials["SessionToken"], password, password[:-1]):
        assert secret.encode() not in exported, "a secret was exported"
    # The sign-in step is the console request's authentication.
    sign_in = [span for span in collector.all_spans() if span.name == "console/POST"
               and value(span, "url.path") == "/console/signin"]
    assert sign_in, "no span of the console sign-in"
    step = collector.children(sign_in[0])["authenticate"]
    assert value(step, "rampart.authentication.method") == "console" and value(step, "rampart.console.step") == "signin"


def test_the_last_spans_are_sent_when_the_server_stops(tmp_path_factory):
    """The exporter stops after the HTTP listener, flushing what its batch still holds."""
    late = Collector()
    try:
        # A batch only every minute: the span can only arrive by the flush at shutdown.
        with environment(OTEL_BSP_SCHEDULE_DELAY="60000"):
            started = start_console_server(
                tmp_path_factory, "tracing-stop", ["--otel-endpoint", late.endpoint + "/v1/traces"])
        try:
            answer = admin_iam(started).get_user()
            requests.get(started.endpoint + "/healthz", timeout=5)
            time.sleep(0.3)
            assert late.bodies == []
        finally:
            started.stop()
        assert started.proc.returncode == 0
        span = late.server_span(answer["ResponseMetadata"]["RequestId"], timeout=2)
        assert span.name == "iam/GetUser"
        # Health probes (the start-up's too) make no spans.
        assert not [s.name for s in late.all_spans() if s.name.startswith("http/")]
    finally:
        late.close()


def test_a_collector_that_is_down_neither_fails_requests_nor_holds_the_shutdown(tmp_path_factory):
    with environment(OTEL_BSP_SCHEDULE_DELAY="100"):
        started = start_console_server(
            tmp_path_factory, "tracing-down", ["--otel-endpoint", f"http://127.0.0.1:{free_port()}"])
    try:
        iam = admin_iam(started)
        for _ in range(5):
            assert iam.get_user()["User"]["UserName"] == "admin"
        time.sleep(0.3)     # a batch is being retried when the stop comes
    finally:
        stopping = time.monotonic()
        started.stop(timeout=10)
    # The exporter gets 3 s to send its last batch, then is cancelled; the exit is clean.
    assert started.proc.returncode == 0 and time.monotonic() - stopping < 8
    assert "Failed to export batch" in started.output()


def test_without_the_option_nothing_is_exported(tmp_path_factory):
    quiet = Collector()
    try:
        # The SDK's own variable alone does not turn tracing on: only --otel-endpoint does.
        with environment(OTEL_EXPORTER_OTLP_ENDPOINT=quiet.endpoint, OTEL_BSP_SCHEDULE_DELAY="100"):
            started = start_console_server(tmp_path_factory, "tracing-off")
        try:
            admin_iam(started).get_user()
            time.sleep(0.5)
        finally:
            started.stop()
        assert quiet.bodies == []
    finally:
        quiet.close()


def test_a_bad_endpoint_or_ratio_is_refused(tmp_path):
    for arguments, message in (
        (["--otel-endpoint", "ftp://collector:4318"], "--otel-endpoint must be an http or https URL"),
        (["--otel-endpoint", "collector:4318"], "--otel-endpoint must be an http or https URL"),
        (["--otel-sample-ratio", "1.5"], "--otel-sample-ratio must be between 0 and 1"),
    ):
        result = run_rampart("serve", "--data", tmp_path / "data", *arguments, check=False)
        assert result.returncode != 0 and message in result.stderr + result.stdout, result
