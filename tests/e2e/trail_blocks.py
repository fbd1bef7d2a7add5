"""Reads' trail events as the SQLite store keeps them: many to a row, as facts (`SQLiteTrailBlock`,
`APICallFacts`), read here by a second implementation of the layout, so tests can look at what is
stored without the server: the hashes a tamperer rewrites, the strings a secret scan searches."""

from __future__ import annotations

from dataclasses import dataclass
import json
import sqlite3
import struct

# Version 2 keeps each event's facts as what differs from the event before it in the block (the bytes
# they share at the start and at the end are counted, not stored); version 1 kept them whole.
VERSION = 2


class Reader:
    def __init__(self, data: bytes):
        self.data, self.offset = data, 0

    def take(self, count: int) -> bytes:
        if self.offset + count > len(self.data):
            raise ValueError("cut short")
        piece = self.data[self.offset:self.offset + count]
        self.offset += count
        return piece

    def length(self) -> int:
        value, shift = 0, 0
        while True:
            byte = self.take(1)[0]
            value |= (byte & 0x7F) << shift
            if byte < 0x80:
                return value
            shift += 7

    def field(self) -> bytes:
        return self.take(self.length())

    def string(self) -> str:
        return self.field().decode()

    def flag(self) -> bool:
        return self.take(1) != b"\0"

    def int64(self) -> int:
        return struct.unpack("<q", self.take(8))[0]

    def optional_string(self) -> str | None:
        return self.string() if self.flag() else None


def _length(value: int) -> bytes:
    out = bytearray()
    while value >= 0x80:
        out.append(value & 0x7F | 0x80)
        value >>= 7
    out.append(value)
    return bytes(out)


@dataclass
class Entry:
    hash: bytes
    facts: bytes


@dataclass
class Block:
    stem: bytes
    entries: list[Entry]

    @classmethod
    def parse(cls, blob: bytes) -> "Block":
        reader = Reader(blob)
        version = reader.take(1)[0]
        if version not in (1, VERSION):
            raise ValueError("another block version")
        stem = reader.take(8)
        entries: list[Entry] = []
        previous = b""
        for _ in range(reader.length()):
            digest = reader.take(32)
            if version == 1:
                facts = reader.field()
            else:
                start, end = reader.length(), reader.length()
                if start + end > len(previous):
                    raise ValueError("an event sharing more than the one before it holds")
                facts = previous[:start] + reader.field() + previous[len(previous) - end:]
            entries.append(Entry(digest, facts))
            previous = facts
        if reader.offset != len(blob):
            raise ValueError("bytes after the last event")
        return cls(stem, entries)

    def encode(self) -> bytes:
        out = bytearray([VERSION]) + self.stem + _length(len(self.entries))
        previous = b""
        for entry in self.entries:
            facts = entry.facts
            start = 0
            while start < min(len(previous), len(facts)) and previous[start] == facts[start]:
                start += 1
            end = 0
            while (end < min(len(previous), len(facts)) - start
                   and previous[len(previous) - 1 - end] == facts[len(facts) - 1 - end]):
                end += 1
            out += entry.hash + _length(start) + _length(end)
            out += _length(len(facts) - start - end) + facts[start:len(facts) - end]
            previous = facts
        return bytes(out)

    def event_id(self, position: int) -> str:
        """The id of the event at `position`: the stem, then the position, as a version 4 UUID."""
        raw = bytearray(self.stem + position.to_bytes(8, "big"))
        raw[6] = raw[6] & 0x0F | 0x40
        raw[8] = raw[8] & 0x3F | 0x80
        text = raw.hex()
        return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


# TrailValue's tags in facts (FactsTag).
STRING, INT, BOOL, NULL, ARRAY, OBJECT, RENDERED = range(1, 8)


def _value_strings(reader: Reader, out: list[str]) -> None:
    tag = reader.take(1)[0]
    if tag == STRING:
        out.append(reader.string())
    elif tag == INT:
        reader.int64()
    elif tag == BOOL:
        reader.flag()
    elif tag == ARRAY:
        for _ in range(reader.length()):
            _value_strings(reader, out)
    elif tag == OBJECT:
        for _ in range(reader.length()):
            out.append(reader.string())
            _value_strings(reader, out)
    elif tag == RENDERED:
        out.extend(json_strings(json.loads(reader.field())))
    elif tag != NULL:
        raise ValueError(f"a value tag {tag}")


def json_strings(value) -> list[str]:
    """Every string in a JSON value: members' names and string values."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for key, item in value.items() for s in [key] + json_strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in json_strings(item)]
    return []


def call_strings(facts: bytes) -> list[str]:
    """Every string an API call's facts hold (`APICallFacts`, version 1), read strictly in the order
    they are written: a layout this does not know raises."""
    reader, out = Reader(facts), []

    def optional(text):
        if text is not None:
            out.append(text)

    if reader.length() != 1:
        raise ValueError("another facts version")
    out += [reader.string() for _ in range(7)]  # account, kind, name, user id, arn, access key, partition
    if reader.flag():  # the session
        out += [reader.string() for _ in range(7)]  # source, access key, account, kind, name, path, id
        for _ in range(4):  # role session name, session policy, source identity, federated provider
            optional(reader.optional_string())
        reader.int64(), reader.int64()  # issued, expires
        if reader.flag():
            reader.int64()  # MFA authentication time
        out += [reader.string() for _ in range(reader.length())]  # policy ARNs
        for _ in range(reader.length()):  # tags
            out += [reader.string(), reader.string()]
    out += [reader.string() for _ in range(6)]  # service, action, region, address, agent, request id
    reader.int64()  # time
    _value_strings(reader, out)  # request parameters
    optional(reader.optional_string())  # organization
    reader.flag()  # from the console
    if reader.flag():  # a federated identity
        _value_strings(reader, out)
        out.append(reader.string())
    if reader.flag():  # an error
        out += [reader.string(), reader.string()]
        reader.int64(), reader.flag()
        for _ in range(reader.length()):
            out += [reader.string(), reader.string()]
    if reader.flag():  # response elements
        _value_strings(reader, out)
    if reader.offset != len(facts):
        raise ValueError("bytes after a call's facts")
    return out


@dataclass
class StoredTrail:
    """Everything the trail table holds, as text a scan can search: the records of rows of one event,
    and the strings of every call kept as facts, one list per event."""
    bodies: list[str]
    facts: list[list[str]]

    @property
    def events(self) -> int:
        return len(self.bodies) + len(self.facts)

    def texts(self) -> list[str]:
        """Each event as one text: a record, or a call's strings joined by newlines."""
        return self.bodies + ["\n".join(strings) for strings in self.facts]

    def strings(self) -> set[str]:
        """Every string value of every event (JSON strings of records, facts' strings)."""
        found = {s for body in self.bodies for s in json_strings(json.loads(body))}
        return found | {s for strings in self.facts for s in strings}

    def holds(self, body: str) -> bool:
        """Whether a record looked up is stored: in a row as it is, or as the facts of its request."""
        if body in self.bodies:
            return True
        request = json.loads(body).get("requestID")
        return request is not None and any(request in strings for strings in self.facts)


def stored_trail(path) -> StoredTrail:
    database = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        bodies, facts = [], []
        for body, blob in database.execute("SELECT body, block FROM trail_events"):
            if blob is None:
                bodies.append(body)
            else:
                facts += [call_strings(entry.facts) for entry in Block.parse(bytes(blob)).entries]
        return StoredTrail(bodies, facts)
    finally:
        database.close()
