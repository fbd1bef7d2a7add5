"""/metrics: Prometheus' text format, unauthenticated, counting what this module's own server was asked
(requests by service, operation and outcome, their latency, authentication failures by reason, second
factors by method and result, sign-in steps, lockouts, store writes, the signing-key cache, the audit
trail's backlog), with label values from the service models only; `--metrics-address` and
`--metrics off`; and, where Debian's `prometheus` is installed, a real Prometheus scraping the server
and answering the counts through its HTTP API."""

from __future__ import annotations

import json
import re
import shutil
import socket
import subprocess
import time

import pytest
import requests
from botocore.exceptions import ClientError

from console_helpers import ConsoleClient, admin_iam, console_user, start_console_server
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, REPO_ROOT, ROOT_PASSWORD, RampartServer, build_signed_request,
    make_session, run_rampart, send, unique,
)
from metrics_helpers import delta, parse, scrape, value
from mfa_helpers import admin_call, code, create_device, wait_for_fresh_step


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = start_console_server(tmp_path_factory, "metrics")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def iam(server):
    return admin_iam(server)


@pytest.fixture(scope="module")
def metrics_url(server):
    return server.endpoint + "/metrics"


def client(server, service):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(service, endpoint_url=server.endpoint, region_name=REGION)


def test_metrics_are_prometheus_text_and_unauthenticated(server, metrics_url):
    response = requests.get(metrics_url, timeout=10)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain; version=0.0.4")
    samples = parse(response.text)   # every line parses
    assert ("rampart_audit_events_pending", frozenset()) in samples
    assert "# TYPE rampart_mfa_checks_total counter" in response.text
    assert requests.head(metrics_url, timeout=10).status_code == 200
    assert requests.post(metrics_url, timeout=10).status_code == 405


def test_requests_by_service_operation_and_outcome(server, iam, metrics_url):
    name = unique("metrics-user")
    iam.create_user(UserName=name)
    before = scrape(metrics_url)
    for _ in range(3):
        iam.get_user(UserName=name)
    for _ in range(2):
        with pytest.raises(ClientError):
            iam.get_user(UserName=unique("missing"))
    client(server, "sts").get_caller_identity()
    client(server, "cloudtrail").lookup_events(MaxResults=1)
    after = scrape(metrics_url)

    requests_total = "rampart_requests_total"
    assert delta(before, after, requests_total, service="iam", operation="GetUser", outcome="success") == 3
    assert delta(before, after, requests_total, service="iam", operation="GetUser", outcome="client_error") == 2
    assert delta(before, after, requests_total, service="sts", operation="GetCallerIdentity", outcome="success") == 1
    assert delta(before, after, requests_total, service="cloudtrail", operation="LookupEvents", outcome="success") == 1
    histogram = "rampart_request_duration_seconds"
    assert delta(before, after, histogram + "_count", service="iam", operation="GetUser") == 5
    assert delta(before, after, histogram + "_sum", service="iam", operation="GetUser") > 0
    # Buckets are cumulative and end at +Inf with the count.
    assert value(after, histogram + "_bucket", service="iam", operation="GetUser", le="+Inf") == value(
        after, histogram + "_count", service="iam", operation="GetUser")


def test_operation_labels_never_come_from_the_request(server, metrics_url):
    before = scrape(metrics_url)
    invented = "InventedActionZq7"
    url, headers, body = build_signed_request(
        server.endpoint, {"Action": invented, "Version": "2010-05-08"}, creds=(ADMIN_KEY_ID, ADMIN_SECRET))
    assert send(url, headers, body).status == 400
    response = requests.post(server.endpoint + "/", data={"Action": "GetUser"},
                             headers={"X-Amz-Target": "Invented_20261206.SomethingQx"}, timeout=10)
    assert response.status_code in (400, 403)
    after_text = requests.get(metrics_url, timeout=10).text
    assert invented not in after_text and "SomethingQx" not in after_text and "Invented_2026" not in after_text
    after = parse(after_text)
    assert delta(before, after, "rampart_requests_total", service="iam", operation="unknown",
                 outcome="client_error") == 1
    assert delta(before, after, "rampart_requests_total", service="unknown", operation="unknown",
                 outcome="client_error") == 1


def test_authentication_failures_by_reason(server, metrics_url):
    before = scrape(metrics_url)
    params = {"Action": "GetUser", "Version": "2010-05-08"}
    url, headers, body = build_signed_request(server.endpoint, params, creds=(ADMIN_KEY_ID, "wrong" + ADMIN_SECRET[5:]))
    assert send(url, headers, body).status == 403
    url, headers, body = build_signed_request(server.endpoint, params, creds=("AKIAUNKNOWNKEY000001", ADMIN_SECRET))
    assert send(url, headers, body).status == 403
    url, headers, body = build_signed_request(server.endpoint, params, creds=None)
    unsigned = send(url, headers, body)
    after = scrape(metrics_url)
    failures = "rampart_authentication_failures_total"
    assert delta(before, after, failures, reason="SignatureDoesNotMatch") == 1
    assert delta(before, after, failures, reason="InvalidClientTokenId") == 1
    assert delta(before, after, failures, reason=unsigned.error_code) == 1
    # Authorization refusals are not authentication failures.
    assert sum(v for (n, _), v in after.items() if n == failures) - sum(
        v for (n, _), v in before.items() if n == failures) == 3


def test_second_factors_sign_ins_and_lockouts(server, iam, metrics_url):
    password = "Metrics-Passw0rd!"
    name = console_user(iam, "metrics-mfa", password)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    iam.put_user_policy(UserName=name, PolicyName="sts", PolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:GetSessionToken","Resource":"*"}]}'))
    serial, seed = create_device(iam, unique("metrics-dev"))
    before = scrape(metrics_url)

    wait_for_fresh_step()
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1=code(seed, -1),
                          AuthenticationCode2=code(seed, 0))
    sts = make_session(key["AccessKeyId"], key["SecretAccessKey"]).client(
        "sts", endpoint_url=server.endpoint, region_name=REGION)
    wrong = "000000" if code(seed, 1) != "000000" else "111111"
    with pytest.raises(ClientError):
        sts.get_session_token(SerialNumber=serial, TokenCode=wrong)

    browser = ConsoleClient(server.endpoint, client_ip="10.19.0.1")
    browser.sign_in(ACCOUNT_ID, name, "Not-The-Passw0rd!")
    assert browser.sign_in(ACCOUNT_ID, name, password).status in (200, 303)
    browser.post("/console/mfa", {"code": wrong})
    browser.post("/console/mfa", {"code": code(seed, 1)})    # the step after the ones EnableMFADevice used
    after = scrape(metrics_url)

    checks = "rampart_mfa_checks_total"
    assert delta(before, after, checks, method="totp", result="accepted") == 2   # enable, console
    assert delta(before, after, checks, method="totp", result="rejected") == 2   # STS, console
    sign_ins = "rampart_sign_ins_total"
    assert delta(before, after, sign_ins, result="invalid_credentials") == 1
    assert delta(before, after, sign_ins, result="mfa_required") == 1
    assert delta(before, after, sign_ins, result="invalid_code") == 1
    assert delta(before, after, sign_ins, result="signed_in") == 1

    # Five wrong codes lock the principal's MFA out; the next check is refused unchecked.
    locked_before = value(after, "rampart_locked_out", counter="mfa")
    for _ in range(5):
        with pytest.raises(ClientError):
            sts.get_session_token(SerialNumber=serial, TokenCode=wrong)
    with pytest.raises(ClientError):
        sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))
    locked = scrape(metrics_url)
    assert value(locked, "rampart_locked_out", counter="mfa") == locked_before + 1
    assert delta(after, locked, checks, method="totp", result="locked_out") >= 1
    assert admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "ClearMFALockout",
                      {"UserName": name}).status_code == 200
    assert value(scrape(metrics_url), "rampart_locked_out", counter="mfa") == locked_before


def test_store_writes_cache_and_trail_backlog(server, iam, metrics_url):
    before = scrape(metrics_url)
    for _ in range(3):
        iam.create_user(UserName=unique("metrics-write"))
    fresh = iam.create_access_key(UserName=iam.create_user(UserName=unique("metrics-key"))["User"]["UserName"])
    other = make_session(fresh["AccessKey"]["AccessKeyId"], fresh["AccessKey"]["SecretAccessKey"]).client(
        "iam", endpoint_url=server.endpoint, region_name=REGION)
    with pytest.raises(ClientError):
        other.list_users()     # authenticated (a cache miss for the new key), then denied
    after = scrape(metrics_url)
    writes = delta(before, after, "rampart_store_write_duration_seconds_count")
    assert writes >= 5     # three users, one user and its key; each write at least once
    assert delta(before, after, "rampart_store_write_duration_seconds_sum") > 0
    assert value(after, "rampart_store_write_retries_total") == 0       # SQLite serializes writes
    assert value(after, "rampart_store_write_failures_total") == 0
    assert delta(before, after, "rampart_signing_key_cache_lookups_total") >= 6
    assert delta(before, after, "rampart_signing_key_cache_misses_total") >= 1
    assert value(after, "rampart_signing_key_cache_entries") >= 2
    # The trail's batch writer runs every 100 ms: what is pending is young.
    assert value(after, "rampart_audit_events_pending") >= 0
    assert 0 <= value(after, "rampart_audit_oldest_pending_age_seconds") < 5


def test_no_secret_and_no_user_label_in_metrics(server, iam, metrics_url):
    name = unique("metrics-private")
    iam.create_user(UserName=name)
    iam.get_user(UserName=name)
    text = requests.get(metrics_url, timeout=10).text
    for forbidden in (name, ADMIN_SECRET, ROOT_PASSWORD, ADMIN_KEY_ID, ACCOUNT_ID):
        assert forbidden not in text, forbidden
    label_names = set()
    for (_, labels) in parse(text):
        label_names |= {label for label, _ in labels}
    assert label_names <= {"service", "operation", "outcome", "reason", "method", "result", "counter", "le",
                           "status", "managed_rule"}


def dashboard_queries() -> list[str]:
    dashboard = json.loads((REPO_ROOT / "deploy" / "grafana" / "rampart.json").read_text())
    return [target["expr"] for panel in dashboard["panels"] for target in panel["targets"]]


def test_the_dashboard_reads_only_served_metrics(server, metrics_url):
    requests.post(server.endpoint + "/", data={"Action": "GetUser"}, timeout=10)   # an authentication failure
    served = {name for name, _ in scrape(metrics_url)}
    named = set()
    for expr in dashboard_queries():
        named |= set(re.findall(r"\b(rampart_[a-z_]+)", expr))
    assert len(named) >= 10
    assert named <= served, named - served


def _start(tmp_path_factory, name, extra_args):
    base = tmp_path_factory.mktemp(name)
    run_rampart("init", "--data", base / "data", "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET)
    return RampartServer(base / "data", base / "server.log", allow_clock_control=False,
                         extra_args=extra_args).start()


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_metrics_on_a_listener_of_their_own(tmp_path_factory):
    port = _free_port()
    server = _start(tmp_path_factory, "metrics-address", ["--metrics-address", f"127.0.0.1:{port}"])
    try:
        assert requests.get(server.endpoint + "/metrics", timeout=10).status_code == 404
        own = f"http://127.0.0.1:{port}"
        before = scrape(own + "/metrics")
        client(server, "sts").get_caller_identity()
        after = scrape(own + "/metrics")
        assert delta(before, after, "rampart_requests_total", service="sts", operation="GetCallerIdentity",
                     outcome="success") == 1
        # The metrics listener serves nothing else.
        for path in ("/", "/healthz", "/console/signin"):
            assert requests.get(own + path, timeout=10).status_code == 404, path
    finally:
        server.stop()


def test_metrics_off(tmp_path_factory):
    server = _start(tmp_path_factory, "metrics-off", ["--metrics", "off"])
    try:
        assert requests.get(server.endpoint + "/metrics", timeout=10).status_code == 404
        client(server, "sts").get_caller_identity()
    finally:
        server.stop()


def test_bad_metrics_options_are_refused(tmp_path):
    for args in (["--metrics", "maybe"], ["--metrics-address", "nowhere"], ["--metrics-address", "127.0.0.1:99999"]):
        result = subprocess.run([str(__import__("e2e_helpers").rampart_binary()), "serve", "--data", str(tmp_path),
                                 *args], capture_output=True, text=True, timeout=60)
        assert result.returncode != 0, args
        assert "--metrics" in result.stderr, result.stderr


@pytest.mark.skipif(shutil.which("prometheus") is None, reason="Debian's prometheus package is not installed")
def test_a_real_prometheus_scrapes_the_counts(server, iam, tmp_path):
    name = unique("metrics-prom")
    iam.create_user(UserName=name)
    before = scrape(server.endpoint + "/metrics")
    calls = 7
    for _ in range(calls):
        iam.get_user(UserName=name)
    expected = value(before, "rampart_requests_total", service="iam", operation="GetUser", outcome="success") + calls

    port = _free_port()
    host_port = server.endpoint.removeprefix("http://")
    config = tmp_path / "prometheus.yml"
    config.write_text(
        "global:\n  scrape_interval: 1s\n"
        "scrape_configs:\n  - job_name: rampart\n    static_configs:\n"
        f"      - targets: ['{host_port}']\n")
    log = open(tmp_path / "prometheus.log", "wb")
    prometheus = subprocess.Popen(
        ["prometheus", f"--config.file={config}", f"--storage.tsdb.path={tmp_path / 'tsdb'}",
         f"--web.listen-address=127.0.0.1:{port}"], stdout=log, stderr=subprocess.STDOUT)
    try:
        api = f"http://127.0.0.1:{port}/api/v1/query"
        query = 'rampart_requests_total{service="iam",operation="GetUser",outcome="success"}'
        answer = None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                result = requests.get(api, params={"query": query}, timeout=5).json()
                if result["status"] == "success" and result["data"]["result"]:
                    answer = float(result["data"]["result"][0]["value"][1])
                    if answer >= expected:
                        break
            except requests.RequestException:
                pass
            time.sleep(0.5)
        assert answer == expected, (answer, expected, (tmp_path / "prometheus.log").read_text()[-2000:])
        up = requests.get(api, params={"query": "up{job=\"rampart\"}"}, timeout=5).json()
        assert up["data"]["result"][0]["value"][1] == "1"
        # Every query of the Grafana dashboard is valid PromQL over what was scraped.
        for expr in dashboard_queries():
            concrete = expr.replace("$__rate_interval", "1m").replace("$instance", ".*")
            answer = requests.get(api, params={"query": concrete}, timeout=5).json()
            assert answer["status"] == "success", (concrete, answer)
    finally:
        prometheus.terminate()
        prometheus.wait(timeout=30)
        log.close()
