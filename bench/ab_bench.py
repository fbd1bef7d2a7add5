#!/usr/bin/env python3
"""Two Rampart binaries on the same case, in turns: whether a change made a request faster or slower.

Each binary serves a data folder of its own, seeded as bench.py seeds it; the runs alternate (A, B, A,
B, ...) so a busy machine slows both alike. Prints each run's requests per second and server CPU per
request, then the medians and B/A. Machines here differ by 2x from one to the next: compare binaries
within one run of this script, never across runs.

    .venv/bin/python bench/ab_bench.py OLD_BINARY NEW_BINARY [--case GetUser] [--repeats 3] [--duration 8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("a", type=Path, help="the binary to compare against (before the change)")
    parser.add_argument("b", type=Path, help="the binary with the change")
    parser.add_argument("--case", default="GetUser", choices=[case.name for case in bench.CASES])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--wrk-threads", type=int, default=2)
    parser.add_argument("--write-requests", type=int, default=20_000, help="pre-signed requests per write run")
    return parser.parse_args()


def main() -> int:
    args = parse_args()
    case = next(case for case in bench.CASES if case.name == args.case)
    workdir = Path(tempfile.mkdtemp(prefix="ab-bench-"))
    servers = []
    try:
        for name, binary in (("A", args.a), ("B", args.b)):
            folder = workdir / name
            folder.mkdir()
            server = bench.start_rampart(binary, folder)
            server.name = name
            bench.seed_users(server)
            servers.append(server)
        rates: dict[str, list[float]] = {"A": [], "B": []}
        for _ in range(args.repeats):
            for server in servers:
                cpu_before = server.cpu_seconds()
                run = bench.bench_one(case, server, args.connections, args, workdir)
                cpu_us = (server.cpu_seconds() - cpu_before) / max(run.requests, 1) * 1e6
                rates[server.name].append(run.requests_per_s)
                print(f"{server.name} {case.name} {run.requests_per_s:,.0f} req/s {cpu_us:.1f} µs CPU/request",
                      flush=True)
    finally:
        for server in servers:
            server.stop()
    a, b = statistics.median(rates["A"]), statistics.median(rates["B"])
    print(f"median A {a:,.0f} B {b:,.0f} req/s, B/A {b / a:.3f}")
    return 0


if __name__ == "__main__":
    bench.exit_with(main)
