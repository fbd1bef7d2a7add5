"""Health: `/healthz` says the process answers, `/readyz` that the store answers and its schema is the
one this build writes (503 otherwise, and 200 again once it is back); on SIGTERM the server stops
accepting, finishes the request in flight, and exits."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import time

import pytest
import requests

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, RampartServer, build_signed_request, run_rampart,
)


@pytest.fixture
def server(tmp_path):
    run_rampart("init", "--data", tmp_path / "data", "--account-id", ACCOUNT_ID, "--admin-access-key-id",
                ADMIN_KEY_ID, "--admin-secret-access-key", ADMIN_SECRET)
    started = RampartServer(tmp_path / "data", tmp_path / "server.log", allow_clock_control=False).start()
    yield started
    started.stop()


def test_healthz_and_readyz(endpoint):
    for path, body in (("/healthz", "ok\n"), ("/readyz", "ready\n")):
        response = requests.get(endpoint + path, timeout=10)
        assert (response.status_code, response.text) == (200, body), path
        assert requests.head(endpoint + path, timeout=10).status_code == 200
        assert requests.post(endpoint + path, timeout=10).status_code == 405


def test_not_ready_while_the_database_is_gone(server):
    database = server.data_dir / "rampart.db"
    moved = server.data_dir / "rampart.db.moved"
    os.rename(database, moved)
    try:
        response = requests.get(server.endpoint + "/readyz", timeout=10)
        assert response.status_code == 503
        assert str(server.data_dir) not in response.text    # the detail is for the log
        assert requests.get(server.endpoint + "/healthz", timeout=10).status_code == 200   # alive all the same
    finally:
        os.rename(moved, database)
    assert requests.get(server.endpoint + "/readyz", timeout=10).status_code == 200
    assert "not ready" in server.output()


def test_not_ready_when_the_schema_is_not_this_builds(server):
    database = sqlite3.connect(server.data_dir / "rampart.db", timeout=10)
    try:
        database.execute("INSERT INTO schema_version(version) VALUES (9999)")
        database.commit()
        assert requests.get(server.endpoint + "/readyz", timeout=10).status_code == 503
        database.execute("DELETE FROM schema_version WHERE version = 9999")
        database.commit()
    finally:
        database.close()
    assert requests.get(server.endpoint + "/readyz", timeout=10).status_code == 200


def _read_response(sock: socket.socket, timeout: float) -> bytes:
    sock.settimeout(timeout)
    data = b""
    while True:
        chunk = sock.recv(65536)
        if not chunk:
            return data
        data += chunk
        head, _, body = data.partition(b"\r\n\r\n")
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"content-length:") and len(body) >= int(line.split(b":")[1]):
                return data


def test_sigterm_finishes_the_request_in_flight(server):
    url, headers, body = build_signed_request(
        server.endpoint, {"Action": "GetCallerIdentity", "Version": "2011-06-15"}, service="sts",
        creds=(ADMIN_KEY_ID, ADMIN_SECRET))
    headers["Content-Length"] = str(len(body))
    headers.setdefault("Host", f"{server.host}:{server.port}")   # signed; requests would add it
    head = "POST / HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    sock = socket.create_connection((server.host, server.port), timeout=10)
    try:
        # Half the request, then SIGTERM while the server waits for the rest.
        sock.sendall(head.encode() + body[: len(body) // 2])
        time.sleep(0.5)
        server.proc.send_signal(signal.SIGTERM)
        time.sleep(1.5)
        assert server.proc.poll() is None, "the server exited with a request in flight"
        with pytest.raises(OSError):     # no new connections once shutting down
            socket.create_connection((server.host, server.port), timeout=2).close()
        sock.sendall(body[len(body) // 2:])
        answer = _read_response(sock, timeout=15)
    finally:
        sock.close()
    assert answer.startswith(b"HTTP/1.1 200"), answer[:300]
    assert b"GetCallerIdentityResult" in answer and b"arn:aws:iam::123456789012:user/admin" in answer
    assert server.proc.wait(timeout=20) == 0
