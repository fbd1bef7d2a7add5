"""The HTTP layer's own refusals, on raw sockets: every one is an AWS error an SDK can read.

A request that is not HTTP the decoder can parse (a header line without a colon, a NUL in a header,
a Content-Length that is not a number, a broken request line), a path that is no route, a method the
route does not take, and a request that runs out of time each get the AWS error envelope with a
Content-Length; the unparseable and the timed-out also get `Connection: close` and an orderly close
(the client reads the answer, then end of stream, not a reset). The console's paths keep their
plain text, and an idle connection is closed without a word.
"""

from __future__ import annotations

import json
import socket
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, IAM_NS, ROOT_EMAIL, ROOT_PASSWORD, RampartServer, RawConnection,
    run_rampart,
)

REQUEST_TIMEOUT = 2
IDLE_TIMEOUT = 3


def query_error(body: bytes) -> tuple[str, str, str]:
    """(namespace, Code, RequestId) of a Query error envelope; fails on anything else."""
    root = ET.fromstring(body)
    assert root.tag == f"{{{IAM_NS}}}ErrorResponse", body
    ns = f"{{{IAM_NS}}}"
    code = root.findtext(f"{ns}Error/{ns}Code")
    assert root.findtext(f"{ns}Error/{ns}Type") == "Sender", body
    assert root.findtext(f"{ns}Error/{ns}Message"), body
    return IAM_NS, code, root.findtext(f"{ns}RequestId")


def assert_aws_error(status: int, headers: dict, body: bytes, expected_status: int, expected_code: str):
    assert status == expected_status, (status, headers, body[:300])
    assert headers["content-type"] == "text/xml", headers
    assert int(headers["content-length"]) == len(body)
    _, code, request_id = query_error(body)
    assert code == expected_code, body
    assert headers["x-amzn-requestid"] == request_id


def assert_closed_in_order(conn: RawConnection):
    """End of stream after the answer, not a reset: the client got all of it."""
    conn.sock.settimeout(10)
    assert conn.sock.recv(1) == b""


@pytest.fixture
def conn(endpoint):
    c = RawConnection(endpoint)
    c.sock.settimeout(10)
    yield c
    c.close()


def host_of(endpoint: str) -> str:
    return urlparse(endpoint).netloc


# ---------------------------------------------------------------------------
# Requests the HTTP decoder cannot parse: 400 MalformedHttpRequestException, then close
# ---------------------------------------------------------------------------
MALFORMED = (400, "MalformedHttpRequestException")
UNREADABLE = {
    "header-line-without-colon": (b"GET / HTTP/1.1\r\nHost: h\r\nNoColonHere\r\n\r\n", *MALFORMED),
    "nul-in-header-value": (b"GET / HTTP/1.1\r\nHost: h\r\nX-Bad: a\x00b\r\n\r\n", *MALFORMED),
    "control-byte-in-header-value": (b"GET / HTTP/1.1\r\nHost: h\r\nX-Bad: a\x01b\r\n\r\n", *MALFORMED),
    "space-in-header-name": (b"GET / HTTP/1.1\r\nHost: h\r\nBad Name: x\r\n\r\n", *MALFORMED),
    "content-length-not-a-number": (b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: abc\r\n\r\n", *MALFORMED),
    "negative-content-length": (b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: -1\r\n\r\n", *MALFORMED),
    "content-length-beyond-64-bits":
        (b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 99999999999999999999\r\n\r\n", *MALFORMED),
    "disagreeing-content-lengths":
        (b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nAction", *MALFORMED),
    "not-a-request-line": (b"THIS IS NOT HTTP\r\n\r\n", *MALFORMED),
    "http-2-request-line": (b"GET / HTTP/2.0\r\nHost: h\r\n\r\n", *MALFORMED),
    "bad-chunk-size": (b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", *MALFORMED),
    # NIO's decoder cannot carry another request after a CONNECT head; no route takes one anyway.
    "connect": (b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n", 404,
                "UnknownOperationException"),
}


@pytest.mark.parametrize("request_bytes,expected_status,expected_code", UNREADABLE.values(), ids=UNREADABLE.keys())
def test_request_that_cannot_be_read_on_gets_the_aws_error_and_an_orderly_close(
        conn, request_bytes, expected_status, expected_code):
    conn.send(request_bytes)
    status, headers, body = conn.read_response()
    assert_aws_error(status, headers, body, expected_status, expected_code)
    assert headers["connection"] == "close"
    assert_closed_in_order(conn)


def test_malformed_request_after_a_good_one_on_the_same_connection(conn, endpoint):
    conn.send(f"GET /healthz HTTP/1.1\r\nHost: {host_of(endpoint)}\r\n\r\n".encode())
    assert conn.read_response()[0] == 200
    conn.send(b"GET / HTTP/1.1\r\nX-Bad: \x00\r\n\r\n")
    status, headers, body = conn.read_response()
    assert_aws_error(status, headers, body, 400, "MalformedHttpRequestException")
    assert_closed_in_order(conn)


# ---------------------------------------------------------------------------
# No route, wrong method: AWS errors on a connection that stays usable
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("request_line,expected_status,expected_code", [
    ("GET /nowhere", 404, "UnknownOperationException"),
    ("POST /iam", 404, "UnknownOperationException"),
    ("GET /_rampart/other", 404, "UnknownOperationException"),
    ("DELETE /", 405, "MethodNotAllowed"),
    ("PUT /?Action=ListUsers", 405, "MethodNotAllowed"),
    ("POST /healthz", 405, "MethodNotAllowed"),
])
def test_unknown_path_and_wrong_method_get_aws_errors(conn, endpoint, request_line, expected_status, expected_code):
    conn.send(f"{request_line} HTTP/1.1\r\nHost: {host_of(endpoint)}\r\nContent-Length: 0\r\n\r\n".encode())
    status, headers, body = conn.read_response()
    assert_aws_error(status, headers, body, expected_status, expected_code)
    assert headers.get("connection") != "close"
    # The same connection goes on.
    conn.send(f"GET /healthz HTTP/1.1\r\nHost: {host_of(endpoint)}\r\n\r\n".encode())
    assert conn.read_response()[:1] == (200,)


def test_a_json_client_gets_the_json_envelope(conn, endpoint):
    conn.send(f"POST /nowhere HTTP/1.1\r\nHost: {host_of(endpoint)}\r\nContent-Length: 2\r\n"
              "X-Amz-Target: RampartAdmin_20261123.GetRequestContext\r\n"
              "Content-Type: application/x-amz-json-1.1\r\n\r\n{}".encode())
    status, headers, body = conn.read_response()
    assert status == 404
    assert headers["content-type"] == "application/x-amz-json-1.1"
    assert int(headers["content-length"]) == len(body)
    assert json.loads(body)["__type"] == "UnknownOperationException"


def test_console_paths_keep_plain_text(conn, endpoint):
    conn.send(f"DELETE /console/signin HTTP/1.1\r\nHost: {host_of(endpoint)}\r\n\r\n".encode())
    status, headers, body = conn.read_response()
    assert status == 405
    assert headers["content-type"].startswith("text/plain")
    assert b"<ErrorResponse" not in body


# ---------------------------------------------------------------------------
# Timeouts: 408 RequestTimeout for a request cut short, nothing for an idle connection
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def slow_server(tmp_path_factory):
    base = tmp_path_factory.mktemp("protocol-errors")
    run_rampart("init", "--data", base / "data", "--account-id", ACCOUNT_ID, "--root-email", ROOT_EMAIL,
                "--root-password", ROOT_PASSWORD, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET)
    server = RampartServer(base / "data", base / "server.log", allow_clock_control=False,
                           extra_args=["--request-timeout", str(REQUEST_TIMEOUT),
                                       "--idle-timeout", str(IDLE_TIMEOUT)])
    server.start()
    yield server
    server.stop()


@pytest.fixture
def slow_conn(slow_server):
    c = RawConnection(slow_server.endpoint)
    c.sock.settimeout(REQUEST_TIMEOUT + 10)
    yield c
    c.close()


@pytest.mark.parametrize("partial", [
    pytest.param(b"POST / HTTP/1.1\r\nHost: h\r\nX-Slow: ", id="partial-head"),
    pytest.param(b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 100\r\n\r\nAction=", id="partial-body"),
    pytest.param(b"POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nAct", id="partial-chunk"),
])
def test_request_cut_short_gets_the_aws_408_then_an_orderly_close(slow_conn, partial):
    start = time.monotonic()
    slow_conn.send(partial)
    status, headers, body = slow_conn.read_response()
    waited = time.monotonic() - start
    assert_aws_error(status, headers, body, 408, "RequestTimeout")
    assert b"not read from or written to within the timeout period" in body
    assert headers["connection"] == "close"
    assert REQUEST_TIMEOUT - 0.5 <= waited < REQUEST_TIMEOUT + 5, waited
    assert_closed_in_order(slow_conn)


def test_request_timed_from_its_first_byte_however_slowly_it_drips(slow_conn):
    slow_conn.send(b"GET / HTTP/1.1\r\n")
    start = time.monotonic()
    try:
        while time.monotonic() - start < REQUEST_TIMEOUT + 3:
            slow_conn.send(b"X-A: b\r\n")
            time.sleep(0.3)
    except OSError:
        pass  # the server closed its side while we were still writing
    status, headers, body = slow_conn.read_response()
    assert_aws_error(status, headers, body, 408, "RequestTimeout")


def test_request_refused_at_its_head_gets_no_second_answer_when_it_times_out(slow_conn):
    # 413 at once from the declared length; the body never comes. The timeout closes, with no 408.
    slow_conn.send(b"POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999\r\n\r\n")
    status, headers, body = slow_conn.read_response()
    assert_aws_error(status, headers, body, 413, "RequestEntityTooLarge")
    assert slow_conn.sock.recv(65536) == b""
    assert slow_conn.buffer == b""


def test_idle_connection_is_closed_without_an_answer(slow_conn):
    start = time.monotonic()
    assert slow_conn.sock.recv(65536) == b""
    assert IDLE_TIMEOUT - 0.5 <= time.monotonic() - start < IDLE_TIMEOUT + 5


def test_idle_after_a_request_is_closed_without_an_answer(slow_conn, slow_server):
    slow_conn.send(f"GET /healthz HTTP/1.1\r\nHost: {host_of(slow_server.endpoint)}\r\n\r\n".encode())
    assert slow_conn.read_response()[0] == 200
    assert slow_conn.buffer == b""
    start = time.monotonic()
    assert slow_conn.sock.recv(65536) == b""
    assert IDLE_TIMEOUT - 0.5 <= time.monotonic() - start < IDLE_TIMEOUT + 5
