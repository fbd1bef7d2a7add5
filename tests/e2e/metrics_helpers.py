"""Reading Rampart's /metrics: Prometheus' text format parsed into {(name, labels): value}, and the
difference between two scrapes."""

from __future__ import annotations

import re

import requests

_SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{(.*)\})?\s+(\S+)$')
_LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"')


def parse(text: str) -> dict[tuple[str, frozenset], float]:
    samples = {}
    for line in text.splitlines():
        if not line or line.startswith("#"):
            continue
        match = _SAMPLE.match(line)
        assert match, f"not a Prometheus sample line: {line!r}"
        name, _, labels, value = match.groups()
        key = (name, frozenset(_LABEL.findall(labels or "")))
        samples[key] = float(value)
    return samples


def scrape(url: str) -> dict[tuple[str, frozenset], float]:
    response = requests.get(url, timeout=10)
    assert response.status_code == 200, response.text
    return parse(response.text)


def value(samples: dict, name: str, **labels) -> float:
    """The sample's value, 0 when it is not there yet (a counter not yet incremented)."""
    return samples.get((name, frozenset(labels.items())), 0.0)


def delta(before: dict, after: dict, name: str, **labels) -> float:
    return value(after, name, **labels) - value(before, name, **labels)
