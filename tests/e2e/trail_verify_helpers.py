"""What the tamper tests share: a data folder a real server wrote a trail into, with digests every half
second, and `rampart audit verify` run on a copy of it."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import contextmanager

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, RampartServer, make_session, run_rampart,
)


@contextmanager
def trail_server(base):
    """A server on a new data folder under `base`, signing a digest every 0.5 s; yields the folder and an
    IAM client, and stops the server after."""
    data = base / "data"
    run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET)
    server = RampartServer(data, base / "server.log", extra_args=["--trail-digest-interval", "0.5"]).start()
    try:
        iam = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
            "iam", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)
        yield data, iam
    finally:
        server.stop()


@pytest.fixture
def copy(trail, tmp_path):
    """A fresh copy of the module's `trail` folder and a connection to its database (a test module
    imports this fixture and defines `trail`)."""
    data = tmp_path / "data"
    shutil.copytree(trail, data, ignore=shutil.ignore_patterns("rampart.lock"))
    db = sqlite3.connect(data / "rampart.db")
    yield data, db
    db.close()


def verify(data, *args, db=None) -> tuple[int, list[str]]:
    if db is not None:
        db.commit()
    proc = run_rampart("audit", "verify", "--data", data, *args, check=False)
    return proc.returncode, proc.stdout.splitlines() + proc.stderr.splitlines()


def first_problem(lines: list[str]) -> str:
    return next(line for line in lines if line.startswith("account "))
