#!/usr/bin/env python3
"""Organizations at scale: 2,000 accounts in five levels of OUs, against Rampart (and moto for ListAccounts).

- Setup: an organization (all features, SCPs enabled), a chain of OUs five deep with siblings at each
  level, and --accounts member accounts made with CreateAccount (asynchronous: polled with
  DescribeCreateAccountStatus) and moved evenly over the OUs; printed as accounts per second.
- GetUser in a member account at --member-depth, bound by a customer SCP at the root, at L2 and at its
  own OU (besides FullAWSAccess at every level), against the same request in a standalone account
  (`rampart admin create-account`) on the same server, run by run in turns; member/standalone is the
  issue's figure (target: within 10%).
- ListAccounts through all accounts, 20 per page: full passes with boto3's paginator, Rampart and moto,
  and the same pages replayed with wrk (server time without boto3's).

    .venv/bin/python bench/org_bench.py [--accounts 2000] [--connections 1,8,32] [--repeats 5]

Writes bench/results/org-latest.json; see bench/README.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import boto3
from botocore.config import Config
from botocore.credentials import Credentials
from botocore.exceptions import ClientError

sys.path.insert(0, str(Path(__file__).resolve().parent))
import bench  # noqa: E402  (servers, signing, wrk and the environment record shared with bench.py)

RESULTS_FILE = bench.BENCH_DIR / "results" / "org-latest.json"
OU_DEPTH = 5
ACCESS_ROLE = "OrganizationAccountAccessRole"
CALLER = "bench-caller"  # signs the GetUser requests, with the same inline policy in both accounts
TARGET = "bench-target"  # the user GetUser asks for
GET_USER = bench.Case("GetUser", "iam", "GetUser", (("UserName", TARGET),))
# The caller may also DeleteAccountPasswordPolicy, which the SCP of the member's OU denies: the check that
# the SCP chain binds the member account and not the standalone one.
CALLER_POLICY = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:GetUser", "iam:DeleteAccountPasswordPolicy"], "Resource": "*"}]}
SCP_PROBE_ACTION = "iam:DeleteAccountPasswordPolicy"
LIST_ACCOUNTS_PAGE = 20  # Organizations' largest page for ListAccounts
ORGANIZATIONS_TARGET = "AWSOrganizationsV20161128"


def scp(denied: str) -> str:
    """An allow-list SCP (the services the benchmark uses) with one harmless Deny."""
    return json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": ["iam:*", "sts:*", "organizations:*", "s3:*", "ec2:*"], "Resource": "*"},
        {"Effect": "Deny", "Action": denied, "Resource": "*"}]})


def client(endpoint: str, service: str, credentials: Credentials):
    return boto3.client(service, endpoint_url=endpoint, region_name=bench.REGION,
                        aws_access_key_id=credentials.access_key, aws_secret_access_key=credentials.secret_key,
                        aws_session_token=credentials.token, config=Config(retries={"max_attempts": 1}))


# ---------------------------------------------------------------------------
# The organization
# ---------------------------------------------------------------------------
@dataclass
class Tree:
    root: str
    chain: list[str]  # L1 … L5: each the parent of the next
    units: list[str]  # every OU, the chain and its siblings
    accounts: dict[str, str] = field(default_factory=dict)  # account id -> parent id


def build_units(org, root: str, siblings: int) -> Tree:
    """The chain root → L1 → … → L5, and `siblings` more OUs beside each chain OU."""
    tree = Tree(root, [], [])
    parent = root
    for level in range(1, OU_DEPTH + 1):
        for index in range(siblings + 1):
            unit = org.create_organizational_unit(ParentId=parent, Name=f"L{level}-{index}")
            tree.units.append(unit["OrganizationalUnit"]["Id"])
        tree.chain.append(tree.units[-siblings - 1])
        parent = tree.chain[-1]
    return tree


def create_accounts(org, tree: Tree, count: int, batch: int) -> dict:
    """`count` accounts, CreateAccount'd `batch` at a time (each polled until SUCCEEDED), then each moved
    to its OU (account i to OU i mod number of OUs). Returns the seconds each phase took, and the
    creation's progress every ten batches as (accounts, seconds)."""
    created: list[str] = []
    progress = [(0, 0.0)]
    started = time.perf_counter()
    for first in range(0, count, batch):
        requests = [org.create_account(Email=f"member-{i:05d}@example.com", AccountName=f"member-{i:05d}")
                    ["CreateAccountStatus"]["Id"] for i in range(first, min(first + batch, count))]
        for request_id in requests:
            while (status := org.describe_create_account_status(CreateAccountRequestId=request_id)
                   ["CreateAccountStatus"])["State"] == "IN_PROGRESS":
                time.sleep(0.005)
            if status["State"] != "SUCCEEDED":
                raise SystemExit(f"CreateAccount {request_id}: {status}")
            created.append(status["AccountId"])
        if (first // batch) % 10 == 9 or len(created) == count:
            progress.append((len(created), time.perf_counter() - started))
            (done, at), (before, then) = progress[-1], progress[-2]
            print(f"  {done} accounts in {at:.1f} s; the last {done - before} at {(done - before) / (at - then):.0f}/s",
                  flush=True)
    create_s = time.perf_counter() - started
    started = time.perf_counter()
    for index, account in enumerate(created):
        parent = tree.units[index % len(tree.units)]
        org.move_account(AccountId=account, SourceParentId=tree.root, DestinationParentId=parent)
        tree.accounts[account] = parent
    return {"create_s": create_s, "move_s": time.perf_counter() - started, "create_progress": progress}


def attach_scps(org, tree: Tree, member_unit: str) -> list[str]:
    """A customer SCP at the root, at L2 and at the member's OU, each with its own Deny."""
    attached = []
    for target, denied in ((tree.root, "s3:DeleteBucket"), (tree.chain[1], "ec2:DeleteVpc"),
                           (member_unit, SCP_PROBE_ACTION)):
        policy = org.create_policy(Name=f"bench-{target}", Description="org_bench allow-list",
                                   Type="SERVICE_CONTROL_POLICY", Content=scp(denied))
        policy_id = policy["Policy"]["PolicySummary"]["Id"]
        org.attach_policy(PolicyId=policy_id, TargetId=target)
        attached.append(policy_id)
    return attached


def caller_in(iam) -> Credentials:
    """CALLER with CALLER_POLICY and an access key, and TARGET, in the account `iam` is signed for."""
    iam.create_user(UserName=CALLER)
    iam.put_user_policy(UserName=CALLER, PolicyName="bench", PolicyDocument=json.dumps(CALLER_POLICY))
    key = iam.create_access_key(UserName=CALLER)["AccessKey"]
    iam.create_user(UserName=TARGET)
    return Credentials(key["AccessKeyId"], key["SecretAccessKey"])


def standalone_root_key(binary: Path, server: bench.Server, data: Path) -> Credentials:
    """`rampart admin create-account --root-access-key`, signed by the data folder's admin profile."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    output = subprocess.run(
        [str(binary), "admin", "create-account", "--endpoint", server.endpoint, "--data", str(data),
         "--email", "standalone@example.com", "--root-access-key"],
        check=True, capture_output=True, text=True, env=environment).stdout
    fields = dict(line.split(": ", 1) for line in output.splitlines() if ": " in line)
    return Credentials(fields["Root access key"], fields["Root secret access key"])


def check_scp_binds(endpoint: str, member: Credentials, standalone: Credentials) -> None:
    """The member's OU denies SCP_PROBE_ACTION; the standalone account has no SCPs."""
    try:
        client(endpoint, "iam", member).delete_account_password_policy()
        raise SystemExit("the member account's SCPs did not deny DeleteAccountPasswordPolicy")
    except ClientError as error:
        if error.response["Error"]["Code"] != "AccessDenied":
            raise
    try:
        client(endpoint, "iam", standalone).delete_account_password_policy()
    except ClientError as error:
        if error.response["Error"]["Code"] != "NoSuchEntity":
            raise


# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------
def get_user_file(server: bench.Server, credentials: Credentials, label: str, workdir: Path) -> Path:
    body = bench.form_body(GET_USER)
    headers = bench.sign(server.endpoint, "iam", body, credentials)
    bench.check_once(server.endpoint, headers, body, f"GetUser as {label}")
    data_file = workdir / f"getuser-{label}.records"
    bench.write_records(data_file, [bench.raw_request(headers, body)])
    return data_file


def wrk_run(case: str, server: bench.Server, data_file: Path, connections: int, duration: int) -> bench.Run:
    run = bench.Run(case, server.name, connections, 1, duration)
    bench.replay(server, data_file, run, "repeat")
    invalid = "  INVALID: " + "; ".join(run.problems) if run.problems else ""
    print(f"{case:<22} c={connections:<3} {server.name:<8}{run.requests_per_s:10,.0f} req/s  "
          f"p50 {run.p50_ms:.2f} ms  p99 {run.p99_ms:.2f} ms  server CPU {cpu_per_request_us(run):.1f} µs/request"
          f"{invalid}", flush=True)
    return run


def cpu_per_request_us(run: bench.Run) -> float:
    return run.server_cpu_s / run.requests * 1e6 if run.requests else 0.0


def list_accounts_passes(org, passes: int, expected: int) -> tuple[list[float], list[str | None]]:
    """Seconds per full ListAccounts pass with boto3's paginator, and the NextTokens of one pass."""
    seconds, tokens = [], []
    for _ in range(passes):
        started = time.perf_counter()
        seen, tokens = set(), [None]
        for page in org.get_paginator("list_accounts").paginate(PaginationConfig={"PageSize": LIST_ACCOUNTS_PAGE}):
            seen.update(a["Id"] for a in page["Accounts"])
            if page.get("NextToken"):
                tokens.append(page["NextToken"])
        seconds.append(time.perf_counter() - started)
        if len(seen) != expected:
            raise SystemExit(f"ListAccounts returned {len(seen)} distinct accounts, expected {expected}")
    return seconds, tokens


def list_accounts_file(server: bench.Server, tokens: list[str | None], workdir: Path) -> Path:
    """Every page of one pass, signed for wrk (Organizations' tokens can be used again)."""
    headers = {"Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": f"{ORGANIZATIONS_TARGET}.ListAccounts"}
    raws = []
    for token in tokens:
        body = json.dumps({"MaxResults": LIST_ACCOUNTS_PAGE, **({"NextToken": token} if token else {})})
        signed = bench.sign(server.endpoint, "organizations", body, headers=headers)
        if not raws:
            bench.check_once(server.endpoint, signed, body, f"{server.name} ListAccounts")
        raws.append(bench.raw_request(signed, body))
    data_file = workdir / f"listaccounts-{server.name}.records"
    bench.write_records(data_file, raws)
    return data_file


# ---------------------------------------------------------------------------
# Phases
# ---------------------------------------------------------------------------
def rampart_phase(args: argparse.Namespace, workdir: Path, results: dict) -> None:
    serve_args = ("--max-organization-accounts", str(args.accounts + 100))
    workdir.mkdir(parents=True)
    server = bench.start_rampart(args.rampart_bin, workdir, serve_args)
    try:
        admin = bench.CREDENTIALS
        org = client(server.endpoint, "organizations", admin)
        org.create_organization(FeatureSet="ALL")
        root = org.list_roots()["Roots"][0]["Id"]
        org.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
        started = time.perf_counter()
        tree = build_units(org, root, args.siblings)
        timings = create_accounts(org, tree, args.accounts, args.batch)
        setup_s = time.perf_counter() - started
        member_unit = tree.chain[args.member_depth - 1]
        member = next(a for a, parent in tree.accounts.items() if parent == member_unit)
        policies = attach_scps(org, tree, member_unit)
        results["setup"] = {"accounts": args.accounts, "units": len(tree.units), "seconds": setup_s,
                            "accounts_per_s": args.accounts / setup_s, **timings,
                            "member_account": member, "member_depth": args.member_depth, "scps": policies}
        print(f"setup: {len(tree.units)} OUs and {args.accounts} accounts in {setup_s:.1f} s "
              f"({args.accounts / setup_s:.0f} accounts/s; CreateAccount+polling {timings['create_s']:.1f} s, "
              f"MoveAccount {timings['move_s']:.1f} s)", flush=True)

        role = client(server.endpoint, "sts", admin).assume_role(
            RoleArn=f"arn:aws:iam::{member}:role/{ACCESS_ROLE}", RoleSessionName="org-bench")["Credentials"]
        member_iam = client(server.endpoint, "iam", Credentials(
            role["AccessKeyId"], role["SecretAccessKey"], role["SessionToken"]))
        member_caller = caller_in(member_iam)
        standalone_caller = caller_in(client(
            server.endpoint, "iam", standalone_root_key(args.rampart_bin, server, workdir / "rampart-data")))
        check_scp_binds(server.endpoint, member_caller, standalone_caller)

        files = {"member": get_user_file(server, member_caller, "member", workdir),
                 "standalone": get_user_file(server, standalone_caller, "standalone", workdir)}
        runs = results["runs"]
        for connections in args.connections:
            pairs = results["get_user_pairs"][connections] = []
            for repeat in range(args.repeats):
                # Turns A B, B A, A B, …: drift in the machine's load falls on both sides alike, and each
                # pair of neighbouring runs gives one ratio.
                pair = {}
                for side in (("member", "standalone") if repeat % 2 == 0 else ("standalone", "member")):
                    pair[side] = wrk_run(f"GetUser {side}", server, files[side], connections, args.duration)
                    runs.append(pair[side])
                member, standalone = pair["member"], pair["standalone"]
                pairs.append({"time": standalone.requests_per_s / member.requests_per_s,
                              "cpu": cpu_per_request_us(member) / cpu_per_request_us(standalone)})

        seconds, tokens = list_accounts_passes(org, args.list_passes, args.accounts + 1)
        results["list_accounts"]["rampart"] = {"pass_s": seconds, "pages": len(tokens)}
        print(f"ListAccounts rampart: {len(tokens)} pages, pass median {statistics.median(seconds):.3f} s", flush=True)
        pages = list_accounts_file(server, tokens, workdir)
        for connections in args.connections:
            runs.append(wrk_run("ListAccounts page", server, pages, connections, args.duration))
        results["memory_kib"]["rampart"] = server.memory_kib()
    finally:
        server.stop()


def moto_phase(args: argparse.Namespace, workdir: Path, results: dict) -> None:
    workdir.mkdir(parents=True)
    server = bench.start_moto(workdir)
    try:
        org = client(server.endpoint, "organizations", bench.CREDENTIALS)
        org.create_organization(FeatureSet="ALL")
        started = time.perf_counter()
        for i in range(args.accounts):  # moto's CreateAccount answers SUCCEEDED at once; all stay at the root
            status = org.create_account(Email=f"member-{i:05d}@example.com", AccountName=f"member-{i:05d}")
            if status["CreateAccountStatus"]["State"] != "SUCCEEDED":
                raise SystemExit(f"moto CreateAccount: {status}")
        setup_s = time.perf_counter() - started
        print(f"moto setup: {args.accounts} accounts in {setup_s:.1f} s ({args.accounts / setup_s:.0f}/s)", flush=True)
        seconds, tokens = list_accounts_passes(org, args.list_passes, args.accounts + 1)
        results["list_accounts"]["moto"] = {"pass_s": seconds, "pages": len(tokens), "setup_s": setup_s}
        print(f"ListAccounts moto: {len(tokens)} pages, pass median {statistics.median(seconds):.3f} s", flush=True)
        pages = list_accounts_file(server, tokens, workdir)
        for connections in args.connections:
            results["runs"].append(wrk_run("ListAccounts page", server, pages, connections, args.duration))
        results["memory_kib"]["moto"] = server.memory_kib()
    finally:
        server.stop()


# ---------------------------------------------------------------------------
# Reporting
# ---------------------------------------------------------------------------
def summarize(runs: list[bench.Run], results: dict) -> dict:
    """Medians per (case, server, connections) and the two ratios."""
    medians: dict[str, dict] = {}
    for key in dict.fromkeys((r.case, r.server, r.connections) for r in runs):
        group = [r for r in runs if (r.case, r.server, r.connections) == key]
        medians["|".join(map(str, key))] = {
            "requests_per_s": statistics.median(r.requests_per_s for r in group),
            "cpu_us_per_request": statistics.median(cpu_per_request_us(r) for r in group),
            "p50_ms": statistics.median(r.p50_ms for r in group),
            "p99_ms": statistics.median(r.p99_ms for r in group), "runs": len(group)}
    summary: dict[str, dict] = {"medians": medians, "get_user": {}, "list_accounts": {}}
    connections = sorted({r.connections for r in runs})
    for c, pairs in results["get_user_pairs"].items():
        member, standalone = medians[f"GetUser member|rampart|{c}"], medians[f"GetUser standalone|rampart|{c}"]
        summary["get_user"][c] = {
            # The member's time per request, and its server CPU per request, over the standalone's
            # (1.10 is the limit): medians of the ratios of neighbouring runs. The time ratio of
            # the medians too.
            "time_ratio": statistics.median(pair["time"] for pair in pairs),
            "cpu_ratio": statistics.median(pair["cpu"] for pair in pairs),
            "time_ratio_of_medians": standalone["requests_per_s"] / member["requests_per_s"],
            "p50_ratio": member["p50_ms"] / standalone["p50_ms"]}
    listing = results["list_accounts"]
    if "rampart" in listing and "moto" in listing:
        summary["list_accounts"]["boto3_pass_ratio"] = (
            statistics.median(listing["moto"]["pass_s"]) / statistics.median(listing["rampart"]["pass_s"]))
        for c in connections:
            rampart, moto = medians.get(f"ListAccounts page|rampart|{c}"), medians.get(f"ListAccounts page|moto|{c}")
            if rampart and moto:
                summary["list_accounts"][c] = rampart["requests_per_s"] / moto["requests_per_s"]
    return summary


def print_tables(summary: dict, results: dict) -> None:
    medians = summary["medians"]
    setup = results["setup"]
    print(f"\nGetUser, member account (OU depth {setup['member_depth']}, customer SCPs at 3 levels + FullAWSAccess) "
          f"vs standalone account, same server; medians of {medians[next(iter(medians))]['runs']} runs each")
    print("member/standalone: time per request and server CPU per request, each the median over pairs of "
          "neighbouring runs (target <= 1.10)")
    header = (f"{'conns':>5} {'member req/s':>13} {'standalone req/s':>17} {'time ratio':>11} {'CPU µs m / s':>15}"
              f" {'CPU ratio':>10}  {'member p50/p99 ms':>18}  {'standalone p50/p99 ms':>22}")
    print(header)
    print("-" * len(header))
    for c, ratios in summary["get_user"].items():
        m, s = medians[f"GetUser member|rampart|{c}"], medians[f"GetUser standalone|rampart|{c}"]
        cpu = f"{m['cpu_us_per_request']:.1f} / {s['cpu_us_per_request']:.1f}"
        print(f"{c:>5} {m['requests_per_s']:>13,.0f} {s['requests_per_s']:>17,.0f} {ratios['time_ratio']:>10.3f}x"
              f" {cpu:>15} {ratios['cpu_ratio']:>9.3f}x"
              f"  {m['p50_ms']:>8.2f} / {m['p99_ms']:<7.2f}  {s['p50_ms']:>10.2f} / {s['p99_ms']:<9.2f}")
    listing = results["list_accounts"]
    print(f"\nListAccounts, {setup['accounts'] + 1} accounts, {LIST_ACCOUNTS_PAGE} per page")
    for name, data in listing.items():
        print(f"  {name:<8} boto3 paginator pass: median {statistics.median(data['pass_s']):.3f} s over "
              f"{len(data['pass_s'])} passes of {data['pages']} pages "
              f"({data['pages'] / statistics.median(data['pass_s']):,.0f} pages/s)")
    if ratio := summary["list_accounts"].get("boto3_pass_ratio"):
        print(f"  moto/rampart pass time: {ratio:.1f}x")
    for c, ratio in ((c, r) for c, r in summary["list_accounts"].items() if isinstance(c, int)):
        rampart, moto = medians[f"ListAccounts page|rampart|{c}"], medians[f"ListAccounts page|moto|{c}"]
        print(f"  wrk c={c:<3} pages/s rampart {rampart['requests_per_s']:,.0f} "
              f"(p50 {rampart['p50_ms']:.2f} ms, CPU {rampart['cpu_us_per_request'] / 1000:.2f} ms/page), "
              f"moto {moto['requests_per_s']:,.0f} (p50 {moto['p50_ms']:.2f} ms): {ratio:.1f}x")
    for name, memory in results["memory_kib"].items():
        print(f"  {name} peak RSS {memory['VmHWM'] / 1024:.1f} MiB")


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rampart-bin", type=Path,
                        default=Path(os.environ.get("RAMPART_BIN", bench.REPO_ROOT / ".build/release/rampart")))
    parser.add_argument("--json", type=Path, default=RESULTS_FILE)
    parser.add_argument("--accounts", type=int, default=2000)
    parser.add_argument("--siblings", type=int, default=2, help="OUs beside each OU of the chain (default 2)")
    parser.add_argument("--member-depth", type=int, default=5, choices=range(3, OU_DEPTH + 1),
                        help="OU depth of the member account measured (default 5)")
    parser.add_argument("--batch", type=int, default=50, help="CreateAccounts sent before polling them")
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run (default 10)")
    parser.add_argument("--connections", default="1,8,32", type=lambda s: [int(c) for c in s.split(",")])
    parser.add_argument("--repeats", type=int, default=5, help="wrk runs per side and connection count")
    parser.add_argument("--list-passes", type=int, default=5, help="full ListAccounts passes per server")
    parser.add_argument("--skip-moto", action="store_true")
    return parser.parse_args()


def main() -> int:
    load_at_start = os.getloadavg()
    args = parse_args()
    if shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    bench.ensure_rampart_binary(args.rampart_bin)
    signal.signal(signal.SIGTERM, bench._interrupt)
    results: dict = {"runs": [], "get_user_pairs": {}, "list_accounts": {}, "memory_kib": {}}
    with tempfile.TemporaryDirectory(prefix="rampart-org-bench-") as tmp:
        rampart_phase(args, Path(tmp) / "rampart", results)
        if not args.skip_moto:
            moto_phase(args, Path(tmp) / "moto", results)
    runs = results["runs"]
    summary = summarize(runs, results)
    print_tables(summary, results)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    document = {
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "command": " ".join([Path(sys.executable).name, *sys.argv]),
        "load_average_at_start": load_at_start,
        "settings": {k: str(v) if isinstance(v, Path) else v for k, v in vars(args).items()},
        "environment": bench.environment(args.rampart_bin),
        **{k: v for k, v in results.items() if k != "runs"},
        "summary": summary,
        "runs": [asdict(r) for r in runs],
    }
    args.json.write_text(json.dumps(document, indent=2) + "\n")
    print(f"\nwrote {args.json}")
    return 1 if bench.report_problems(runs) else 0


if __name__ == "__main__":
    bench.exit_with(main)
