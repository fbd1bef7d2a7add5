#!/usr/bin/env python3
"""What TLS costs: signed GetUser over HTTPS against the same over plain HTTP, in the same run.

Two Rampart servers from the same binary, each with bench.py's account and 100 seeded users: one plain,
one `rampart init --self-signed` and `serve --tls-cert … --tls-key …`. wrk replays one pre-signed GetUser
(SigV4 has no nonce: a signed request can be sent again for its 15 minutes) against each in turns
(plain, tls, plain, tls, …), so a busy machine slows both alike. Two kinds of connection:

- kept alive: wrk's connections stay open, so TLS costs its record encryption per request;
- closed: each request says `Connection: close`, so every request pays a full TLS handshake too.

wrk speaks HTTP/1.1 (no ALPN), and does not verify the certificate; the seeding and the check
request do, with the generated authority.

    .venv/bin/python bench/tls_bench.py [--rampart-bin .build/release/rampart] [--connections 8,32]
                                        [--repeats 3] [--duration 8]

Writes bench/results/tls-latest.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from dataclasses import asdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (servers, signing, wrk and the environment record shared with bench.py)

RESULTS_FILE = bench.BENCH_DIR / "results" / "tls-latest.json"
GET_USER = bench.CASES[1]


class TLSServer(bench.Server):
    @property
    def endpoint(self) -> str:
        return f"https://127.0.0.1:{self.port}"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rampart-bin", type=Path, default=bench.REPO_ROOT / ".build/release/rampart")
    parser.add_argument("--connections", default="8,32")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--duration", type=int, default=8, help="seconds per wrk run")
    parser.add_argument("--wrk-threads", type=int, default=1)
    return parser.parse_args()


def start_tls(binary: Path, workdir: Path) -> TLSServer:
    data = workdir / "rampart-data"
    subprocess.run(
        [str(binary), "init", "--self-signed", "--data", str(data), "--account-id", bench.ACCOUNT_ID,
         "--root-password", bench.ROOT_PASSWORD, "--admin-access-key-id", bench.ACCESS_KEY_ID,
         "--admin-secret-access-key", bench.SECRET_ACCESS_KEY],
        check=True, stdout=subprocess.DEVNULL)
    # requests (the check) and botocore (the seeding) read these; wrk does not verify.
    os.environ["REQUESTS_CA_BUNDLE"] = os.environ["AWS_CA_BUNDLE"] = str(data / "tls" / "ca.pem")
    port = bench.free_port()
    log = workdir / "rampart.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            [str(binary), "serve", "--data", str(data), "--port", str(port),
             "--tls-cert", str(data / "tls" / "server.pem"), "--tls-key", str(data / "tls" / "server-key.pem")],
            stdout=out, stderr=subprocess.STDOUT)
    server = TLSServer("tls", port, process, log)
    bench.wait_until_answering(server, "/healthz")
    return server


def get_user_records(server: bench.Server, workdir: Path, closing: bool) -> Path:
    body = bench.form_body(GET_USER)
    headers = bench.sign(server.endpoint, GET_USER.service, body)
    bench.check_once(server.endpoint, headers, body, f"{server.name} GetUser")
    if closing:
        headers = {**headers, "Connection": "close"}
    data_file = workdir / f"{server.name}-{'closed' if closing else 'kept'}.records"
    bench.write_records(data_file, [bench.raw_request(headers, body)])
    return data_file


def main() -> None:
    args = parse_args()
    bench.ensure_rampart_binary(args.rampart_bin)
    connections = [int(c) for c in args.connections.split(",")]
    runs: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="rampart-tls-bench-") as temp:
        workdir = Path(temp)
        (workdir / "plain").mkdir()
        (workdir / "tls").mkdir()
        servers = {"plain": bench.start_rampart(args.rampart_bin, workdir / "plain"),
                   "tls": start_tls(args.rampart_bin, workdir / "tls")}
        servers["plain"].name = "plain"
        try:
            for server in servers.values():
                bench.seed_users(server)
            for closing in (False, True):
                kind = "closed" if closing else "kept-alive"
                files = {name: get_user_records(server, workdir, closing) for name, server in servers.items()}
                for conns in connections:
                    for repeat in range(args.repeats):
                        for name, server in servers.items():
                            run = bench.Run(f"GetUser {kind}", name, conns, min(args.wrk_threads, conns), args.duration)
                            bench.replay(server, files[name], run, "repeat")
                            cpu = run.server_cpu_s / run.requests * 1e6 if run.requests else 0.0
                            print(f"GetUser {kind:<10} c={conns:<3} {name:<5} {run.requests_per_s:10,.0f} req/s  "
                                  f"p99 {run.p99_ms:.2f} ms  server CPU {cpu:.1f} µs/request"
                                  + ("  INVALID: " + "; ".join(run.problems) if run.problems else ""), flush=True)
                            runs.append({**asdict(run), "kind": kind, "repeat": repeat, "cpu_us_per_request": cpu})
        finally:
            for server in servers.values():
                server.stop()
    print("\n| connections | kind | plain req/s | TLS req/s | TLS/plain | CPU µs/req plain | TLS |")
    print("| ---: | --- | ---: | ---: | ---: | ---: | ---: |")
    summary = []
    for kind in ("kept-alive", "closed"):
        for conns in connections:
            def median(name: str, key: str) -> float:
                return statistics.median(r[key] for r in runs
                                         if r["kind"] == kind and r["connections"] == conns and r["server"] == name)
            plain, tls = median("plain", "requests_per_s"), median("tls", "requests_per_s")
            ratio = tls / plain if plain else 0.0
            summary.append({"kind": kind, "connections": conns, "plain": plain, "tls": tls, "ratio": ratio})
            print(f"| {conns} | {kind} | {plain:,.0f} | {tls:,.0f} | {ratio:.3f} | "
                  f"{median('plain', 'cpu_us_per_request'):.1f} | {median('tls', 'cpu_us_per_request'):.1f} |")
    RESULTS_FILE.parent.mkdir(exist_ok=True)
    RESULTS_FILE.write_text(json.dumps(
        {"environment": bench.environment(args.rampart_bin), "summary": summary, "runs": runs}, indent=2) + "\n")
    print(f"\nwrote {RESULTS_FILE}")
    if any(r["problems"] for r in runs):
        raise SystemExit("some runs were invalid (see above)")


if __name__ == "__main__":
    main()
