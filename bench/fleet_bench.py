#!/usr/bin/env python3
"""What a fleet costs and gives: GetCallerIdentity, GetUser and CreateUser+DeleteUser through HAProxy on
one and on three PostgreSQL-backed instances, against one instance on the embedded SQLite store, in the
same run; and how soon a write made on one instance is seen on another.

One binary, three setups, each `rampart init` with bench.py's account and 100 seeded users:

- sqlite: one `rampart serve` on its data folder, reached directly (what a single machine runs);
- pg1: one instance on a PostgreSQL database, behind HAProxy (deploy/haproxy/rampart.cfg);
- pg3: three instances on another database of the same cluster, behind HAProxy (round robin).

PostgreSQL is a throwaway cluster of scripts/test-postgres on loopback (fsync off: the database's disk is
not measured), so database and instances share the machine's cores: the figures say what the fleet's protocol costs (a write's advisory lock, change-log
rows, NOTIFY and the wait for every instance's acknowledgement), not what more machines would add. wrk
replays pre-signed requests against each setup in turns (sqlite, pg1, pg3, sqlite, …), one wrk thread;
server CPU is summed over the setup's Rampart processes (HAProxy and PostgreSQL not counted).

Visibility: on pg3, CreateUser on one instance and GetUser polled on another, directly (no balancer);
the time from the create's answer to the first poll that finds the user, and the create's own latency.

    .venv/bin/python bench/fleet_bench.py [--rampart-bin .build/release/rampart] [--connections 8,32]
                                          [--repeats 3] [--duration 8] [--write-requests 4800]

Writes bench/results/fleet-latest.json.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import boto3
import requests
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (servers, signing, wrk and the environment record shared with bench.py)

RESULTS_FILE = bench.BENCH_DIR / "results" / "fleet-latest.json"
CASES = [bench.CASES[0], bench.CASES[1], next(case for case in bench.CASES if case.delete_after_create)]
HAPROXY_CONFIG = bench.REPO_ROOT / "deploy" / "haproxy" / "rampart.cfg"
CLUSTER = bench.REPO_ROOT / "scripts" / "test-postgres"


@dataclass
class Setup:
    """Instances (bench.Server each) and, for a fleet, the HAProxy in front; looks like one server to bench."""

    name: str
    instances: list[bench.Server]
    balancer: subprocess.Popen | None = None
    balancer_port: int = 0

    @property
    def port(self) -> int:
        return self.balancer_port or self.instances[0].port

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def cpu_seconds(self) -> float:
        return sum(instance.cpu_seconds() for instance in self.instances)

    def stop(self) -> None:
        if self.balancer and self.balancer.poll() is None:
            self.balancer.terminate()
            self.balancer.wait(timeout=10)
        for instance in self.instances:
            instance.stop()


def init(binary: Path, data: Path, database: str | None) -> None:
    extra = ["--database", database] if database else []
    subprocess.run(
        [str(binary), "init", "--data", str(data), *extra, "--account-id", bench.ACCOUNT_ID,
         "--root-password", bench.ROOT_PASSWORD, "--admin-access-key-id", bench.ACCESS_KEY_ID,
         "--admin-secret-access-key", bench.SECRET_ACCESS_KEY],
        check=True, stdout=subprocess.DEVNULL)


def start_fleet(binary: Path, workdir: Path, name: str, database: str, count: int) -> Setup:
    first = workdir / f"{name}-1"
    init(binary, first, database)
    shared = ("--database", database, "--master-key-file", str(first / "master.key"),
              "--audit-signing-key-file", str(first / "audit-signing.key"), "--trusted-proxy", "127.0.0.1")
    instances = []
    for index in range(1, count + 1):
        instance = bench.serve_rampart(binary, workdir / f"{name}-{index}", workdir / f"{name}-{index}.log", shared)
        instance.name = f"{name}-{index}"
        instances.append(instance)
    port = bench.free_port()
    env = dict(os.environ, RAMPART_LISTEN=f"127.0.0.1:{port}")
    for index in range(1, 4):  # the file names three; a smaller fleet repeats its first
        env[f"RAMPART_INSTANCE_{index}"] = f"127.0.0.1:{instances[(index - 1) % count].port}"
    log = (workdir / f"{name}-haproxy.log").open("wb")
    balancer = subprocess.Popen([shutil.which("haproxy") or "/usr/sbin/haproxy", "-db", "-f", str(HAPROXY_CONFIG)],
                                env=env, stdout=log, stderr=subprocess.STDOUT)
    setup = Setup(name, instances, balancer, port)
    deadline = time.monotonic() + 30
    while True:
        try:
            if requests.get(setup.endpoint + "/readyz", timeout=2).status_code == 200:
                break
        except requests.RequestException:
            pass
        if time.monotonic() > deadline:
            raise SystemExit(f"HAProxy for {name} did not answer; see {workdir}")
        time.sleep(0.2)
    return setup


def psql(url: str, sql: str) -> None:
    subprocess.run([shutil.which("psql") or "/usr/bin/psql", "-X", "-q", "-d", url, "-c", sql], check=True,
                   stdout=subprocess.DEVNULL)


def database_url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + f"/{name}?sslmode=disable"


def visibility(setup: Setup, writes: int = 200) -> dict:
    """CreateUser on instance 1, GetUser polled on instance 2 until found; milliseconds."""
    def client(server: bench.Server):
        return boto3.client("iam", endpoint_url=server.endpoint, region_name=bench.REGION,
                            aws_access_key_id=bench.ACCESS_KEY_ID, aws_secret_access_key=bench.SECRET_ACCESS_KEY,
                            config=Config(retries={"max_attempts": 1}))

    writer, reader = client(setup.instances[0]), client(setup.instances[1])
    seen, created = [], []
    for index in range(writes):
        name = f"visible-{index:04d}"
        started = time.perf_counter()
        writer.create_user(UserName=name)
        answered = time.perf_counter()
        while True:
            try:
                reader.get_user(UserName=name)
                break
            except reader.exceptions.NoSuchEntityException:
                continue
        seen.append((time.perf_counter() - answered) * 1000)
        created.append((answered - started) * 1000)
        writer.delete_user(UserName=name)

    def quantiles(values: list[float]) -> dict:
        values = sorted(values)
        return {"p50": statistics.median(values), "p99": values[max(0, int(len(values) * 0.99) - 1)]}

    return {"after_acknowledgement_ms": quantiles(seen), "create_ms": quantiles(created), "writes": writes}


def main() -> None:
    parser = bench.comparison_arguments(__doc__, duration=8)
    args = parser.parse_args()
    bench.ensure_rampart_binary(args.rampart_bin)
    connections = [int(c) for c in args.connections.split(",")]
    runs: list[bench.Run] = []
    with tempfile.TemporaryDirectory(prefix="rampart-fleet-bench-") as temp:
        workdir = Path(temp)
        cluster = Path(tempfile.mkdtemp(prefix="rampart-fleet-bench-postgres-", dir="/tmp"))
        cluster.chmod(0o755)  # PostgreSQL runs as its own user (scripts/test-postgres)
        admin_url = subprocess.run([str(CLUSTER), "start", str(cluster), str(bench.free_port())],
                                   check=True, capture_output=True, text=True).stdout.strip()
        setups: dict[str, Setup] = {}
        try:
            (workdir / "sqlite").mkdir()
            single = bench.start_rampart(args.rampart_bin, workdir / "sqlite")
            single.name = "sqlite"
            setups["sqlite"] = Setup("sqlite", [single])
            for name, count in (("pg1", 1), ("pg3", 3)):
                psql(admin_url, f"CREATE DATABASE {name}")
                setups[name] = start_fleet(args.rampart_bin, workdir, name, database_url(admin_url, name), count)
            for setup in setups.values():
                bench.seed_users(setup)
            for case in CASES:
                for conns in connections:
                    for repeat in range(args.repeats):
                        for name, setup in setups.items():
                            sub = workdir / f"{case.name}-{conns}-{repeat}-{name}".replace("+", "-")
                            sub.mkdir()
                            run = bench.bench_and_show(case, setup, conns, args, sub)
                            cpu = run.server_cpu_s / run.requests * 1e6 if run.requests else 0.0
                            print(f"    server CPU {cpu:.1f} µs/request", flush=True)
                            runs.append(run)
            seen = visibility(setups["pg3"])
            print(f"visibility on another instance after the create's answer: {seen}", flush=True)
        finally:
            for setup in setups.values():
                setup.stop()
            subprocess.run([str(CLUSTER), "stop", str(cluster)], capture_output=True)
            shutil.rmtree(cluster, ignore_errors=True)
    summary = summarize(runs, connections)
    summary.append({"visibility": seen})
    bench.write_comparison(RESULTS_FILE, args.rampart_bin, summary, runs)
    if any(run.problems for run in runs):
        raise SystemExit("some runs were invalid (see above)")


def summarize(runs: list[bench.Run], connections: list[int]) -> list[dict]:
    print("\n| case | conns | sqlite req/s | pg1 req/s | pg3 req/s | pg1/sqlite | pg3/sqlite | pg3/pg1 |"
          " p99 ms sqlite / pg1 / pg3 |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    rows = []
    for case in CASES:
        for conns in connections:
            def median(setup: str, key: str) -> float:
                return statistics.median(getattr(run, key) for run in runs
                                         if run.case == case.name and run.connections == conns and run.server == setup)
            rate = {name: median(name, "requests_per_s") for name in ("sqlite", "pg1", "pg3")}
            p99 = {name: median(name, "p99_ms") for name in ("sqlite", "pg1", "pg3")}
            row = {"case": case.name, "connections": conns, "requests_per_s": rate, "p99_ms": p99}
            rows.append(row)
            print(f"| {case.name} | {conns} | {rate['sqlite']:,.0f} | {rate['pg1']:,.0f} | {rate['pg3']:,.0f} | "
                  f"{rate['pg1'] / rate['sqlite']:.2f} | {rate['pg3'] / rate['sqlite']:.2f} | "
                  f"{rate['pg3'] / rate['pg1']:.2f} | {p99['sqlite']:.1f} / {p99['pg1']:.1f} / {p99['pg3']:.1f} |")
    return rows


if __name__ == "__main__":
    main()
