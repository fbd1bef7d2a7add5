"""The audit trail's hash chain computed in Python, byte for byte as `TrailLink.canonical` and
`SQLiteTrailWriter` compute it: what a tamperer who knows the format (but not the digest key)
can do, and what bench/trail_verify_bench.py writes a million events with. Reads' events are kept
as facts, many to a row (`SQLiteTrailBlock`): `trail_blocks` reads those rows."""

from __future__ import annotations

import hashlib
import sqlite3

from trail_blocks import Block

GENESIS = bytes(32)
COLUMNS = ("sequence, account, organization, time_ms, event_id, event_name, event_source, username, "
           "access_key_id, read_only, resources, body")
BLOCK_COLUMNS = "position, sequence, account, count, block"


def _field(text: str | bytes) -> bytes:
    data = text.encode() if isinstance(text, str) else text
    return str(len(data)).encode() + b":" + data


def facts_canonical(sequence: int, account: str, event_id: str, facts: bytes) -> bytes:
    """The bytes an event kept as facts is hashed over after the previous hash."""
    return b"".join(_field(field) for field in ["facts", str(sequence), account, event_id, facts])


def canonical(sequence, account, organization, time_ms, event_id, event_name, event_source, username,
              access_key_id, read_only, resources, body) -> bytes:
    """The bytes hashed after the previous hash; `resources` is the column's text (type U+001F
    name, resources separated by U+001E)."""
    pairs = [pair.split("\x1f", 1) + [""] for pair in resources.split("\x1e")] if resources else []
    fields = [str(sequence), account, organization or "", str(time_ms), event_id, event_name, event_source,
              username or "", access_key_id or "", "true" if read_only else "false", str(len(pairs))]
    for pair in pairs:
        fields += [pair[0], pair[1]]
    fields.append(body)
    return b"".join(_field(field) for field in fields)


def link_hash(previous: bytes, row) -> bytes:
    return hashlib.sha256(previous + canonical(*row)).digest()


def rehash(db: sqlite3.Connection, account: str, start: int) -> None:
    """Recomputes the hash of every event of `account` from sequence `start` on, chaining each to
    the stored hash of the event before it (rewriting blocks' hashes too)."""
    previous = None
    rows = db.execute(f"SELECT {BLOCK_COLUMNS}, {COLUMNS} FROM trail_events WHERE account = ? "
                      "AND sequence >= ? ORDER BY sequence", (account, start)).fetchall()
    for row in rows:
        position, sequence, _, count, blob = row[:5]
        first = sequence - count + 1
        if previous is None:
            found = db.execute("SELECT hash FROM trail_events WHERE account = ? AND sequence < ? "
                               "ORDER BY sequence DESC", (account, first)).fetchone()
            previous = found[0] if found else GENESIS
        if blob is None:
            digest = link_hash(previous, row[5:])
            db.execute("UPDATE trail_events SET previous_hash = ?, hash = ? WHERE account = ? AND sequence = ?",
                       (previous, digest, account, sequence))
            previous = digest
            continue
        block = Block.parse(bytes(blob))
        row_previous = previous
        for index, entry in enumerate(block.entries):
            event_sequence = first + index
            if event_sequence >= start:
                event_id = block.event_id(position - count + 1 + index)
                entry.hash = hashlib.sha256(previous + facts_canonical(event_sequence, account, event_id,
                                                                       entry.facts)).digest()
            previous = entry.hash
        db.execute("UPDATE trail_events SET previous_hash = ?, hash = ?, block = ? WHERE position = ?",
                   (row_previous, previous, block.encode(), position))
