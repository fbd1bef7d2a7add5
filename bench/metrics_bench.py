#!/usr/bin/env python3
"""What monitoring costs: GetUser with metrics on and off, and with the default request log.

Three Rampart servers from the same release binary, seeded alike and run in turns so a busy machine slows
them alike:
- `metrics-on`: `--metrics on --log-level warning` (counting, no request log),
- `metrics-off`: `--metrics off --log-level warning` (neither),
- `defaults`: no option (metrics on, one text log line per request written to the server's log file).
The figures asked for are metrics-on/metrics-off and defaults/metrics-off: requests per second and the
server's CPU per request, medians of the repeats.

    .venv/bin/python bench/metrics_bench.py [--connections 8,32] [--repeats 3] [--duration 8]

Writes bench/results/metrics-latest.json; see bench/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (servers, signing, wrk and the environment record shared with bench.py)
from trail_bench import per_request_cpu_us  # noqa: E402

RESULTS_FILE = bench.BENCH_DIR / "results" / "metrics-latest.json"
GET_USER = bench.CASES[1]
VARIANTS = {
    "metrics-on": ("--metrics", "on", "--log-level", "warning"),
    "metrics-off": ("--metrics", "off", "--log-level", "warning"),
    "defaults": (),
}


def parse_args() -> argparse.Namespace:
    return bench.comparison_arguments(__doc__, duration=8).parse_args()


def main() -> None:
    args = parse_args()
    bench.ensure_rampart_binary(args.rampart_bin)
    connections = [int(c) for c in args.connections.split(",")]
    runs: list[bench.Run] = []
    with tempfile.TemporaryDirectory(prefix="rampart-metrics-bench-") as temp:
        workdir = Path(temp)
        servers = {}
        try:
            for name, serve_args in VARIANTS.items():
                (workdir / name).mkdir()
                servers[name] = bench.start_rampart(args.rampart_bin, workdir / name, serve_args)
                servers[name].name = name
                bench.seed_users(servers[name])
            for conns in connections:
                for repeat in range(args.repeats):
                    for name, server in servers.items():
                        sub = workdir / f"{conns}-{repeat}-{name}"
                        sub.mkdir()
                        run = bench.bench_and_show(GET_USER, server, conns, args, sub)
                        print(f"    server CPU {per_request_cpu_us(run):.1f} µs/request", flush=True)
                        runs.append(run)
        finally:
            for server in servers.values():
                server.stop()
    bench.write_comparison(RESULTS_FILE, args.rampart_bin, summarize(runs, connections), runs)


def summarize(runs: list[bench.Run], connections: list[int]) -> list[dict]:
    """Median of the repeats per connections and variant; each variant over metrics-off."""
    rows = []
    print(f"\n{'conns':>5} {'variant':<12} {'req/s':>10} {'/off':>6} {'CPU µs':>7} {'p99 ms':>7}")
    for conns in connections:
        def median(server: str, value) -> float:
            values = [value(r) for r in runs if r.connections == conns and r.server == server]
            return statistics.median(values) if values else 0.0
        off = median("metrics-off", lambda r: r.requests_per_s)
        for name in VARIANTS:
            rps = median(name, lambda r: r.requests_per_s)
            row = {"connections": conns, "variant": name, "rps": rps, "over_metrics_off": rps / off if off else 0.0,
                   "cpu_us": median(name, per_request_cpu_us), "p99_ms": median(name, lambda r: r.p99_ms)}
            rows.append(row)
            print(f"{conns:>5} {name:<12} {rps:>10,.0f} {row['over_metrics_off']:>6.3f} {row['cpu_us']:>7.1f} "
                  f"{row['p99_ms']:>7.2f}")
    return rows


if __name__ == "__main__":
    main()
