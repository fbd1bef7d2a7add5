"""HTTP/1.1 as the server speaks it, on raw sockets: keep-alive, pipelining, Connection: close,
HTTP/1.0, half-closed connections, chunked bodies, body limits, unknown paths and methods,
malformed requests, Expect: 100-continue, CONNECT, impossible Content-Lengths. SDKs rely on each
of these without saying so."""

import re
import socket
import xml.etree.ElementTree as ET
from urllib.parse import urlencode, urlparse

import pytest

from e2e_helpers import STS_VERSION, RawConnection, build_signed_request

GCI = {"Action": "GetCallerIdentity", "Version": STS_VERSION}
AWS_BODY_LIMIT = 1 << 21


@pytest.fixture
def conn(endpoint):
    c = RawConnection(endpoint)
    yield c
    c.close()


def signed_bytes(endpoint, admin, params=GCI, *, extra_headers=None, version="HTTP/1.1", chunked=False) -> bytes:
    url, headers, body = build_signed_request(endpoint, params, service="sts", creds=admin)
    headers = dict(headers)
    headers.update(extra_headers or {})
    host = urlparse(endpoint).netloc
    lines = [f"POST / {version}", f"Host: {host}"]
    for name, value in headers.items():
        if name.lower() in ("host", "content-length"):
            continue
        lines.append(f"{name}: {value}")
    if chunked:
        lines.append("Transfer-Encoding: chunked")
        half = len(body) // 2
        payload = b"".join(f"{len(part):x}\r\n".encode() + part + b"\r\n" for part in (body[:half], body[half:]))
        payload += b"0\r\n\r\n"
    else:
        lines.append(f"Content-Length: {len(body)}")
        payload = body
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + payload


def request_id(body: bytes) -> str:
    return re.search(rb"<RequestId>([^<]+)</RequestId>", body).group(1).decode()


def test_keep_alive_serves_many_requests_on_one_connection(conn, endpoint, admin):
    ids = set()
    for _ in range(5):
        conn.send(signed_bytes(endpoint, admin))
        status, headers, body = conn.read_response()
        assert status == 200, body
        assert headers.get("connection") != "close"
        assert headers["x-amzn-requestid"] == request_id(body)
        ids.add(request_id(body))
    assert len(ids) == 5


def test_pipelined_requests_are_answered_in_order(conn, endpoint, admin):
    # Three requests in one write: a success, a 404 path, a success; answers come back in that order.
    host = urlparse(endpoint).netloc
    missing = f"GET /nowhere HTTP/1.1\r\nHost: {host}\r\n\r\n".encode()
    conn.send(signed_bytes(endpoint, admin) + missing + signed_bytes(endpoint, admin))
    statuses = [conn.read_response()[0] for _ in range(3)]
    assert statuses == [200, 404, 200]


def test_connection_close_is_honoured(conn, endpoint, admin):
    conn.send(signed_bytes(endpoint, admin, extra_headers={"Connection": "close"}))
    status, headers, _ = conn.read_response()
    assert status == 200
    assert headers["connection"] == "close"
    assert conn.is_closed_by_peer()


def test_http_1_0_closes_unless_kept_alive(endpoint, admin):
    plain = RawConnection(endpoint)
    try:
        plain.send(signed_bytes(endpoint, admin, version="HTTP/1.0"))
        status, _, _ = plain.read_response()
        assert status == 200
        assert plain.is_closed_by_peer()
    finally:
        plain.close()
    kept = RawConnection(endpoint)
    try:
        kept.send(signed_bytes(endpoint, admin, version="HTTP/1.0", extra_headers={"Connection": "keep-alive"}))
        status, headers, _ = kept.read_response()
        assert (status, headers["connection"].lower()) == (200, "keep-alive")
        kept.send(signed_bytes(endpoint, admin, version="HTTP/1.0", extra_headers={"Connection": "keep-alive"}))
        assert kept.read_response()[0] == 200
    finally:
        kept.close()


def test_half_closed_client_still_gets_its_answer(conn, endpoint, admin):
    conn.send(signed_bytes(endpoint, admin))
    conn.sock.shutdown(socket.SHUT_WR)
    status, _, body = conn.read_response()
    assert status == 200, body
    assert conn.is_closed_by_peer()


def test_chunked_body_is_read_whole(conn, endpoint, admin):
    conn.send(signed_bytes(endpoint, admin, chunked=True))
    status, _, body = conn.read_response()
    assert status == 200, body
    assert b"<GetCallerIdentityResult>" in body


def test_declared_body_over_the_limit_is_413_before_it_is_sent(conn, endpoint):
    host = urlparse(endpoint).netloc
    conn.send(f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {AWS_BODY_LIMIT + 1}\r\n\r\n".encode())
    status, headers, _ = conn.read_response()
    assert (status, headers["connection"]) == (413, "close")
    assert conn.is_closed_by_peer()


def test_chunked_body_over_the_limit_is_413(conn, endpoint):
    host = urlparse(endpoint).netloc
    conn.send(f"POST / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
    chunk = b"a" * 65536
    try:
        for _ in range(AWS_BODY_LIMIT // len(chunk) + 1):
            conn.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server may close while the rest is still being written
    status, headers, _ = conn.read_response()
    assert (status, headers["connection"]) == (413, "close")


def test_body_at_the_limit_is_read(conn, endpoint, admin):
    # Exactly the limit is allowed: padded with an ignored parameter, the signature still verifies.
    params = dict(GCI)
    base = len(urlencode({**params, "Padding": ""}))
    params["Padding"] = "a" * (AWS_BODY_LIMIT - base)
    data = signed_bytes(endpoint, admin, params)
    assert data.endswith(b"a" * 100) and b"Content-Length: %d" % AWS_BODY_LIMIT in data
    conn.send(data)
    status, _, body = conn.read_response()
    # Not too large; the Query layer ignores a parameter the action does not take, as AWS does.
    assert status == 200, body[:300]
    assert b"<GetCallerIdentityResult>" in body


def test_unknown_path_and_method(conn, endpoint):
    host = urlparse(endpoint).netloc
    conn.send(f"GET /nowhere HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert conn.read_response()[0] == 404
    conn.send(f"DELETE / HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    assert conn.read_response()[0] == 405
    conn.send(f"GET /healthz HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
    status, headers, body = conn.read_response()
    assert (status, body) == (200, b"ok\n")
    assert re.fullmatch(r"\w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT", headers["date"])


def test_malformed_request_is_400_and_closed(conn):
    conn.send(b"THIS IS NOT HTTP\r\n\r\n")
    status, _, _ = conn.read_response()
    assert status == 400
    assert conn.is_closed_by_peer()


def aws_error(body: bytes) -> tuple[str, str, str]:
    """(root tag, Code, Message) of a Query error envelope."""
    root = ET.fromstring(body)
    ns = root.tag.split("}")[0] + "}" if root.tag.startswith("{") else ""
    return root.tag.split("}")[-1], root.findtext(f"{ns}Error/{ns}Code"), root.findtext(f"{ns}Error/{ns}Message")


def assert_aws_413(headers: dict, body: bytes):
    assert headers["content-type"] == "text/xml", headers
    assert headers["connection"] == "close"
    assert aws_error(body) == ("ErrorResponse", "RequestEntityTooLarge", "Request body too large")


def test_big_body_sent_whole_gets_the_aws_413_and_an_orderly_close(conn, endpoint):
    # The attack: headers and a body over the limit written in one go, without waiting. The server
    # refuses at the head, then reads and drops the body, so the client's write completes and it
    # reads the whole answer and then EOF, not ECONNRESET.
    host = urlparse(endpoint).netloc
    body = b"a" * (AWS_BODY_LIMIT + (1 << 20))
    conn.send(f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {len(body)}\r\n\r\n".encode() + body)
    status, headers, answer = conn.read_response()
    assert status == 413
    assert_aws_413(headers, answer)
    assert conn.is_closed_by_peer()


def test_chunked_body_over_the_limit_gets_the_aws_413_without_a_reset(conn, endpoint):
    host = urlparse(endpoint).netloc
    conn.send(f"POST / HTTP/1.1\r\nHost: {host}\r\nTransfer-Encoding: chunked\r\n\r\n".encode())
    chunk = b"a" * 65536
    for _ in range(AWS_BODY_LIMIT // len(chunk) + 2):
        conn.send(f"{len(chunk):x}\r\n".encode() + chunk + b"\r\n")
    conn.send(b"0\r\n\r\n")
    status, headers, answer = conn.read_response()
    assert status == 413
    assert_aws_413(headers, answer)
    assert conn.is_closed_by_peer()


def test_connect_is_answered_with_a_framed_response(conn):
    # A CONNECT's 404 once had neither Content-Length nor Connection: close on a connection kept
    # open, so a client could not tell where the answer ended.
    conn.sock.settimeout(5)
    conn.send(b"CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n")
    status, headers, _ = conn.read_response()
    assert status == 404
    assert "content-length" in headers or headers.get("connection") == "close", headers
    if headers.get("connection") == "close":
        assert conn.is_closed_by_peer()


def test_expect_100_continue_is_answered_before_the_body(conn, endpoint, admin):
    conn.sock.settimeout(5)
    data = signed_bytes(endpoint, admin, extra_headers={"Expect": "100-continue"})
    head, body = data.split(b"\r\n\r\n", 1)
    conn.send(head + b"\r\n\r\n")
    status, _, _ = conn.read_response()
    assert status == 100
    conn.send(body)
    status, _, answer = conn.read_response()
    assert status == 200, answer[:300]
    assert b"<GetCallerIdentityResult>" in answer


@pytest.mark.parametrize("request_line,length,expected", [
    ("POST /nowhere", 10, 404),
    ("DELETE /", 10, 405),
    ("POST /", AWS_BODY_LIMIT + 1, 413),
])
def test_expect_100_continue_gets_the_final_refusal_without_the_body(conn, endpoint, request_line, length, expected):
    # The client waits for 100 Continue before sending its body; a refusal must come at once.
    conn.sock.settimeout(5)
    host = urlparse(endpoint).netloc
    conn.send(f"{request_line} HTTP/1.1\r\nHost: {host}\r\nContent-Length: {length}\r\n"
              "Expect: 100-continue\r\n\r\n".encode())
    status, headers, body = conn.read_response()
    assert status == expected
    assert headers["connection"] == "close"
    if expected == 413:
        assert_aws_413(headers, body)
    assert conn.is_closed_by_peer()


@pytest.mark.parametrize("content_length,expected", [
    ("9999999999999999999", 413),  # all digits, beyond an Int: once read as "no length" and waited on
    ("99999999999999999999", 400),  # beyond 64 bits: NIO's parser calls it malformed
    ("-1", 400),
    ("abc", 400),
    ("5\r\nContent-Length: 6", 400),
])
def test_impossible_content_length_is_refused_at_the_head(conn, endpoint, content_length, expected):
    conn.sock.settimeout(5)
    host = urlparse(endpoint).netloc
    conn.send(f"POST / HTTP/1.1\r\nHost: {host}\r\nContent-Length: {content_length}\r\n\r\n".encode())
    status, headers, _ = conn.read_response()
    assert status == expected
    assert headers["connection"] == "close"
    assert conn.is_closed_by_peer()
