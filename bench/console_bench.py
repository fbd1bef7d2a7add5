"""Full console sign-ins per second: password (scrypt, N=2^15 r=8 p=1) then a TOTP code, each sign-in
a fresh client doing what a browser does (GET the form, POST the password, POST the code, land on the
console). TOTP codes are single use, so every sign-in is a different user; users are created and
enrolled first. Reference: Keycloak's sizing guide counts about 15 password logins per second per vCPU.

    .venv/bin/python bench/console_bench.py [--users-per-level 60] [--concurrency 1,4,8]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import boto3
import pyotp
import requests
from botocore.config import Config

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (server start-up and constants shared with the HTTP benchmark)

PASSWORD = "Bench-Passw0rd-123"


def enroll(server: bench.Server, prefix: str, count: int) -> list[tuple[str, str]]:
    iam = boto3.client("iam", endpoint_url=server.endpoint, region_name=bench.REGION,
                       aws_access_key_id=bench.ACCESS_KEY_ID, aws_secret_access_key=bench.SECRET_ACCESS_KEY,
                       config=Config(retries={"max_attempts": 1}))
    users = []
    for index in range(count):
        name = f"{prefix}-{index:04d}"
        iam.create_user(UserName=name)
        iam.create_login_profile(UserName=name, Password=PASSWORD)
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
        seed = device["Base32StringSeed"].decode()
        now = time.time()
        iam.enable_mfa_device(UserName=name, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=pyotp.TOTP(seed).at(now - 60),
                              AuthenticationCode2=pyotp.TOTP(seed).at(now - 30))
        users.append((name, seed))
    return users


def sign_in(endpoint: str, name: str, seed: str) -> float:
    """One full sign-in; returns its duration. Cookies are carried by hand: the console marks them Secure
    (its origin is localhost), which requests will not send over plain http."""
    started = time.perf_counter()
    cookies: dict[str, str] = {}

    def call(method: str, path: str, data=None) -> requests.Response:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}
        response = requests.request(method, endpoint + path, data=data, headers=headers, allow_redirects=False,
                                    timeout=30)
        for line in response.raw.headers.getlist("Set-Cookie"):
            key, _, rest = line.partition("=")
            cookies[key] = rest.split(";", 1)[0]
        return response

    call("GET", "/console/signin")
    password = call("POST", "/console/signin", {"kind": "iam", "account": bench.ACCOUNT_ID, "username": name,
                                                "password": PASSWORD, "csrf": cookies["rampart-csrf"]})
    assert password.headers.get("Location") == "/console/mfa", (password.status_code, password.text[:200])
    done = call("POST", "/console/mfa", {"code": pyotp.TOTP(seed).now(), "csrf": cookies["rampart-csrf"]})
    assert done.headers.get("Location") == "/console", (done.status_code, done.text[:300])
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--binary", type=Path, default=bench.REPO_ROOT / ".build/release/rampart")
    parser.add_argument("--users-per-level", type=int, default=60)
    parser.add_argument("--concurrency", default="1,4,8")
    args = parser.parse_args()
    levels = [int(x) for x in args.concurrency.split(",")]
    bench.ensure_rampart_binary(args.binary)
    with tempfile.TemporaryDirectory(prefix="rampart-console-bench-") as work:
        server = bench.start_rampart(args.binary, Path(work))
        try:
            print(f"enrolling {args.users_per_level * len(levels)} users…", flush=True)
            sets = {level: enroll(server, f"c{level}", args.users_per_level) for level in levels}
            print(f"{'concurrency':>11} {'sign-ins/s':>11} {'p50 ms':>8} {'p99 ms':>8}")
            for level in levels:
                # Codes of the step in progress; start on a fresh step so none expires mid-run.
                into = time.time() % 30
                if into > 10:
                    time.sleep(30 - into + 0.2)
                started = time.perf_counter()
                with ThreadPoolExecutor(max_workers=level) as pool:
                    durations = list(pool.map(lambda user: sign_in(server.endpoint, *user), sets[level]))
                elapsed = time.perf_counter() - started
                durations.sort()
                p99 = durations[min(len(durations) - 1, int(len(durations) * 0.99))]
                print(f"{level:>11} {len(durations) / elapsed:>11.1f} {statistics.median(durations) * 1000:>8.0f} "
                      f"{p99 * 1000:>8.0f}", flush=True)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
