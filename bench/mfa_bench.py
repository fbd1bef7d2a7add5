"""GetSessionToken with MFA, against Rampart and moto.

Every TOTP code is single use in Rampart, so a benchmark cannot replay one request: it creates
N users, each with an access key and an enabled virtual MFA device, then signs one
GetSessionToken per user with that user's key and the device's current code (pyotp), and has
wrk send each request once. moto accepts any code; its figure is a speed reference only.

    .venv/bin/python bench/mfa_bench.py [--users 600] [--connections 1,8,32]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

import boto3
import pyotp
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (the shared server, signing and wrk plumbing)


def client(server: bench.Server, service: str, key_id: str, secret: str):
    return boto3.client(service, endpoint_url=server.endpoint, region_name=bench.REGION,
                        aws_access_key_id=key_id, aws_secret_access_key=secret,
                        config=Config(retries={"max_attempts": 1}))


def enroll(server: bench.Server, prefix: str, count: int) -> list[tuple[Credentials, str, str]]:
    """`count` users with a key and an enabled device: (credentials, serial, seed)."""
    iam = client(server, "iam", bench.ACCESS_KEY_ID, bench.SECRET_ACCESS_KEY)
    users = []
    for i in range(count):
        name = f"{prefix}-{i:05d}"
        iam.create_user(UserName=name)
        key = iam.create_access_key(UserName=name)["AccessKey"]
        device = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
        seed = device["Base32StringSeed"].decode()
        totp = pyotp.TOTP(seed)
        now = time.time()
        iam.enable_mfa_device(UserName=name, SerialNumber=device["SerialNumber"],
                              AuthenticationCode1=totp.at(now - 60), AuthenticationCode2=totp.at(now - 30))
        users.append((Credentials(key["AccessKeyId"], key["SecretAccessKey"]), device["SerialNumber"], seed))
    return users


def signed_requests(server: bench.Server, users) -> list[bytes]:
    raws = []
    now = time.time()
    for creds, serial, seed in users:
        body = urlencode([("Action", "GetSessionToken"), ("Version", "2011-06-15"), ("DurationSeconds", "900"),
                          ("SerialNumber", serial), ("TokenCode", pyotp.TOTP(seed).at(now))])
        request = AWSRequest(method="POST", url=server.endpoint + "/", data=body,
                             headers={"Content-Type": bench.CONTENT_TYPE})
        SigV4Auth(creds, "sts", bench.REGION).add_auth(request)
        headers = {"Host": server.endpoint.split("://", 1)[1], **dict(request.headers.items())}
        raws.append(bench.raw_request(headers, body))
    return raws


def wait_for_fresh_step(needed: float) -> None:
    """Codes must still be current when wrk sends them: start early in a 30-second step."""
    into = time.time() % 30
    if into > 30 - needed:
        time.sleep(30 - into + 0.5)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rampart-bin", type=Path, default=bench.REPO_ROOT / ".build" / "release" / "rampart")
    parser.add_argument("--users", type=int, default=600, help="requests per run (one user each)")
    parser.add_argument("--connections", default="1,8,32")
    args = parser.parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    bench.ensure_rampart_binary(args.rampart_bin)
    connections = [int(c) for c in args.connections.split(",")]
    runs: list[bench.Run] = []
    with tempfile.TemporaryDirectory(prefix="rampart-mfa-bench-") as tmp:
        workdir = Path(tmp)
        with bench.server_pair(args.rampart_bin, workdir / "servers") as servers:
            for c in connections:
                for server in servers:
                    users = enroll(server, f"mfa-c{c}", args.users)
                    wait_for_fresh_step(needed=12)
                    data_file = workdir / f"gst-{server.name}-c{c}.records"
                    bench.write_records(data_file, signed_requests(server, users))
                    run = bench.Run("GetSessionToken+MFA", server.name, c, min(2, c), 20)
                    bench.replay(server, data_file, run, "once")
                    print(f"GetSessionToken+MFA c={c:<3} {server.name:<8} {run.requests_per_s:>9,.0f} req/s  "
                          f"p50 {run.p50_ms:.2f} ms  p99 {run.p99_ms:.2f} ms  {'; '.join(run.problems)}",
                          flush=True)
                    runs.append(run)
    bad = [r for r in runs if r.problems and r.server == "rampart"]
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
