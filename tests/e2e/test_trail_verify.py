"""Tamper evidence: `rampart audit verify` checks every account's hash chain and signed digests,
and names the first event that was edited, deleted, inserted or reordered and any digest that was
forged or removed. Each test tampers with a fresh copy of a trail a real server wrote."""

from __future__ import annotations

import base64
import os
import sqlite3
import time

import pytest

from e2e_helpers import ACCOUNT_ID, run_rampart, unique
from trail_chain import COLUMNS, link_hash, rehash
from trail_verify_helpers import copy, first_problem, trail_server, verify  # noqa: F401 - copy is a fixture


def digests(db_path, account=ACCOUNT_ID):
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        return db.execute("SELECT number, first_sequence, last_sequence FROM trail_digests WHERE account = ? "
                          "ORDER BY number", (account,)).fetchall()


@pytest.fixture(scope="module")
def trail(tmp_path_factory):
    """A data folder whose account has several digests, one covering at least five events, and
    events after the last digest; written by a server that has stopped."""
    with trail_server(tmp_path_factory.mktemp("trail-verify")) as (data, iam):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            for _ in range(6):
                iam.create_user(UserName=unique("trail"))
            time.sleep(0.7)
            found = digests(data / "rampart.db")
            if len(found) >= 3 and any(last - first >= 4 for _, first, last in found):
                break
        else:
            pytest.fail(f"no digests written: {digests(data / 'rampart.db')}")
        iam.list_users()
        running = run_rampart("audit", "verify", "--data", data, check=False)
    assert running.returncode == 0, running.stdout + running.stderr
    return data


def covered(db) -> tuple[int, int, int]:
    """A digest covering at least five events: its number and its first and last sequence."""
    return db.execute("SELECT number, first_sequence, last_sequence FROM trail_digests WHERE account = ? "
                      "AND last_sequence - first_sequence >= 4 ORDER BY number LIMIT 1", (ACCOUNT_ID,)).fetchone()


def event_id(db, sequence: int) -> str:
    return db.execute("SELECT event_id FROM trail_events WHERE account = ? AND sequence = ?",
                      (ACCOUNT_ID, sequence)).fetchone()[0]


def test_an_untouched_trail_verifies_clean(copy):
    data, db = copy
    status, lines = verify(data)
    assert status == 0, lines
    assert lines[-1].endswith("the trail is intact."), lines
    # Events after the last digest are a note, not a failure. Whether the last calls made it into a digest
    # before the server stopped depends on timing (one every 0.5 s), so the note is expected exactly when
    # the database has such events.
    head = db.execute("SELECT MAX(sequence) FROM trail_events WHERE account = ?", (ACCOUNT_ID,)).fetchone()[0]
    signed = db.execute("SELECT MAX(last_sequence) FROM trail_digests WHERE account = ?", (ACCOUNT_ID,)).fetchone()[0]
    assert any("not yet covered by a digest" in line for line in lines) == (head > signed), (head, signed, lines)


def test_rehashing_unchanged_events_changes_nothing(copy):
    """The Python chain in trail_chain.py computes the hashes the server wrote."""
    data, db = copy
    rehash(db, ACCOUNT_ID, 1)
    assert verify(data, db=db)[0] == 0


def test_an_edited_event_is_named(copy):
    data, db = copy
    _, first, _ = covered(db)
    target = first + 2
    db.execute("UPDATE trail_events SET body = replace(body, 'CreateUser', 'DeleteUser') "
               "WHERE account = ? AND sequence = ?", (ACCOUNT_ID, target))
    status, lines = verify(data, db=db)
    assert status == 1
    assert first_problem(lines).startswith(
        f"account {ACCOUNT_ID} sequence {target} (event {event_id(db, target)}): edited:"), lines


def test_a_deleted_event_is_named(copy):
    data, db = copy
    _, first, _ = covered(db)
    db.execute("DELETE FROM trail_events WHERE account = ? AND sequence = ?", (ACCOUNT_ID, first + 2))
    status, lines = verify(data, db=db)
    assert status == 1
    assert first_problem(lines).startswith(f"account {ACCOUNT_ID} sequence {first + 2}: deleted:"), lines


def test_an_inserted_event_is_named(copy):
    """A forged event with hashes that follow the event before it, the later events moved up."""
    data, db = copy
    _, first, _ = covered(db)
    target = first + 2
    db.execute("UPDATE trail_events SET sequence = -sequence - 1 WHERE account = ? AND sequence >= ?",
               (ACCOUNT_ID, target))
    db.execute("UPDATE trail_events SET sequence = -sequence WHERE account = ? AND sequence < 0", (ACCOUNT_ID,))
    row = list(db.execute(f"SELECT {COLUMNS} FROM trail_events WHERE account = ? AND sequence = ?",
                          (ACCOUNT_ID, target - 1)).fetchone())
    previous = db.execute("SELECT hash FROM trail_events WHERE account = ? AND sequence = ?",
                          (ACCOUNT_ID, target - 1)).fetchone()[0]
    row[0], row[4] = target, "forged-event"
    db.execute("INSERT INTO trail_events(sequence, account, organization, time_ms, event_id, event_name, "
               "event_source, username, access_key_id, read_only, resources, body, previous_hash, hash) "
               "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", (*row, previous, link_hash(previous, row)))
    status, lines = verify(data, db=db)
    assert status == 1
    assert first_problem(lines).startswith(
        f"account {ACCOUNT_ID} sequence {target} (event forged-event): inserted:"), lines


def test_swapped_events_are_named(copy):
    data, db = copy
    _, first, _ = covered(db)
    a, b = first + 1, first + 2
    moved = event_id(db, b)
    for source, destination in ((a, -1), (b, a), (-1, b)):
        db.execute("UPDATE trail_events SET sequence = ? WHERE account = ? AND sequence = ?",
                   (destination, ACCOUNT_ID, source))
    status, lines = verify(data, db=db)
    assert status == 1
    assert first_problem(lines).startswith(f"account {ACCOUNT_ID} sequence {a} (event {moved}): reordered:"), lines


def test_an_edit_with_every_later_hash_recomputed_is_caught_by_the_digests(copy):
    data, db = copy
    number, first, last = covered(db)
    target = first + 2
    db.execute("UPDATE trail_events SET body = replace(body, 'CreateUser', 'DeleteUser') "
               "WHERE account = ? AND sequence = ?", (ACCOUNT_ID, target))
    rehash(db, ACCOUNT_ID, target)
    status, lines = verify(data, db=db)
    assert status == 1
    problem = first_problem(lines)
    assert problem.startswith(f"account {ACCOUNT_ID} sequence {first + 1} digest {number}: rewritten:"), lines
    assert f"an event in {first + 1}…{last} was changed" in problem, lines
    assert not any(": edited:" in line for line in lines), "the chain alone looks intact"


def test_a_removed_digest_is_named(copy):
    data, db = copy
    db.execute("DELETE FROM trail_digests WHERE account = ? AND number = 2", (ACCOUNT_ID,))
    status, lines = verify(data, db=db)
    assert status == 1
    assert first_problem(lines) == f"account {ACCOUNT_ID} digest 3: digest removed: digest 2 before it is missing", lines


def test_a_forged_digest_is_named(copy):
    data, db = copy
    db.execute("UPDATE trail_digests SET signature = zeroblob(64) WHERE account = ? AND number = 2", (ACCOUNT_ID,))
    status, lines = verify(data, db=db)
    assert status == 1
    assert first_problem(lines).startswith(f"account {ACCOUNT_ID} digest 2: digest forged:"), lines


def test_a_third_party_verifies_with_the_exported_public_key(copy, tmp_path):
    data, _ = copy
    pem = run_rampart("audit", "public-key", "--data", data).stdout
    assert pem.startswith("-----BEGIN PUBLIC KEY-----\n") and pem.strip().endswith("-----END PUBLIC KEY-----")
    key_file = tmp_path / "trail.pem"
    key_file.write_text(pem)
    (data / "audit-signing.key").unlink()
    status, lines = verify(data, "--public-key", key_file)
    assert status == 0, lines
    # Another key: a private key file of random bytes in a folder of its own.
    stranger = tmp_path / "stranger"
    stranger.mkdir()
    (stranger / "audit-signing.key").write_text(base64.b64encode(os.urandom(32)).decode())
    other = tmp_path / "other.pem"
    other.write_text(run_rampart("audit", "public-key", "--raw", "--data", stranger).stdout)
    status, lines = verify(data, "--public-key", other)
    assert status == 1 and ": digest forged:" in first_problem(lines), lines


def test_one_account_or_period_can_be_verified(copy):
    data, _ = copy
    status, lines = verify(data, "--account", ACCOUNT_ID, "--from", "2000-01-01T00:00:00Z",
                           "--to", "2100-01-01T00:00:00Z")
    assert status == 0, lines
    assert "of 1 accounts" in lines[-1], lines
