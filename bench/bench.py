#!/usr/bin/env python3
"""HTTP benchmark: Rampart against moto_server on the same IAM/STS Query requests.

Run from the repository root:  .venv/bin/python bench/bench.py
See bench/README.md for what is measured and the caveats.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Callable, Iterator
from urllib.parse import urlencode

import boto3
import botocore
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

REPO_ROOT = Path(__file__).resolve().parent.parent
BENCH_DIR = REPO_ROOT / "bench"
REPLAY_SCRIPT = Path(os.environ.get("REPLAY_SCRIPT", str(Path(__file__).resolve().parent / "replay.lua")))
RESULTS_FILE = BENCH_DIR / "results" / "latest.json"

ACCOUNT_ID = "123456789012"
ROOT_PASSWORD = "Root-Passw0rd!x"
ACCESS_KEY_ID = "AKIAEXAMPLEADMIN0001"
SECRET_ACCESS_KEY = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
REGION = "us-east-1"
CONTENT_TYPE = "application/x-www-form-urlencoded; charset=utf-8"
API_VERSION = {"iam": "2010-05-08", "sts": "2011-06-15"}

SEED_USERS = 100
GET_USER_NAME = "bench-user-001"
# Rampart enforces IAM's UsersPerAccount quota (5000), so one account takes at most
# 5000 - 100 seeded - admin - the probe = 4898 more users. Each write run therefore gets fresh
# servers and sends a fixed number of CreateUsers, stopping early when they are used up.
USERS_PER_ACCOUNT = 5000
MAX_WRITE_REQUESTS = USERS_PER_ACCOUNT - SEED_USERS - 2
DEFAULT_WRITE_REQUESTS = 4800


# ---------------------------------------------------------------------------
# Benchmark cases
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class Case:
    name: str
    service: str
    action: str
    params: tuple[tuple[str, str], ...] = ()
    # Write cases create one user per request, so each request needs its own user name.
    unique_user_names: bool = False
    # CreateUser+DeleteUser: every user created is deleted again by the same wrk thread, later.
    delete_after_create: bool = False


CASES = [
    Case("GetCallerIdentity", "sts", "GetCallerIdentity"),
    Case("GetUser", "iam", "GetUser", (("UserName", GET_USER_NAME),)),
    Case("ListUsers", "iam", "ListUsers", (("MaxItems", "100"),)),
    # Runs on fresh servers of its own (see MAX_WRITE_REQUESTS), so it never alters what the
    # read cases see.
    Case("CreateUser", "iam", "CreateUser", unique_user_names=True),
    Case("CreateUser+DeleteUser", "iam", "CreateUser", unique_user_names=True, delete_after_create=True),
]
DELETE_USER = Case("DeleteUser", "iam", "DeleteUser")


def form_body(case: Case, user_name: str | None = None) -> str:
    """The form body botocore's query serializer produces: Action, Version, then parameters."""
    fields = [("Action", case.action), ("Version", API_VERSION[case.service]), *case.params]
    if user_name is not None:
        fields.append(("UserName", user_name))
    return urlencode(fields)


# ---------------------------------------------------------------------------
# Signing
# ---------------------------------------------------------------------------
CREDENTIALS = Credentials(ACCESS_KEY_ID, SECRET_ACCESS_KEY)


def sign(endpoint: str, service: str, body: str, credentials: Credentials = CREDENTIALS,
         headers: dict[str, str] | None = None) -> dict[str, str]:
    """Headers of a SigV4-signed POST of `body` to `endpoint` (signed for its host:port), by default
    a Query form body with the admin key; `headers` replace or add to the Content-Type."""
    request = AWSRequest(method="POST", url=endpoint + "/", data=body,
                         headers={"Content-Type": CONTENT_TYPE, **(headers or {})})
    SigV4Auth(credentials, service, REGION).add_auth(request)
    # SigV4Auth signs the Host it derives from the URL but leaves it out of the headers;
    # the raw request must carry the same value.
    headers = {"Host": endpoint.split("://", 1)[1]}
    headers.update(request.headers.items())
    return headers


def raw_request(headers: dict[str, str], body: str) -> bytes:
    """A complete HTTP/1.1 request as wrk writes it to the socket."""
    encoded = body.encode()
    lines = ["POST / HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()), f"Content-Length: {len(encoded)}"]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + encoded


def write_records(path: Path, raws: list[bytes]) -> None:
    """Length-prefixed records, the format replay.lua reads."""
    with path.open("wb") as out:
        for raw in raws:
            out.write(b"%d\n" % len(raw))
            out.write(raw)


def check_once(endpoint: str, headers: dict[str, str], body: str, what: str) -> str:
    """Send one signed request with `requests`; a benchmark of failing requests is worthless."""
    response = requests.post(endpoint + "/", data=body.encode(), headers=headers, timeout=10)
    if response.status_code != 200:
        raise SystemExit(f"{what}: expected HTTP 200, got {response.status_code}:\n{response.text[:2000]}")
    return response.text


# ---------------------------------------------------------------------------
# Servers
# ---------------------------------------------------------------------------
@dataclass
class Server:
    name: str
    port: int
    process: subprocess.Popen
    log_path: Path

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def memory_kib(self) -> dict[str, int]:
        """VmHWM (peak RSS) and VmRSS of the server process, from /proc."""
        values = {}
        for line in Path(f"/proc/{self.process.pid}/status").read_text().splitlines():
            key, _, rest = line.partition(":")
            if key in ("VmHWM", "VmRSS"):
                values[key] = int(rest.split()[0])
        return values

    def cpu_seconds(self) -> float:
        """User and system CPU time the server process has used, from /proc (a shared machine's other
        work slows a server's answers, but hardly changes the CPU time each answer takes)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_answering(server: Server, path: str, timeout: float = 60.0) -> None:
    """Poll until the server answers HTTP at all (any status), failing fast if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise SystemExit(f"{server.name} exited with {server.process.returncode}; see {server.log_path}")
        with contextlib.suppress(requests.RequestException):
            requests.get(server.endpoint + path, timeout=2)
            return
        time.sleep(0.2)
    raise SystemExit(f"{server.name} did not answer within {timeout:.0f}s; see {server.log_path}")


def comparison_arguments(description: str, duration: int) -> argparse.ArgumentParser:
    """The options of the benchmarks that run one release binary in several configurations, in turns."""
    parser = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rampart-bin", type=Path, default=REPO_ROOT / ".build/release/rampart")
    parser.add_argument("--connections", default="8,32")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--duration", type=int, default=duration, help="seconds per wrk run")
    parser.add_argument("--wrk-threads", type=int, default=1)
    parser.add_argument("--write-requests", type=int, default=DEFAULT_WRITE_REQUESTS)
    return parser


def write_comparison(path: Path, binary: Path, summary: list[dict], runs: list["Run"]) -> None:
    """The environment, the summary rows and every run, as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({
        "environment": environment(binary), "summary": summary, "runs": [asdict(run) for run in runs]}, indent=2) + "\n")
    print(f"\nwrote {path}")


def ensure_rampart_binary(binary: Path) -> None:
    if binary.exists():
        return
    print(f"{binary} is missing; building it (swift build -c release --product rampart)", flush=True)
    subprocess.run(["swift", "build", "-c", "release", "--product", "rampart"], cwd=REPO_ROOT, check=True)
    if not binary.exists():
        raise SystemExit(f"the build finished but {binary} does not exist")


def start_rampart(binary: Path, workdir: Path, serve_args: tuple[str, ...] = ()) -> Server:
    """A new data folder (`workdir/rampart-data`) with the fixed account and admin key, served."""
    data = workdir / "rampart-data"
    subprocess.run(
        [
            str(binary), "init", "--data", str(data),
            "--account-id", ACCOUNT_ID,
            "--root-password", ROOT_PASSWORD,
            "--admin-access-key-id", ACCESS_KEY_ID,
            "--admin-secret-access-key", SECRET_ACCESS_KEY,
        ],
        check=True, stdout=subprocess.DEVNULL,
    )
    return serve_rampart(binary, data, workdir / "rampart.log", serve_args)


def serve_rampart(binary: Path, data: Path, log_path: Path, serve_args: tuple[str, ...] = ()) -> Server:
    """`rampart serve` (with `serve_args`) on a free port over an existing data folder, once it answers."""
    port = free_port()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [str(binary), "serve", "--data", str(data), "--port", str(port), *serve_args],
            stdout=log, stderr=subprocess.STDOUT,
        )
    server = Server("rampart", port, process, log_path)
    wait_until_answering(server, "/healthz")
    return server


def restart_rampart(binary: Path, workdir: Path, server: Server) -> Server:
    """Stop `server` and serve its data folder again: a restart skips the first start's scrypt."""
    server.stop()
    return serve_rampart(binary, workdir / "rampart-data", workdir / "rampart-restarted.log")


def idle_memory(binary: Path, workdir: Path) -> dict[str, dict[str, int]]:
    """VmRSS of each server idling with the 100 seeded users: Rampart restarted on its data
    (the first start's password hashing would otherwise count), moto as seeded (it keeps
    nothing across restarts)."""
    workdir.mkdir(parents=True)
    servers = [start_rampart(binary, workdir), start_moto(workdir)]
    try:
        for server in servers:
            seed_users(server)
        servers[0] = restart_rampart(binary, workdir, servers[0])
        time.sleep(2)
        return {s.name: s.memory_kib() for s in servers}
    finally:
        for server in servers:
            server.stop()


def start_moto(workdir: Path) -> Server:
    port = free_port()
    log_path = workdir / "moto.log"
    # `python -m moto.server` (not the moto_server wrapper) so the PID we hold is the Python
    # process that serves, which is the one whose RSS we report.
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
            stdout=log, stderr=subprocess.STDOUT,
        )
    server = Server("moto", port, process, log_path)
    wait_until_answering(server, "/moto-api/")
    return server


@contextlib.contextmanager
def server_pair(binary: Path, workdir: Path) -> Iterator[list[Server]]:
    """Fresh Rampart and moto, each seeded with the same 100 users; both stopped on exit."""
    workdir.mkdir(parents=True)
    servers: list[Server] = []
    try:
        servers.append(start_rampart(binary, workdir))
        servers.append(start_moto(workdir))
        for server in servers:
            seed_users(server)
        yield servers
    finally:
        for server in servers:
            server.stop()


def seed_users(server: Server) -> None:
    """Create bench-user-000..099 with boto3 and check ListUsers MaxItems=100 returns 100."""
    iam = boto3.client(
        "iam", endpoint_url=server.endpoint, region_name=REGION,
        aws_access_key_id=ACCESS_KEY_ID, aws_secret_access_key=SECRET_ACCESS_KEY,
        config=Config(retries={"max_attempts": 1}),
    )
    for i in range(SEED_USERS):
        iam.create_user(UserName=f"bench-user-{i:03d}")
    listed = iam.list_users(MaxItems=100)["Users"]
    if len(listed) != 100:
        raise SystemExit(f"{server.name}: ListUsers MaxItems=100 returned {len(listed)} users, expected 100")


# ---------------------------------------------------------------------------
# wrk
# ---------------------------------------------------------------------------
@dataclass
class Run:
    case: str
    server: str
    connections: int
    threads: int
    duration_s: int
    requests: int = 0
    # Read runs: wrk's Requests/sec. Write runs: requests / sending_s, because a write run may
    # use up its pre-signed requests before -d ends and wrk would divide by the whole -d.
    requests_per_s: float = 0.0
    wrk_requests_per_s: float = 0.0
    sending_s: float = 0.0
    threads_out_of_requests: int = 0
    p50_ms: float = 0.0
    p99_ms: float = 0.0
    non_2xx: int = 0
    socket_errors: dict[str, int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    # The server's CPU time (user + system) while wrk ran.
    server_cpu_s: float = 0.0
    # Per request, when the benchmark splits it (trail_bench.py): CPU µs of the request threads (NIO's
    # event loops) and of the server's other threads.
    request_threads_us: float = 0.0
    other_threads_us: float = 0.0


_UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0, "h": 3_600_000.0}


def _to_ms(text: str) -> float:
    value, unit = re.fullmatch(r"([\d.]+)([a-z]+)", text).groups()
    return float(value) * _UNIT_MS[unit]


def parse_wrk(output: str, run: Run) -> None:
    """Fill `run` from wrk's --latency output; anything missing is a problem, not a zero."""
    if m := re.search(r"^Requests/sec:\s+([\d.]+)", output, re.M):
        run.wrk_requests_per_s = float(m.group(1))
    else:
        run.problems.append("no Requests/sec line in wrk output")
    if m := re.search(r"^\s*(\d+) requests in", output, re.M):
        run.requests = int(m.group(1))
    for pct, attr in (("50", "p50_ms"), ("99", "p99_ms")):
        if m := re.search(rf"^\s+{pct}%\s+(\S+)", output, re.M):
            setattr(run, attr, _to_ms(m.group(1)))
        else:
            run.problems.append(f"no {pct}% latency line in wrk output")
    if m := re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output):
        run.non_2xx = int(m.group(1))
    if m := re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output):
        run.socket_errors = dict(zip(("connect", "read", "write", "timeout"), map(int, m.groups())))
    elapsed = re.search(r"^replay-elapsed: ([\d.]+)", output, re.M)
    exhausted = re.search(r"^replay-threads-exhausted: (\d+)/", output, re.M)
    if elapsed and exhausted:
        run.sending_s = float(elapsed.group(1))
        run.threads_out_of_requests = int(exhausted.group(1))
    else:
        run.problems.append("replay.lua did not report (script error?)")


def run_wrk(server: Server, data_file: Path, run: Run, mode: str) -> str:
    command = [
        "wrk", "-t", str(run.threads), "-c", str(run.connections), "-d", f"{run.duration_s}s",
        "--latency", "--timeout", "10s", "-s", str(REPLAY_SCRIPT),
        server.endpoint + "/", "--", str(data_file), str(run.threads), mode,
    ]
    result = subprocess.run(command, capture_output=True, text=True)
    output = result.stdout + result.stderr
    if result.returncode != 0:
        run.problems.append(f"wrk exited with {result.returncode}")
    parse_wrk(output, run)
    return output


def judge(run: Run) -> None:
    """Record why a run's numbers cannot be trusted (they are reported, never averaged away)."""
    if run.non_2xx:
        run.problems.append(f"{run.non_2xx} non-2xx responses")
    if errors := {k: v for k, v in run.socket_errors.items() if v}:
        run.problems.append(f"socket errors {errors}")


# ---------------------------------------------------------------------------
# One case against one server
# ---------------------------------------------------------------------------
def prepare_requests(case: Case, server: Server, label: str, count: int, workdir: Path) -> Path:
    """Sign the case's request(s) for this server, check one returns 200, write the data file."""
    data_file = workdir / f"{label}.records"
    if not case.unique_user_names:
        body = form_body(case)
        headers = sign(server.endpoint, case.service, body)
        check_once(server.endpoint, headers, body, f"{server.name} {case.name}")
        write_records(data_file, [raw_request(headers, body)])
        return data_file
    # The probe uses its own name, so the replayed requests all still create new users.
    probe = form_body(case, f"{label}-probe")
    check_once(server.endpoint, sign(server.endpoint, case.service, probe), probe, f"{server.name} {case.name}")
    if case.delete_after_create:
        delete_probe = form_body(DELETE_USER, f"{label}-probe")
        check_once(server.endpoint, sign(server.endpoint, "iam", delete_probe), delete_probe,
                   f"{server.name} DeleteUser")
    raws = []
    if case.delete_after_create:
        # wrk can lose a thread's very first request (seen once per run: a create that never reached
        # the server, so its delete answered 404); two harmless reads per thread absorb that.
        warm = form_body(CASES[1])
        raws += [raw_request(sign(server.endpoint, "iam", warm), warm)] * 4
    pairs = count // 4 * 2 if case.delete_after_create else count  # an even number of creates
    for i in range(pairs):
        body = form_body(case, f"{label}-{i:06d}")
        raws.append(raw_request(sign(server.endpoint, case.service, body), body))
    if case.delete_after_create:
        # replay.lua gives thread k the records k, k+T, k+2T, …: with an even number of creates each
        # delete lands on the thread that sent its create, thousands of requests after it, so it
        # never overtakes the create on another connection.
        for i in range(pairs):
            body = form_body(DELETE_USER, f"{label}-{i:06d}")
            raws.append(raw_request(sign(server.endpoint, "iam", body), body))
    write_records(data_file, raws)
    return data_file


def bench_one(case: Case, server: Server, connections: int, args: argparse.Namespace, workdir: Path) -> Run:
    label = f"bw-c{connections}" if case.unique_user_names else case.name
    data_file = prepare_requests(case, server, f"{label}-{server.name}", args.write_requests, workdir)
    run = Run(case.name, server.name, connections, min(args.wrk_threads, connections), args.duration)
    replay(server, data_file, run, "once" if case.unique_user_names else "repeat")
    return run


def replay(server: Server, data_file: Path, run: Run, mode: str) -> None:
    """wrk over `data_file` in `mode` (see replay.lua): fills `run`, judges it, shows wrk's output if invalid."""
    cpu_before = server.cpu_seconds()
    output = run_wrk(server, data_file, run, mode)
    run.server_cpu_s = server.cpu_seconds() - cpu_before
    if mode == "once":
        run.requests_per_s = run.requests / run.sending_s if run.sending_s else 0.0
    else:
        run.requests_per_s = run.wrk_requests_per_s
    judge(run)
    if run.problems:
        print(output, file=sys.stderr)


def bench_and_show(case: Case, server: Server, connections: int, args: argparse.Namespace, workdir: Path) -> Run:
    print(f"{case.name:<18} c={connections:<3} {server.name:<8}", end="", flush=True)
    run = bench_one(case, server, connections, args, workdir)
    line = f"{run.requests_per_s:10,.0f} req/s  p50 {run.p50_ms:.2f} ms  p99 {run.p99_ms:.2f} ms"
    if case.unique_user_names:
        line += f"  ({run.requests} users in {run.sending_s:.1f} s)"
    if run.problems:
        line += "  INVALID: " + "; ".join(run.problems)
    print(line, flush=True)
    return run


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------
def print_table(runs: list[Run], memory: dict[str, dict[str, dict[str, int]]]) -> None:
    by_key = {(r.case, r.connections, r.server): r for r in runs}
    header = (f"{'case':<18} {'conns':>5} {'rampart req/s':>13} {'moto req/s':>11} {'ratio':>7}"
              f"  {'rampart p50/p99 ms':>19}  {'moto p50/p99 ms':>17}")
    print()
    print(header)
    print("-" * len(header))
    for case, connections in dict.fromkeys((r.case, r.connections) for r in runs):
        rampart, moto = by_key.get((case, connections, "rampart")), by_key.get((case, connections, "moto"))
        ratio = f"{rampart.requests_per_s / moto.requests_per_s:.2f}x" if rampart and moto and moto.requests_per_s else "-"
        flag = "  <-- INVALID" if any(r and r.problems for r in (rampart, moto)) else ""
        print(f"{case:<18} {connections:>5} {_rps(rampart):>13} {_rps(moto):>11} {ratio:>7}"
              f"  {_lat(rampart):>19}  {_lat(moto):>17}{flag}")
    writes = [r for r in runs if r.sending_s and r.threads_out_of_requests]
    for r in writes:
        print(f"  {r.server} {r.case} c={r.connections}: all {r.requests} requests done in {r.sending_s:.1f} s")
    print("\npeak RSS (VmHWM), MiB; each phase runs on its own fresh pair of servers")
    for phase, servers in memory.items():
        if phase != "idle":
            print(f"  {phase:<16} " + "   ".join(f"{name} {v['VmHWM'] / 1024:6.1f}" for name, v in servers.items()))
    if idle := memory.get("idle"):
        print("idle RSS (VmRSS), MiB, 100 users, no load (Rampart restarted on its data)")
        print("  " + "   ".join(f"{name} {v['VmRSS'] / 1024:6.1f}" for name, v in idle.items()))


def _rps(run: Run | None) -> str:
    return f"{run.requests_per_s:,.0f}" if run else "-"


def _lat(run: Run | None) -> str:
    return f"{run.p50_ms:.2f} / {run.p99_ms:.2f}" if run else "-"


def report_problems(runs: list[Run]) -> bool:
    bad = [r for r in runs if r.problems]
    if bad:
        print("\n" + "!" * 78, file=sys.stderr)
        print("!!! INVALID RUNS: the numbers flagged above are not a measurement", file=sys.stderr)
        for r in bad:
            print(f"!!!   {r.server} {r.case} c={r.connections}: {'; '.join(r.problems)}", file=sys.stderr)
        print("!" * 78, file=sys.stderr)
    return bool(bad)


def tool_version(command: list[str]) -> str:
    with contextlib.suppress(OSError):
        result = subprocess.run(command, capture_output=True, text=True)
        lines = (result.stdout + result.stderr).strip().splitlines()
        return lines[0] if lines else ""
    return "unavailable"


def environment(binary: Path) -> dict[str, object]:
    try:
        import moto  # imported here: only its version is needed
        moto_version = moto.__version__
    except ImportError:  # the comparisons without moto (--no-moto, TLS, metrics, fleet) run without it
        moto_version = "not installed"

    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    mem_kib = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    return {
        "nproc": os.cpu_count(),
        "cpu_model": model,
        "memory_gib": round(mem_kib / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "swift": tool_version(["swift", "--version"]),
        "moto": moto_version,
        "botocore": botocore.__version__,
        "wrk": tool_version(["wrk", "--version"]),
        # The binary may be older than HEAD: its build time says which tree it came from.
        "rampart_revision_at_run": rampart_revision(),
        "rampart_binary_built": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(binary.stat().st_mtime)),
        "load_average_at_end": os.getloadavg(),
    }


def rampart_revision() -> str:
    """HEAD, marked dirty when the working tree differs: the binary is built from the tree."""
    with contextlib.suppress(OSError, subprocess.CalledProcessError):
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=REPO_ROOT,
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=REPO_ROOT,
                               capture_output=True, text=True, check=True).stdout.strip()
        return head + ("-dirty" if dirty else "")
    return "unknown"


def write_results(runs: list[Run], memory: dict[str, dict[str, dict[str, int]]], args: argparse.Namespace,
                  load_at_start: tuple[float, float, float]) -> None:
    args.json.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "load_average_at_start": load_at_start,
        "settings": {"duration_s": args.duration, "connections": args.connections,
                     "write_requests": args.write_requests, "only": args.only,
                     "wrk_threads": args.wrk_threads},
        "environment": environment(args.rampart_bin),
        "runs": [asdict(r) for r in runs],
        "memory_kib": memory,
    }
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nwrote {args.json}")


# ---------------------------------------------------------------------------
# Main
# ---------------------------------------------------------------------------
def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rampart-bin", type=Path, default=REPO_ROOT / ".build/release/rampart")
    parser.add_argument("--json", type=Path, default=RESULTS_FILE,
                        help="where to write the raw results (default bench/results/latest.json)")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--connections", default="1,8,32",
                        type=lambda s: [int(c) for c in s.split(",")], help="comma-separated (default 1,8,32)")
    # One wrk thread by default: on a 2-core machine a second load thread competes with the
    # server's two event loops for time slices, and that shows up as server latency. Measured
    # on /healthz at 32 connections, with no Rampart code involved: p99 1.4 ms with one wrk
    # thread, 4.3 ms with two, and one thread sustains 39k requests/s, well above any case here.
    parser.add_argument("--wrk-threads", type=int, default=1,
                        help="wrk threads per run, at most the connections (default 1)")
    parser.add_argument("--only", choices=[c.name for c in CASES], action="append",
                        help="run only this case (repeatable)")
    parser.add_argument("--write-requests", type=int, default=DEFAULT_WRITE_REQUESTS,
                        help=f"CreateUser requests per write run (default {DEFAULT_WRITE_REQUESTS}, "
                             f"at most {MAX_WRITE_REQUESTS} under the 5000-users quota)")
    args = parser.parse_args()
    if not 1 <= args.write_requests <= MAX_WRITE_REQUESTS:
        parser.error(f"--write-requests must be between 1 and {MAX_WRITE_REQUESTS}")
    return args


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def main() -> int:
    # The machine is shared: the load average around the run is the best hint of its noise.
    load_at_start = os.getloadavg()
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    ensure_rampart_binary(args.rampart_bin)
    cases = [c for c in CASES if not args.only or c.name in args.only]
    read_cases = [c for c in cases if not c.unique_user_names]
    write_cases = [c for c in cases if c.unique_user_names]

    # SIGTERM should clean up like Ctrl-C does: stop the servers, remove the temp dir.
    signal.signal(signal.SIGTERM, _interrupt)
    runs: list[Run] = []
    memory: dict[str, dict[str, dict[str, int]]] = {}
    with tempfile.TemporaryDirectory(prefix="rampart-bench-") as tmp:
        workdir = Path(tmp)
        memory["idle"] = idle_memory(args.rampart_bin, workdir / "idle")
        # Alternate servers run by run, so slow drifts in the shared machine's load hit both.
        if read_cases:
            with server_pair(args.rampart_bin, workdir / "reads") as servers:
                for case in read_cases:
                    for connections in args.connections:
                        for server in servers:
                            runs.append(bench_and_show(case, server, connections, args, workdir))
                memory["reads"] = {s.name: s.memory_kib() for s in servers}
        for case in write_cases:
            for connections in args.connections:
                phase = f"{case.name}-c{connections}"
                with server_pair(args.rampart_bin, workdir / phase) as servers:
                    for server in servers:
                        runs.append(bench_and_show(case, server, connections, args, workdir))
                    memory[phase] = {s.name: s.memory_kib() for s in servers}
    print_table(runs, memory)
    write_results(runs, memory, args, load_at_start)
    return 1 if report_problems(runs) else 0


def exit_with(main: Callable[[], int]) -> None:
    """Run a benchmark's `main` and exit with its status; Ctrl-C or SIGTERM (see `_interrupt`) exits 130."""
    try:
        sys.exit(main())
    except KeyboardInterrupt:  # the servers are already stopped by then
        print("\ninterrupted", file=sys.stderr)
        sys.exit(130)


if __name__ == "__main__":
    exit_with(main)
