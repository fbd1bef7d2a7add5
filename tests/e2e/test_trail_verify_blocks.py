"""Tamper evidence for reads' events, which the SQLite store keeps as facts, many to a row (a block):
`rampart audit verify` names an edited read inside a block by its sequence and id, a removed block as
the events it held, and a block rewritten with every later hash recomputed through the signed digests."""

from __future__ import annotations

import sqlite3
import time

import pytest

from e2e_helpers import ACCOUNT_ID, unique
from trail_blocks import Block
from trail_chain import rehash
from trail_verify_helpers import copy, first_problem, trail_server, verify  # noqa: F401 - copy is a fixture


def covered_block(db_path):
    """A block of at least three reads inside one digest: its position, first and last sequence, and the
    digest's number (None if there is none yet)."""
    with sqlite3.connect(f"file:{db_path}?mode=ro", uri=True) as db:
        return db.execute(
            "SELECT e.position, e.sequence - e.count + 1, e.sequence, d.number FROM trail_events e "
            "JOIN trail_digests d ON d.account = e.account AND d.first_sequence <= e.sequence - e.count + 1 "
            "AND e.sequence <= d.last_sequence WHERE e.account = ? AND e.block IS NOT NULL AND e.count >= 3 "
            "ORDER BY e.position LIMIT 1", (ACCOUNT_ID,)).fetchone()


@pytest.fixture(scope="module")
def trail(tmp_path_factory):
    """A data folder whose trail has blocks of reads between writes, signed by digests; written by a
    server that has stopped."""
    with trail_server(tmp_path_factory.mktemp("trail-verify-blocks")) as (data, iam):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            name = unique("trail-block")
            iam.create_user(UserName=name)
            for _ in range(5):
                iam.get_user(UserName=name)
            time.sleep(0.7)
            iam.create_user(UserName=unique("trail-block"))
            if covered_block(data / "rampart.db"):
                break
        else:
            pytest.fail("no block of reads covered by a digest")
    return data


def test_blocks_verify_clean_and_rehash_to_the_same_hashes(copy):
    data, db = copy
    status, lines = verify(data, db=db)
    assert status == 0, lines
    rehash(db, ACCOUNT_ID, 1)
    status, lines = verify(data, db=db)
    assert status == 0, lines


def test_an_edited_read_inside_a_block_is_named(copy):
    data, db = copy
    position, first, last, _ = covered_block(data / "rampart.db")
    (blob,) = db.execute("SELECT block FROM trail_events WHERE position = ?", (position,)).fetchone()
    block = Block.parse(bytes(blob))
    count = last - first + 1
    entry = block.entries[1]
    assert b"GetUser" in entry.facts
    entry.facts = entry.facts.replace(b"GetUser", b"GetRole")
    db.execute("UPDATE trail_events SET block = ? WHERE position = ?", (block.encode(), position))
    status, lines = verify(data, db=db)
    assert status == 1
    event = block.event_id(position - count + 2)
    assert first_problem(lines).startswith(f"account {ACCOUNT_ID} sequence {first + 1} (event {event}): edited:"), lines


def test_a_removed_block_is_named_as_the_events_it_held(copy):
    data, db = copy
    position, first, last, _ = covered_block(data / "rampart.db")
    db.execute("DELETE FROM trail_events WHERE position = ?", (position,))
    status, lines = verify(data, db=db)
    assert status == 1
    problem = first_problem(lines)
    assert problem.startswith(f"account {ACCOUNT_ID} sequence {first}: deleted: events {first}…{last} are missing"), lines


def test_a_block_edit_with_every_later_hash_recomputed_is_caught_by_the_digests(copy):
    data, db = copy
    position, first, _, number = covered_block(data / "rampart.db")
    (blob,) = db.execute("SELECT block FROM trail_events WHERE position = ?", (position,)).fetchone()
    block = Block.parse(bytes(blob))
    block.entries[1].facts = block.entries[1].facts.replace(b"GetUser", b"GetRole")
    db.execute("UPDATE trail_events SET block = ? WHERE position = ?", (block.encode(), position))
    rehash(db, ACCOUNT_ID, first + 1)
    status, lines = verify(data, db=db)
    assert status == 1
    assert f"digest {number}: rewritten:" in first_problem(lines), lines
    assert not any(": edited:" in line for line in lines), "the chain alone looks intact"
