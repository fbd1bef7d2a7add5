"""Several `rampart serve` instances on one PostgreSQL database behind HAProxy, as deploy/ describes.

`scripts/test` starts one PostgreSQL cluster for the run and passes its administrator URL in
RAMPART_TEST_POSTGRES_URL; each pytest worker then makes a database of its own here. With
RAMPART_TEST_FLEET set, the session server of conftest.py is such a fleet, and the suite's fleet
modules (see FLEET_MODULES in conftest.py) run against it through HAProxy.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import requests

import pytest

from e2e_helpers import REPO_ROOT, RampartServer, free_port, run_rampart, unique

HAPROXY_CONFIG = REPO_ROOT / "deploy" / "haproxy" / "rampart.cfg"


def postgres_admin_url() -> str | None:
    return os.environ.get("RAMPART_TEST_POSTGRES_URL") or None


def database_url(admin_url: str, name: str) -> str:
    """The URL of database `name` on the same server as `admin_url`."""
    parts = urlsplit(admin_url)
    query = parts.query or "sslmode=disable"
    return urlunsplit((parts.scheme, parts.netloc, "/" + name, query, ""))


def psql(url: str, sql: str) -> str:
    """Runs `sql` with psql (PostgreSQL's client, installed with the server); returns its output."""
    psql = shutil.which("psql") or "/usr/bin/psql"
    result = subprocess.run([psql, "-X", "-qtA", "-v", "ON_ERROR_STOP=1", "-d", url, "-c", sql],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, f"psql failed: {result.stderr}"
    return result.stdout.strip()


def fresh_database(admin_url: str, name: str) -> str:
    """Drops and creates database `name`; returns its URL."""
    psql(admin_url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    psql(admin_url, f'CREATE DATABASE "{name}"')
    return database_url(admin_url, name)


class HAProxy:
    """HAProxy running deploy/haproxy/rampart.cfg with the instances' addresses in its environment."""

    def __init__(self, instances: list[RampartServer], log_path: Path, port: int | None = None):
        self.instances = instances
        self.port = port or free_port()
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def start(self, timeout=30.0) -> "HAProxy":
        binary = shutil.which("haproxy") or "/usr/sbin/haproxy"
        env = dict(os.environ, RAMPART_LISTEN=f"127.0.0.1:{self.port}")
        for index, instance in enumerate(self.instances, start=1):
            env[f"RAMPART_INSTANCE_{index}"] = f"{instance.host}:{instance.port}"
        for index in range(len(self.instances) + 1, 4):  # the file names three; fewer share the first
            env[f"RAMPART_INSTANCE_{index}"] = f"{self.instances[0].host}:{self.instances[0].port}"
        self._log = open(self.log_path, "ab")
        self.proc = subprocess.Popen([binary, "-db", "-f", str(HAPROXY_CONFIG)], env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"haproxy exited with {self.proc.returncode}: {self.log_path.read_text()[-2000:]}")
            try:
                if requests.get(f"http://127.0.0.1:{self.port}/healthz", timeout=2).status_code == 200:
                    return self
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise RuntimeError("haproxy did not answer /healthz")

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
        if getattr(self, "_log", None):
            self._log.close()


class RampartFleet:
    """`count` instances on database `url` behind HAProxy. The first instance's data folder holds
    the master key and the trail's signing key that the others are started with. Looks like a
    RampartServer to the suite: `endpoint` is HAProxy's, `clock_endpoints` every instance's."""

    def __init__(self, base: Path, url: str, count: int = 3, extra_args=(), init_args=()):
        self.base = Path(base)
        self.url = url
        self.data_dir = self.base / "data1"
        self.log_path = self.base / "fleet.log"
        self.init_args = list(init_args)
        shared = ["--master-key-file", str(self.data_dir / "master.key"),
                  "--audit-signing-key-file", str(self.data_dir / "audit-signing.key")]
        balancer_port = free_port()
        # Browsers reach the console through HAProxy: every instance expects that origin (WebAuthn's
        # clientDataJSON, the CSRF check), whichever of them answers.
        origin = ["--console-origin", f"http://localhost:{balancer_port}"]
        self.instances = [
            RampartServer(self.base / f"data{index}", self.base / f"server{index}.log",
                          extra_args=["--database", url, "--trusted-proxy", "127.0.0.1", *origin, *shared,
                                      *extra_args])
            for index in range(1, count + 1)
        ]
        self.haproxy = HAProxy(self.instances, self.base / "haproxy.log", port=balancer_port)
        self.host = "127.0.0.1"

    @property
    def port(self) -> int:
        return self.haproxy.port

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.haproxy.port}"

    @property
    def clock_endpoints(self) -> list[str]:
        return [instance.endpoint for instance in self.instances]

    def output(self) -> str:
        return "\n".join(f"--- instance {index}\n{instance.output()}"
                         for index, instance in enumerate(self.instances, start=1))

    def start(self) -> "RampartFleet":
        run_rampart("init", "--data", self.data_dir, "--database", self.url, *self.init_args)
        for instance in self.instances:
            instance.start()
        self.haproxy.start()
        return self

    def stop(self) -> None:
        self.haproxy.stop()
        for instance in self.instances:
            instance.stop()


def own_fleet(base: Path, prefix: str, count: int = 3, extra_args=(), init_args=()) -> RampartFleet:
    """A started fleet of a test's own, on a fresh database named `prefix_…`; skips the test when the
    run has no PostgreSQL (scripts/test starts one) or no HAProxy."""
    admin_url = postgres_admin_url()
    if not admin_url:
        pytest.skip("needs RAMPART_TEST_POSTGRES_URL (scripts/test sets it)")
    if not (shutil.which("haproxy") or os.path.exists("/usr/sbin/haproxy")):
        pytest.skip("needs HAProxy (scripts/test installs it)")
    url = fresh_database(admin_url, f"{prefix}_{unique('db').replace('-', '_')}")
    return RampartFleet(base, url, count=count, extra_args=list(extra_args), init_args=list(init_args)).start()
