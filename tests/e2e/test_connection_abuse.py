"""Hostile connections: thousands of idle ones, slowloris heads sending a byte a second, bodies
that never finish. The server once kept each forever; 1,100 idle connections used up its 1,024
descriptors and it accepted nothing more. Now a connection cap sheds the excess at once (counted,
and logged in one warning a second at most), the idle and request timeouts close the rest, and
ordinary calls keep being answered meanwhile.

Each test starts its own server with a low cap, short timeouts and a low descriptor limit (the
attack must not need a million sockets), all on 127.0.0.1. Every loop is bounded in count and time.
"""

from __future__ import annotations

import os
import re
import selectors
import socket
import time
from contextlib import contextmanager

import boto3
import pytest
import requests

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_EMAIL, ROOT_PASSWORD, RampartServer,
    run_rampart,
)

MAX_CONNECTIONS = 100
IDLE_TIMEOUT = 2
REQUEST_TIMEOUT = 3
# Enough for the cap and the server's own files, far fewer than the attack's sockets.
DESCRIPTOR_LIMIT = 400


@contextmanager
def serve(tmp_path_factory, name, *, max_connections=MAX_CONNECTIONS, idle=IDLE_TIMEOUT, request=REQUEST_TIMEOUT,
          descriptors=DESCRIPTOR_LIMIT):
    base = tmp_path_factory.mktemp(name)
    run_rampart("init", "--data", base / "data", "--account-id", ACCOUNT_ID, "--root-email", ROOT_EMAIL,
                "--root-password", ROOT_PASSWORD, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET)
    server = RampartServer(base / "data", base / "server.log", allow_clock_control=False, descriptor_limit=descriptors,
                           extra_args=["--max-connections", str(max_connections), "--idle-timeout", str(idle),
                                       "--request-timeout", str(request)])
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Crowd:
    """Many client sockets, watched together for the server closing them."""

    def __init__(self, server: RampartServer):
        self.address = (server.host, server.port)
        self.open: dict[socket.socket, str] = {}
        self.closed: dict[socket.socket, float] = {}  # socket -> when the server closed it
        self.refused = 0  # connections that could not even be made (shed before connect returned)
        self.selector = selectors.DefaultSelector()

    def add(self, count: int, kind: str, first_bytes: bytes = b""):
        for _ in range(count):
            try:
                sock = socket.create_connection(self.address, timeout=5)
            except OSError:
                self.refused += 1
                continue
            if first_bytes:
                try:
                    sock.sendall(first_bytes)
                except OSError:
                    pass
            sock.setblocking(False)
            self.open[sock] = kind
            self.selector.register(sock, selectors.EVENT_READ)

    def watch(self, seconds: float):
        """Records every socket the server closes within `seconds`."""
        deadline = time.monotonic() + seconds
        while self.open and (left := deadline - time.monotonic()) > 0:
            for key, _ in self.selector.select(timeout=min(left, 0.2)):
                sock = key.fileobj
                try:
                    data = sock.recv(65536)
                except BlockingIOError:
                    continue
                except OSError:
                    data = b""  # a reset is a close too
                if not data:
                    self._closed(sock)

    def drip(self, kind: str, byte: bytes):
        """One byte on every still-open socket of `kind` (the slowloris step)."""
        for sock, k in list(self.open.items()):
            if k == kind:
                try:
                    sock.send(byte)
                except OSError:
                    self._closed(sock)

    def _closed(self, sock: socket.socket):
        self.selector.unregister(sock)
        del self.open[sock]
        self.closed[sock] = time.monotonic()
        sock.close()

    def still_open(self, kind: str | None = None) -> int:
        return sum(1 for k in self.open.values() if kind is None or k == kind)

    def close(self):
        for sock in list(self.open):
            self.selector.unregister(sock)
            sock.close()
        self.open.clear()
        self.selector.close()


@pytest.fixture
def crowd_of():
    crowds = []

    def make(server):
        crowds.append(Crowd(server))
        return crowds[-1]
    yield make
    for crowd in crowds:
        crowd.close()


def ordinary_calls(server: RampartServer, within: float) -> float:
    """GET /healthz and a signed GetCallerIdentity, retried on a shed connection until `within`
    seconds have passed; returns how long they took."""
    sts = boto3.Session(aws_access_key_id=ADMIN_KEY_ID, aws_secret_access_key=ADMIN_SECRET).client(
        "sts", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)
    start = time.monotonic()
    deadline = start + within
    healthy = identified = False
    last_error = None
    while time.monotonic() < deadline and not (healthy and identified):
        try:
            if not healthy:
                healthy = requests.get(server.endpoint + "/healthz", timeout=3).status_code == 200
            if not identified:
                identified = sts.get_caller_identity()["Account"] == ACCOUNT_ID
        except Exception as exc:  # a connection shed at the cap: try again, as clients do
            last_error = exc
            time.sleep(0.1)
    assert healthy and identified, f"ordinary calls not answered within {within}s: {last_error!r}"
    return time.monotonic() - start


SHED_WARNING = re.compile(r"shed=(\d+) shed-total=(\d+) .*connections shed at the connection cap")


def shed_warnings(server: RampartServer) -> list[tuple[int, int]]:
    """(shed since the last warning, shed in all) from each of the server's shed warnings so far,
    once the last one (a second after the last shed) has had time to be written."""
    time.sleep(1.5)
    return [(int(m[1]), int(m[2])) for m in SHED_WARNING.finditer(server.output())]


def cpu_seconds(server: RampartServer) -> float:
    fields = open(f"/proc/{server.proc.pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def test_idle_flood_is_capped_and_timed_out_while_ordinary_calls_are_answered(tmp_path_factory, crowd_of):
    with serve(tmp_path_factory, "abuse-idle") as server:
        crowd = crowd_of(server)
        start = time.monotonic()
        crowd.add(1500, "idle")
        crowd.watch(0.5)
        # The cap holds: everything beyond it was closed as soon as it was accepted.
        held = crowd.still_open()
        assert held <= MAX_CONNECTIONS, f"{held} idle connections held, cap {MAX_CONNECTIONS}"
        assert len(crowd.closed) + crowd.refused >= 1500 - MAX_CONNECTIONS

        # While the attacker still holds its sockets, ordinary calls are answered (once the
        # idle timeout frees places, at the latest).
        took = ordinary_calls(server, within=IDLE_TIMEOUT + 8)
        assert took < IDLE_TIMEOUT + 8

        # The idle ones the server admitted are closed by the server, after the idle timeout.
        crowd.watch(IDLE_TIMEOUT + 4)
        assert crowd.still_open() == 0, f"{crowd.still_open()} idle connections still open"
        elapsed = time.monotonic() - start
        assert elapsed < IDLE_TIMEOUT + 30

        # The shedding is logged a warning a second at most, never a line per connection.
        warnings = shed_warnings(server)
        assert 1 <= len(warnings) <= elapsed + 2, warnings
        assert sum(shed for shed, _ in warnings) == warnings[-1][1]


def test_connections_shed_at_the_cap_are_counted_in_a_warning_a_second(tmp_path_factory, crowd_of):
    # The idle timeout is long, so no place frees while the test runs: every connection beyond the
    # first five is shed, and the log's count must say exactly how many.
    with serve(tmp_path_factory, "abuse-shed-log", max_connections=5, idle=60) as server:
        crowd = crowd_of(server)
        crowd.add(5, "held")
        crowd.watch(0.3)
        assert crowd.still_open("held") == 5
        start = time.monotonic()
        crowd.add(300, "over")
        crowd.watch(3.0)
        took = time.monotonic() - start
        assert crowd.still_open("over") == 0
        assert crowd.still_open("held") == 5
        warnings = shed_warnings(server)
        assert sum(shed for shed, _ in warnings) == warnings[-1][1] == 300 - crowd.refused, warnings
        assert len(warnings) <= took + 2, warnings


def test_slowloris_heads_and_unfinished_bodies_are_cut_at_the_request_timeout(tmp_path_factory, crowd_of):
    with serve(tmp_path_factory, "abuse-slow") as server:
        crowd = crowd_of(server)
        host = f"Host: {server.host}:{server.port}\r\n"
        crowd.add(600, "head", f"POST / HTTP/1.1\r\n{host}X-Slow: ".encode())
        crowd.add(600, "body", f"POST / HTTP/1.1\r\n{host}Content-Length: 100000\r\n\r\nAction=".encode())
        crowd.watch(0.3)
        assert crowd.still_open() <= MAX_CONNECTIONS
        start = time.monotonic()
        answered = False
        # A byte a second on every slow head, for longer than the request timeout allows.
        for second in range(REQUEST_TIMEOUT + 6):
            crowd.drip("head", b"a")
            crowd.drip("body", b"a")
            if not answered:
                ordinary_calls(server, within=REQUEST_TIMEOUT + 6)
                answered = True
            crowd.watch(1.0)
            if not crowd.open:
                break
        assert answered
        assert crowd.still_open("head") == 0, "slowloris heads outlived the request timeout"
        assert crowd.still_open("body") == 0, "unfinished bodies outlived the request timeout"
        assert time.monotonic() - start < REQUEST_TIMEOUT + 12


def test_a_cap_above_the_descriptor_limit_is_lowered_so_the_server_never_spins(tmp_path_factory, crowd_of):
    # Out of descriptors, accept() fails with EMFILE while connections wait in the backlog, and
    # NIO retries at once: 400 idle connections against 128 descriptors once kept a core busy
    # (accept4 failing 15,000 times a second). The cap is lowered to fit the limit instead.
    with serve(tmp_path_factory, "abuse-emfile", max_connections=1000, idle=4, descriptors=128) as server:
        crowd = crowd_of(server)
        before, start = cpu_seconds(server), time.monotonic()
        crowd.add(400, "idle")
        crowd.watch(2.0)
        spent, elapsed = cpu_seconds(server) - before, time.monotonic() - start
        assert spent < 0.25 * elapsed, f"the server used {spent:.1f} CPU seconds in {elapsed:.1f} s"
        assert crowd.still_open() <= 128 - 64
        assert "lowered to 64" in server.output()
        ordinary_calls(server, within=4 + 10)
        assert server.proc.poll() is None
