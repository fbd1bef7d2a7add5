"""Two instances on a PostgreSQL cluster of this module's own, which the test stops and starts:
while the database is away, reads are answered from memory and writes are refused with
ServiceFailure (nothing half-written); once it is back the instances reconnect, follow again and
accept writes by themselves. Needs PostgreSQL's binaries (scripts/test installs them)."""

from __future__ import annotations

import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import botocore.exceptions
import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, REPO_ROOT, RampartServer, free_port, make_session,
    run_rampart, unique,
)
from fleet import database_url, psql

CLUSTER = REPO_ROOT / "scripts" / "test-postgres"


@pytest.fixture(scope="module")
def cluster():
    if not list(Path("/usr/lib/postgresql").glob("*/bin/initdb")):
        pytest.skip("PostgreSQL is not installed (scripts/test installs it)")
    folder = tempfile.mkdtemp(prefix="rampart-faults-", dir="/tmp")
    port = free_port()
    url = subprocess.run([CLUSTER, "start", folder, str(port)], capture_output=True, text=True,
                         check=True).stdout.strip()
    yield folder, port, url
    subprocess.run([CLUSTER, "stop", folder], capture_output=True)
    shutil.rmtree(folder, ignore_errors=True)


def iam_of(server):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("iam", endpoint_url=server.endpoint, region_name=REGION,
                                                           config=BOTO_CONFIG)


def test_a_database_restart_refuses_writes_keeps_reads_and_recovers(cluster, tmp_path):
    folder, port, admin_url = cluster
    psql(admin_url, "CREATE DATABASE faults")
    url = database_url(admin_url, "faults")
    first = tmp_path / "one"
    run_rampart("init", "--data", first, "--database", url, "--account-id", ACCOUNT_ID,
                "--admin-access-key-id", ADMIN_KEY_ID, "--admin-secret-access-key", ADMIN_SECRET)
    shared = ["--database", url, "--master-key-file", str(first / "master.key"),
              "--audit-signing-key-file", str(first / "audit-signing.key")]
    one = RampartServer(first, tmp_path / "one.log", extra_args=shared).start()
    two = RampartServer(tmp_path / "two", tmp_path / "two.log", extra_args=shared).start()
    try:
        before = unique("before")
        iam_of(one).create_user(UserName=before)
        assert iam_of(two).get_user(UserName=before)["User"]["UserName"] == before

        subprocess.run([CLUSTER, "stop", folder], check=True, capture_output=True)
        # Reads: from memory, on both.
        for server in (one, two):
            assert iam_of(server).get_user(UserName=before)["User"]["UserName"] == before
        # Writes: refused with ServiceFailure, promptly, and not made.
        during = unique("during")
        started = time.monotonic()
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            iam_of(one).create_user(UserName=during)
        assert time.monotonic() - started < 10
        assert refused.value.response["Error"]["Code"] == "ServiceFailure", refused.value.response
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] >= 500

        subprocess.run([CLUSTER, "start", folder, str(port)], check=True, capture_output=True)
        after = unique("after")
        deadline = time.monotonic() + 30
        while True:
            try:
                iam_of(two).create_user(UserName=after)
                break
            except botocore.exceptions.ClientError as error:
                assert error.response["Error"]["Code"] == "ServiceFailure"
                assert time.monotonic() < deadline, "writes not accepted 30 s after the database came back"
                time.sleep(0.5)
        # The other instance follows again by itself, and the refused write is nowhere.
        assert iam_of(one).get_user(UserName=after)["User"]["UserName"] == after
        for server in (one, two):
            with pytest.raises(botocore.exceptions.ClientError) as gone:
                iam_of(server).get_user(UserName=during)
            assert gone.value.response["Error"]["Code"] == "NoSuchEntity"
        assert psql(url, f"SELECT COUNT(*) FROM records WHERE key LIKE '%/{during}'") == "0"
    finally:
        one.stop()
        two.stop()


def cluster_processes(folder: str) -> list[int]:
    """The postmaster of the cluster in `folder` and its children (the backends)."""
    postmaster = int(Path(folder, "postmaster.pid").read_text().split()[0])
    children = subprocess.run(["pgrep", "-P", str(postmaster)], capture_output=True, text=True).stdout.split()
    return [postmaster, *map(int, children)]


def test_a_paused_database_refuses_new_writes_at_once_and_recovers(cluster, tmp_path):
    """SIGSTOP on every PostgreSQL process: connections stay open but nothing answers. Once the
    instance's health check has noticed (within about 4 s), writes are refused at once; after
    SIGCONT they are accepted again."""
    folder, port, admin_url = cluster
    psql(admin_url, "CREATE DATABASE paused")
    url = database_url(admin_url, "paused")
    data = tmp_path / "one"
    run_rampart("init", "--data", data, "--database", url, "--account-id", ACCOUNT_ID,
                "--admin-access-key-id", ADMIN_KEY_ID, "--admin-secret-access-key", ADMIN_SECRET)
    server = RampartServer(data, tmp_path / "one.log", extra_args=["--database", url]).start()
    try:
        paused_then_resumed(server, folder)
    finally:
        server.stop()


def paused_then_resumed(server, folder):
    import os
    import signal

    iam = iam_of(server)
    processes = cluster_processes(folder)
    try:
        known = unique("known")
        iam.create_user(UserName=known)
        for pid in processes:
            os.kill(pid, signal.SIGSTOP)
        time.sleep(5)
        assert iam.get_user(UserName=known)["User"]["UserName"] == known  # from memory
        started = time.monotonic()
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            iam.create_user(UserName=unique("paused"))
        assert refused.value.response["Error"]["Code"] == "ServiceFailure"
        assert time.monotonic() - started < 2, "a write waited on a paused database"
    finally:
        for pid in processes:
            os.kill(pid, signal.SIGCONT)
    deadline = time.monotonic() + 30
    while True:
        try:
            iam.create_user(UserName=unique("resumed"))
            break
        except botocore.exceptions.ClientError as error:
            assert error.response["Error"]["Code"] == "ServiceFailure"
            assert time.monotonic() < deadline, "writes not accepted 30 s after the database resumed"
            time.sleep(0.5)
