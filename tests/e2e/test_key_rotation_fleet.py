"""Key rotation on a fleet (issue #19, item 5, on PostgreSQL): three instances on one database behind
HAProxy, reading one master key file, as tests/e2e/fleet.py starts them.

`rampart admin rotate-master-key` sent to the balancer adds a new key to the shared key file; every
instance reloads it and announces the keys it holds (`instance_keys`); only when every live instance
holds the new key does it seal with it, and only when every one seals with it are the old values
re-sealed. Under a load of reads, new access keys and session tokens through the balancer no
request fails, and what was made before works on every instance, also after they all restart with
the new key file alone. A rotation whose driving instance is killed with SIGKILL halfway is taken
over by another instance. After `rampart admin rotate-audit-signing-key`, every instance signs with
the new key (kept sealed in the database) and `rampart audit verify --database` checks the digests
from before and after with the key history the database keeps.

Each test starts a fleet of its own on a fresh database (a rotation rewrites the fleet's key file):
needs RAMPART_TEST_POSTGRES_URL (scripts/test sets it) and HAProxy.
"""

from __future__ import annotations

import os
import signal
import threading
import time

import pytest

from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, ROOT_EMAIL, ROOT_PASSWORD, run_rampart, unique, wait_until
from fleet import RampartFleet, own_fleet, psql
from mfa_helpers import admin_call
from test_key_rotation import Load, assert_keys_sign, client, users_with_keys

ADMIN = (ADMIN_KEY_ID, ADMIN_SECRET)
INIT = ["--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID, "--admin-secret-access-key", ADMIN_SECRET,
        "--root-email", ROOT_EMAIL, "--root-password", ROOT_PASSWORD]


def start_fleet(tmp_path, extra_args=()) -> RampartFleet:
    return own_fleet(tmp_path, "rampart_rotfleet", extra_args=extra_args, init_args=INIT)


@pytest.fixture
def fleet(tmp_path):
    fleet = start_fleet(tmp_path)
    yield fleet
    fleet.stop()


def key_lines(fleet: RampartFleet) -> list[str]:
    return [line for line in (fleet.data_dir / "master.key").read_text().splitlines() if line.strip()]


def status(endpoint: str) -> dict:
    resp = admin_call(endpoint, ADMIN, "GetMasterKeyRotation")
    assert resp.status_code == 200, resp.text
    return resp.json()


def instance_keys(fleet: RampartFleet) -> list[tuple[str, str, str]]:
    rows = psql(fleet.url, "SELECT instance, held, sealing FROM instance_keys "
                           "WHERE seen_at > now() - interval '5 seconds' ORDER BY instance")
    return [tuple(line.split("|")) for line in rows.splitlines() if line]


def session_works(fleet: RampartFleet, session: dict) -> None:
    """The session token opens on every instance (each asked directly, not through the balancer)."""
    for instance in fleet.instances:
        identity = client(instance, "sts", session["AccessKeyId"], session["SecretAccessKey"],
                          session["SessionToken"]).get_caller_identity()
        assert identity["Account"] == ACCOUNT_ID


def test_rotation_under_load_on_a_fleet_fails_no_request_and_survives_a_restart(fleet):
    before_keys = users_with_keys(fleet, 4)
    session = client(fleet, "sts").get_session_token(DurationSeconds=3600)["Credentials"]
    old_lines = key_lines(fleet)
    assert len(old_lines) == 1
    assert status(fleet.endpoint)["State"] == "NeverRotated"
    assert wait_until(lambda: len(instance_keys(fleet)) == 3, timeout=10), instance_keys(fleet)

    with Load(fleet, threads=3) as load:
        assert wait_until(lambda: load.calls >= 12 or load.errors, timeout=30), "the load runs before the rotation"
        started = time.monotonic()
        out = run_rampart("admin", "rotate-master-key", "--endpoint", fleet.endpoint, "--data", fleet.data_dir,
                          "--batch-size", "1", "--pause-ms", "40", timeout=180).stdout
        rotating = time.monotonic() - started
        during = load.calls
        assert wait_until(lambda: load.calls >= during + 12 or load.errors, timeout=30), "and goes on after it"
    assert load.errors == [], load.errors[:5]
    assert "Completed" in out, out
    assert rotating > 0.5, "the rotation took long enough to overlap the load"

    done = status(fleet.endpoint)
    assert done["State"] == "Completed" and done["Unopenable"] == 0, done
    assert done["Resealed"] >= len(before_keys) + 2 and done["Batches"] >= 2, done
    target, old = done["TargetKeyId"], done["RetiringKeyIds"][0]
    assert target != old
    # Every instance holds the new key and seals with it; the shared file keeps it alone, the old one beside it.
    assert wait_until(lambda: len(key_lines(fleet)) == 1, timeout=10), key_lines(fleet)
    assert key_lines(fleet) != old_lines
    assert (fleet.data_dir / f"master.key.retired-{old}").read_text().strip() == old_lines[0]
    # Each instance drops the old key when it next reads the rewritten file, a moment after it seals with the new
    # one: both are awaited (checking `held` once right after `sealing` raced that reload on a loaded machine).
    assert wait_until(lambda: [row[1:] for row in instance_keys(fleet)] == [(target, target)] * 3, timeout=10), \
        (target, instance_keys(fleet))
    # Every instance answers the same status (the progress is in the database).
    for instance in fleet.instances:
        assert status(instance.endpoint)["TargetKeyId"] == target

    for instance in fleet.instances:
        assert_keys_sign(instance, before_keys)
    session_works(fleet, session)

    # All restart with the new key file alone: secrets and the session token from before still work.
    for instance in fleet.instances:
        instance.stop()
    for instance in fleet.instances:
        instance.start()
    for instance in fleet.instances:
        assert_keys_sign(instance, before_keys)
    session_works(fleet, session)


def test_a_fleet_rotation_whose_driver_is_killed_halfway_is_resumed_by_another_instance(fleet):
    keys = users_with_keys(fleet, 8)
    resp = admin_call(fleet.endpoint, ADMIN, "RotateMasterKey", {"BatchSize": 1, "PauseMilliseconds": 250})
    assert resp.status_code == 200, resp.text
    assert resp.json()["State"] == "InProgress" and resp.json()["Phase"] in ("AwaitingKeys", "Switching", "Resealing")
    survivor = fleet.instances[0].endpoint

    def resealing():
        current = status(survivor)
        return current.get("Phase") == "Resealing" and current.get("Batches", 0) >= 3 and current.get("Driver")

    assert wait_until(resealing, timeout=30), status(survivor)
    first_driver = status(survivor)["Driver"]
    pid = int(first_driver.split("-")[0])
    victim = next(instance for instance in fleet.instances if instance.proc.pid == pid)
    os.kill(pid, signal.SIGKILL)
    victim.proc.wait(timeout=10)
    survivor = next(instance for instance in fleet.instances if instance is not victim).endpoint
    halfway = status(survivor)
    assert halfway["State"] == "InProgress", halfway

    drivers = {first_driver}

    def completed():
        current = status(survivor)
        if current.get("Driver"):
            drivers.add(current["Driver"])
        return current["State"] == "Completed"

    assert wait_until(completed, timeout=60, interval=0.1), status(survivor)
    assert len(drivers) >= 2, f"another instance took the rotation over: {drivers}"
    done = status(survivor)
    assert done["Resealed"] >= len(keys) + 1 and done["Unopenable"] == 0, done
    assert done["Batches"] > halfway["Batches"]
    for instance in fleet.instances:
        if instance is not victim:
            assert_keys_sign(instance, keys)
    # The killed instance starts again with the file the others left: the new key alone.
    assert wait_until(lambda: len(key_lines(fleet)) == 1, timeout=10), key_lines(fleet)
    victim.stop()
    victim.start()
    assert_keys_sign(victim, keys)


def digest_count(fleet: RampartFleet) -> int:
    return int(psql(fleet.url, f"SELECT COUNT(*) FROM trail_digests WHERE account = '{ACCOUNT_ID}'"))


def new_digests(fleet: RampartFleet) -> None:
    """Makes an event on every instance and waits for digests that cover them."""
    before = digest_count(fleet)
    for instance in fleet.instances:
        client(instance, "iam").create_user(UserName=unique("aud"))
    assert wait_until(lambda: digest_count(fleet) >= before + 1, timeout=20), "a digest is written"
    time.sleep(1.5)  # each instance's writer signs its next period


def test_audit_verify_on_the_database_checks_digests_from_before_and_after_a_fleet_key_rotation(tmp_path):
    fleet = start_fleet(tmp_path, ["--trail-digest-interval", "0.3"])
    try:
        new_digests(fleet)
        old_public = run_rampart("audit", "public-key", "--data", fleet.data_dir).stdout
        (tmp_path / "old.pem").write_text(old_public)
        old_private = tmp_path / "old-private.key"
        old_private.write_text((fleet.data_dir / "audit-signing.key").read_text())
        out = run_rampart("admin", "rotate-audit-signing-key", "--endpoint", fleet.endpoint,
                          "--data", fleet.data_dir).stdout
        assert "all 2 public keys" in out, out
        # The private key went to the database sealed (never in clear), and the shared file follows.
        assert psql(fleet.url, "SELECT COUNT(*) FROM records WHERE kind = 'sealed-data-key' "
                               "AND key = 'audit-signing'") == "1"
        assert wait_until(lambda: run_rampart("audit", "public-key", "--data", fleet.data_dir).stdout != old_public,
                          timeout=10)
        new_digests(fleet)

        check = run_rampart("audit", "verify", "--database", fleet.url, "--data", fleet.data_dir, check=False)
        assert check.returncode == 0, check.stdout + check.stderr
        assert "checked against 2 audit signing keys" in check.stdout and "the trail is intact" in check.stdout
        # The old key alone does not verify what the new one signed, on any instance.
        alone = run_rampart("audit", "verify", "--database", fleet.url, "--public-key", tmp_path / "old.pem",
                            check=False)
        assert alone.returncode == 1 and "signature does not verify" in alone.stdout, alone.stdout

        # An instance restarted with the old key file starts (the database holds the fleet's key, so
        # the file's is not compared) and signs with the key the database holds: its file follows.
        victim = fleet.instances[2]
        victim.stop()
        victim.extra_args = [arg if arg != str(fleet.data_dir / "audit-signing.key") else str(old_private)
                             for arg in victim.extra_args]
        victim.start()
        assert wait_until(lambda: old_private.read_text() == (fleet.data_dir / "audit-signing.key").read_text(),
                          timeout=10)
        new_digests(fleet)
        check = run_rampart("audit", "verify", "--database", fleet.url, "--data", fleet.data_dir, check=False)
        assert check.returncode == 0, check.stdout + check.stderr
    finally:
        fleet.stop()


def test_with_copies_of_the_key_file_the_rotation_waits_until_every_instance_holds_the_new_key(fleet):
    """Instances 2 and 3 read copies of the key file. The rotation adds its key to instance 1's file
    only, so it waits (sealing nothing under the new key) until the operator hands the file out:
    instance 2 reloads it on SIGHUP, instance 3 when it sees the file change."""
    keys = users_with_keys(fleet, 2)
    first, second, third = fleet.instances
    shared = str(fleet.data_dir / "master.key")
    copies = {second: second.data_dir / "own-master.key", third: third.data_dir / "own-master.key"}
    for instance, copy in copies.items():
        instance.stop()
        copy.write_text((fleet.data_dir / "master.key").read_text())
        instance.extra_args = [str(copy) if arg == shared else arg for arg in instance.extra_args]
        instance.start()
    old = key_lines(fleet)[0]

    resp = admin_call(first.endpoint, ADMIN, "RotateMasterKey", {"BatchSize": 10})
    assert resp.status_code == 200, resp.text
    target = resp.json()["TargetKeyId"]
    assert len(key_lines(fleet)) == 2 and key_lines(fleet)[0] == old, "the new key goes below the sealing one"

    def waiting():
        current = status(first.endpoint)
        return current.get("Phase") == "AwaitingKeys" and len(current.get("WaitingFor", [])) == 2

    assert wait_until(waiting, timeout=10), status(first.endpoint)
    time.sleep(2)
    current = status(first.endpoint)
    assert current["Phase"] == "AwaitingKeys" and current["State"] == "InProgress", current
    assert {row[2] for row in instance_keys(fleet)} != {target}, "nothing seals under a key not every instance holds"
    for instance in fleet.instances:
        assert_keys_sign(instance, keys)

    # The operator hands the file out: instance 2 is told by SIGHUP, instance 3 notices the change.
    for copy in copies.values():
        copy.write_text((fleet.data_dir / "master.key").read_text())
    os.kill(second.proc.pid, signal.SIGHUP)
    assert wait_until(lambda: status(first.endpoint)["State"] == "Completed", timeout=60), status(first.endpoint)
    assert second.proc.poll() is None, "SIGHUP reloads the key file; it does not stop the server"
    # Each instance took the old key out of its own file.
    for path in [fleet.data_dir / "master.key", *copies.values()]:
        assert wait_until(lambda: len([x for x in path.read_text().splitlines() if x.strip()]) == 1, timeout=10)
        assert path.read_text().strip() != old
    for instance in fleet.instances:
        assert_keys_sign(instance, keys)
