"""The audit trail's hash chain computed in Python, byte for byte as `TrailLink.canonical` and
`SQLiteTrailWriter` compute it: what a tamperer who knows the format (but not the digest key)
can do, and what bench/trail_verify_bench.py writes a million events with."""

from __future__ import annotations

import hashlib
import sqlite3

GENESIS = bytes(32)
COLUMNS = ("sequence, account, organization, time_ms, event_id, event_name, event_source, username, "
           "access_key_id, read_only, resources, body")


def _field(text: str) -> bytes:
    data = text.encode()
    return str(len(data)).encode() + b":" + data


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
    the stored hash of the event before it."""
    previous = db.execute("SELECT hash FROM trail_events WHERE account = ? AND sequence < ? ORDER BY sequence DESC",
                          (account, start)).fetchone()
    previous = previous[0] if previous else GENESIS
    rows = db.execute(f"SELECT {COLUMNS} FROM trail_events WHERE account = ? AND sequence >= ? ORDER BY sequence",
                      (account, start)).fetchall()
    for row in rows:
        digest = link_hash(previous, row)
        db.execute("UPDATE trail_events SET previous_hash = ?, hash = ? WHERE account = ? AND sequence = ?",
                   (previous, digest, account, row[0]))
        previous = digest
