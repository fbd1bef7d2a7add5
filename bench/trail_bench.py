#!/usr/bin/env python3
"""What the audit trail costs: GetUser and CreateUser+DeleteUser with API calls recorded and without.

Two Rampart servers from the same release binary, one `--audit-trail on` (the default) and one
`--audit-trail off`, each seeded like bench.py's, run in turns (on, off, on, off, ...) so a busy machine
slows both alike; moto runs the same requests once for the ratio the other benchmarks print. Each run
prints requests per second and the server's CPU time per request, split between the threads that serve
requests (NIO's event loops: the read's own path) and the rest (the trail's writer, which batches the
queued events off that path); the figure the issue asks about is on/off for reads (target: at least 0.95)
and for writes. On a machine whose cores the client shares, the writer's CPU comes out of the requests'
throughput too; with a core to spare, only the request threads' share does.

    .venv/bin/python bench/trail_bench.py [--connections 8,32] [--repeats 3] [--duration 10]

Writes bench/results/trail-latest.json; see bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (servers, signing, wrk and the environment record shared with bench.py)

RESULTS_FILE = bench.BENCH_DIR / "results" / "trail-latest.json"
GET_USER = bench.CASES[1]
CREATE_DELETE = bench.CASES[4]


def parse_args() -> argparse.Namespace:
    parser = bench.comparison_arguments(__doc__, duration=10)
    parser.add_argument("--no-moto", action="store_true", help="skip the moto runs")
    return parser.parse_args()


def start(binary: Path, workdir: Path, name: str, trail: str) -> bench.Server:
    folder = workdir / name
    folder.mkdir(parents=True)
    server = bench.start_rampart(binary, folder, ("--audit-trail", trail))
    server.name = name
    bench.seed_users(server)
    return server


def per_request_cpu_us(run: bench.Run) -> float:
    return run.server_cpu_s / run.requests * 1e6 if run.requests else 0.0


def thread_cpu_seconds(server: bench.Server) -> tuple[float, float]:
    """CPU seconds of the server's request threads (NIO's event loops) and of all its other threads."""
    requests = other = 0.0
    for task in Path(f"/proc/{server.process.pid}/task").iterdir():
        try:
            stat = (task / "stat").read_text()
        except FileNotFoundError:
            continue  # a thread that ended meanwhile
        name = stat.split("(", 1)[1].rsplit(")", 1)[0]
        fields = stat.rsplit(")", 1)[1].split()
        seconds = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
        if name.startswith("NIO-"):
            requests += seconds
        else:
            other += seconds
    return requests, other


def main() -> None:
    args = parse_args()
    bench.ensure_rampart_binary(args.rampart_bin)
    connections = [int(c) for c in args.connections.split(",")]
    runs: list[bench.Run] = []
    with tempfile.TemporaryDirectory(prefix="rampart-trail-bench-") as temp:
        workdir = Path(temp)
        servers = {name: start(args.rampart_bin, workdir, name, trail)
                   for name, trail in (("trail-on", "on"), ("trail-off", "off"))}
        moto = None if args.no_moto else bench.start_moto(workdir)
        try:
            if moto:
                bench.seed_users(moto)
            for case in (GET_USER, CREATE_DELETE):
                for conns in connections:
                    for repeat in range(args.repeats):
                        for name in ("trail-on", "trail-off"):
                            sub = workdir / f"{case.name}-{conns}-{repeat}-{name}".replace("+", "-")
                            sub.mkdir()
                            before = thread_cpu_seconds(servers[name])
                            run = bench.bench_and_show(case, servers[name], conns, args, sub)
                            after = thread_cpu_seconds(servers[name])
                            if run.requests:
                                run.request_threads_us, run.other_threads_us = (
                                    (b - a) / run.requests * 1e6 for a, b in zip(before, after))
                            print(f"    server CPU {per_request_cpu_us(run):.1f} µs/request: request threads "
                                  f"{run.request_threads_us:.1f}, others {run.other_threads_us:.1f}", flush=True)
                            runs.append(run)
                    if moto and case is GET_USER:
                        sub = workdir / f"moto-{conns}"
                        sub.mkdir()
                        runs.append(bench.bench_and_show(case, moto, conns, args, sub))
        finally:
            for server in servers.values():
                server.stop()
            if moto:
                moto.stop()
    bench.write_comparison(RESULTS_FILE, args.rampart_bin, summarize(runs, connections), runs)


def summarize(runs: list[bench.Run], connections: list[int]) -> list[dict]:
    """Median of the repeats per case, connections and server; on/off ratios of throughput and CPU."""
    rows = []
    print(f"\n{'case':<22} {'conns':>5} {'on req/s':>10} {'off req/s':>10} {'on/off':>7} "
          f"{'CPU µs on':>10} {'CPU µs off':>10} {'hot path':>9} {'writer':>7} {'moto req/s':>10}")
    for case in (GET_USER.name, CREATE_DELETE.name):
        for conns in connections:
            def median(server: str, value) -> float:
                values = [value(r) for r in runs if r.case == case and r.connections == conns and r.server == server]
                return statistics.median(values) if values else 0.0
            on = median("trail-on", lambda r: r.requests_per_s)
            off = median("trail-off", lambda r: r.requests_per_s)
            cpu_on = median("trail-on", per_request_cpu_us)
            cpu_off = median("trail-off", per_request_cpu_us)
            moto = median("moto", lambda r: r.requests_per_s)
            def added(attribute: str) -> float:
                return (median("trail-on", lambda r: getattr(r, attribute))
                        - median("trail-off", lambda r: getattr(r, attribute)))
            # What the trail adds to a request's own threads, and what its writer spends per request.
            hot_path = added("request_threads_us")
            writer = added("other_threads_us")
            row = {"case": case, "connections": conns, "on_rps": on, "off_rps": off,
                   "on_over_off": on / off if off else 0.0, "cpu_us_on": cpu_on, "cpu_us_off": cpu_off,
                   "hot_path_us": hot_path, "writer_us": writer, "moto_rps": moto}
            rows.append(row)
            print(f"{case:<22} {conns:>5} {on:>10,.0f} {off:>10,.0f} {row['on_over_off']:>7.3f} "
                  f"{cpu_on:>10.1f} {cpu_off:>10.1f} {hot_path:>9.1f} {writer:>7.1f} {moto:>10,.0f}")
    return rows


if __name__ == "__main__":
    main()
