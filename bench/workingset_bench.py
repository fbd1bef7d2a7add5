#!/usr/bin/env python3
"""The working-set figures of issue 16 (point 3) on a database from `workingset_gen.py`.

Starts `rampart serve` on a copy-free data folder (the server only reads it here, apart from the
trail) and measures, for one configuration (`--memory-budget MIB`, or none: every record in memory):

- start: seconds from spawn until a signed GetCallerIdentity is answered, and the server's CPU seconds
  until then (the machine is shared: wall time counts others' work too);
- RSS (VmRSS, and the peak VmHWM) after start and after serving --accounts distinct accounts;
- cold: the latency of the first request (GetUser, signed by a user of that account) to each of
  those accounts, sent over one kept-alive connection: p50, p99, max;
- warm: GetUser latency on accounts already served (p50, p99 over --warm-requests sequential
  requests spread over the served accounts), and wrk's requests/s on one account when wrk exists.

    .venv/bin/python bench/workingset_bench.py --binary .build/release/rampart --data /tmp/ws-1m \
        [--memory-budget 256] [--accounts 1000] [--total-accounts 10000] [--database postgres://…]

Prints one JSON object; bench/RESULTS.md records the runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

sys.path.insert(0, str(Path(__file__).resolve().parent))
import workingset_gen as gen  # noqa: E402

REPLAY_SCRIPT = Path(__file__).resolve().parent / "replay.lua"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def signed(port: int, service: str, body: str, key_id: str) -> tuple[dict[str, str], bytes]:
    request = AWSRequest(method="POST", url=f"http://127.0.0.1:{port}/", data=body,
                         headers={"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"})
    SigV4Auth(Credentials(key_id, gen.secret(key_id)), service, "us-east-1").add_auth(request)
    headers = {"Host": f"127.0.0.1:{port}", **dict(request.headers.items())}
    return headers, body.encode()


def get_user(port: int, account: int) -> tuple[dict[str, str], bytes]:
    return signed(port, "iam", "Action=GetUser&Version=2010-05-08&UserName=user-001", gen.key_id(account, 0))


def send(connection: http.client.HTTPConnection, request: tuple[dict[str, str], bytes]) -> tuple[float, int, bytes]:
    headers, body = request
    started = time.perf_counter()
    connection.request("POST", "/", body=body, headers=headers)
    response = connection.getresponse()
    data = response.read()
    return (time.perf_counter() - started) * 1000, response.status, data


def memory_kib(pid: int) -> dict[str, int]:
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmHWM", "VmRSS"):
            values[key] = int(rest.split()[0])
    return values


def cpu_seconds(pid: int) -> float:
    """User and system CPU time of the server: on a shared machine, wall time also counts others' work."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def percentiles(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    return {"p50_ms": round(statistics.median(ordered), 2),
            "p99_ms": round(ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))], 2),
            "max_ms": round(ordered[-1], 2), "count": len(ordered)}


def wait_for_first_answer(process: subprocess.Popen, port: int, timeout: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < timeout:
        # Signed afresh each time: a slow start outlasts a signature's 15 minutes.
        probe = signed(port, "sts", "Action=GetCallerIdentity&Version=2011-06-15", gen.key_id(0, 0))
        if process.poll() is not None:
            raise SystemExit(f"the server exited with {process.returncode}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            _, status, data = send(connection, probe)
            connection.close()
            if status != 200:
                raise SystemExit(f"GetCallerIdentity answered {status}: {data[:500]!r}")
            return time.monotonic() - started
        except (ConnectionError, OSError):
            time.sleep(0.02)
    raise SystemExit(f"no answer within {timeout} s")


def wrk_rps(port: int, account: int, workdir: Path, seconds: int) -> float | None:
    if not shutil.which("wrk"):
        return None
    headers, body = get_user(port, account)
    lines = ["POST / HTTP/1.1", *(f"{k}: {v}" for k, v in headers.items()), f"Content-Length: {len(body)}"]
    raw = ("\r\n".join(lines) + "\r\n\r\n").encode() + body
    data = workdir / "get-user.bin"
    data.write_bytes(b"%d\n" % len(raw) + raw)
    output = subprocess.run(["wrk", "-t", "1", "-c", "8", "-d", f"{seconds}s", "--latency", "-s", str(REPLAY_SCRIPT),
                             f"http://127.0.0.1:{port}/", "--", str(data), "1", "repeat"],
                            capture_output=True, text=True).stdout
    for line in output.splitlines():
        if line.startswith("Requests/sec:"):
            return float(line.split()[1])
    return None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, required=True)
    parser.add_argument("--data", type=Path, required=True)
    parser.add_argument("--memory-budget", type=int, help="MiB; none: every record in memory (today's default)")
    parser.add_argument("--accounts", type=int, default=1000, help="distinct accounts to serve")
    parser.add_argument("--total-accounts", type=int, default=10_000, help="how many the database holds")
    parser.add_argument("--warm-requests", type=int, default=2000)
    parser.add_argument("--wrk-seconds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--start-timeout", type=float, default=600)
    parser.add_argument("--database", help="postgres://… holding a `rampart store copy` of --data (the folder then "
                                           "gives the key files)")
    args = parser.parse_args()

    port = free_port()
    command = [str(args.binary), "serve", "--data", str(args.data), "--port", str(port)]
    if args.memory_budget is not None:
        command += ["--memory-budget", str(args.memory_budget)]
    if args.database:
        command += ["--database", args.database]
    workdir = Path(tempfile.mkdtemp(prefix="ws-bench-"))
    log = (workdir / "server.log").open("w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    result: dict[str, object] = {"memory_budget_mib": args.memory_budget, "accounts_served": args.accounts,
                                 "store": "postgres" if args.database else "sqlite"}
    try:
        result["start_s"] = round(wait_for_first_answer(process, port, args.start_timeout), 2)
        result["start_cpu_s"] = round(cpu_seconds(process.pid), 2)
        result["rss_after_start_kib"] = memory_kib(process.pid)
        chosen = random.Random(args.seed).sample(range(1, args.total_accounts), args.accounts)
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        cold = []
        for account in chosen:
            latency, status, data = send(connection, get_user(port, account))
            if status != 200 or b"user-001" not in data:
                raise SystemExit(f"GetUser in {gen.account_id(account)} answered {status}: {data[:500]!r}")
            cold.append(latency)
        result["cold_first_request"] = percentiles(cold)
        result["cold_cpu_s_per_request"] = round((cpu_seconds(process.pid) - result["start_cpu_s"]) / len(cold), 4)
        result["rss_after_serving_kib"] = memory_kib(process.pid)
        # Warm: the most recently served accounts (those a budget keeps), each asked again.
        recent = chosen[-min(len(chosen), 100):]
        requests = [get_user(port, account) for account in recent]
        warm = []
        for index in range(args.warm_requests):
            latency, status, _ = send(connection, requests[index % len(requests)])
            if status != 200:
                raise SystemExit(f"warm GetUser answered {status}")
            warm.append(latency)
        result["warm_get_user"] = percentiles(warm)
        result["warm_get_user_wrk_rps_8_connections"] = wrk_rps(port, recent[-1], workdir, args.wrk_seconds)
        result["rss_end_kib"] = memory_kib(process.pid)
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
