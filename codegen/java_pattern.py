"""Java regular expressions from AWS service models, compiled to direct Swift checks.

The models carry Coral's (Java) patterns, matched against the whole value (`String.matches`).
Most are one character class with a quantifier (`[\\w+=,.@-]+`); some add fixed characters
around it (`\\u002F[\\u0021-\\u007F]*`, or `(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)`). Every
pattern of the form

    alternative ( '|' alternative )*
    alternative = fixed-atom* [variable-atom] fixed-atom*

where an atom is a character, a class or a shorthand with a quantifier, is compiled to a scan
over Unicode scalars: the fixed atoms from both ends, the one variable atom over what is left.
That is exact (no backtracking is ever needed).

An alternative with several variable atoms (`ou-[0-9a-z]{4,32}-[a-z0-9]{8,32}`) is scanned
greedily from the left when that is exact: every variable atom's class shares no character with
whatever may follow it, so where it stops is forced (`greedy_exact`). Otherwise it becomes a small
automaton over its expanded atoms (`automaton_items`: at most 63 items, one bit each), which
tracks every item the value may have reached, still linear in the value (`[^\\s@]+@[^\\s@]+\\.[^\\s@]+`).
Everything else (groups that repeat, lookahead) falls back to a cached Swift `Regex`, translated
by `to_swift_regex`.

Java semantics kept: `\\uXXXX` takes exactly four hex digits (so `\\u10000` is U+1000 then `0`),
`\\w \\d \\s` are ASCII-only, matching is per code point.
"""

import re

SHORTHANDS = {
    "d": [(0x30, 0x39)],
    "w": [(0x30, 0x39), (0x41, 0x5A), (0x5F, 0x5F), (0x61, 0x7A)],
    "s": [(0x09, 0x0D), (0x20, 0x20)],
}

MAX_SCALAR = 0x10FFFF

# The most items an automaton may have: one bit each, and one more for the end, in a UInt64.
MAX_AUTOMATON_ITEMS = 63

# Unicode general categories, as Swift's Unicode.GeneralCategory cases.
CATEGORIES = {
    "L": ["uppercaseLetter", "lowercaseLetter", "titlecaseLetter", "modifierLetter", "otherLetter"],
    "Lu": ["uppercaseLetter"],
    "Ll": ["lowercaseLetter"],
    "M": ["nonspacingMark", "spacingMark", "enclosingMark"],
    "N": ["decimalNumber", "letterNumber", "otherNumber"],
    "Nd": ["decimalNumber"],
    "P": [
        "connectorPunctuation", "dashPunctuation", "openPunctuation", "closePunctuation",
        "initialPunctuation", "finalPunctuation", "otherPunctuation",
    ],
    "S": ["mathSymbol", "currencySymbol", "modifierSymbol", "otherSymbol"],
    "Z": ["spaceSeparator", "lineSeparator", "paragraphSeparator"],
}

SIMPLE_ESCAPES = {"t": 0x09, "n": 0x0A, "r": 0x0D, "f": 0x0C, "e": 0x1B, "a": 0x07}


class Unsupported(Exception):
    """The pattern needs a real regex engine."""


class CharSet:
    def __init__(self):
        self.ranges = []
        self.categories = []
        self.negated = False

    def add(self, low, high):
        self.ranges.append((low, high))

    def add_category(self, name):
        if name not in CATEGORIES:
            raise Unsupported("category " + name)
        for case in CATEGORIES[name]:
            if case not in self.categories:
                self.categories.append(case)

    def merged(self):
        out = []
        for low, high in sorted(self.ranges):
            if out and low <= out[-1][1] + 1:
                out[-1] = (out[-1][0], max(out[-1][1], high))
            else:
                out.append((low, high))
        return out

    def key(self):
        return (tuple(self.merged()), tuple(sorted(self.categories)), self.negated)


def complement(ranges):
    """The code points 0…U+10FFFF outside `ranges` (sorted, merged)."""
    out, start = [], 0
    for low, high in ranges:
        if low > start:
            out.append((start, low - 1))
        start = max(start, high + 1)
    if start <= MAX_SCALAR:
        out.append((start, MAX_SCALAR))
    return out


def _single(code):
    cs = CharSet()
    cs.add(code, code)
    return cs


def _parse_escape(p, i):
    """p[i] is a backslash. Returns ('char', code, next) or ('set', CharSet, next)."""
    if i + 1 >= len(p):
        raise Unsupported("trailing backslash")
    c = p[i + 1]
    if c == "u":
        digits = p[i + 2:i + 6]
        if not re.fullmatch(r"[0-9A-Fa-f]{4}", digits):
            raise Unsupported("bad \\u escape")
        return "char", int(digits, 16), i + 6
    if c == "x":
        digits = p[i + 2:i + 4]
        if not re.fullmatch(r"[0-9A-Fa-f]{2}", digits):
            raise Unsupported("bad \\x escape")
        return "char", int(digits, 16), i + 4
    if c in SHORTHANDS:
        cs = CharSet()
        for low, high in SHORTHANDS[c]:
            cs.add(low, high)
        return "set", cs, i + 2
    if c.lower() in SHORTHANDS:
        # \S \D \W: everything the ASCII-only shorthand leaves out, as explicit ranges, so that
        # `[\s\S]` is every code point.
        cs = CharSet()
        for low, high in complement(SHORTHANDS[c.lower()]):
            cs.add(low, high)
        return "set", cs, i + 2
    if c == "p":
        m = re.match(r"\{(\w+)\}", p[i + 2:])
        if not m:
            raise Unsupported("\\p without braces")
        cs = CharSet()
        cs.add_category(m.group(1))
        return "set", cs, i + 2 + len(m.group(0))
    if c in SIMPLE_ESCAPES:
        return "char", SIMPLE_ESCAPES[c], i + 2
    if c.isalnum():
        raise Unsupported("escape \\" + c)
    return "char", ord(c), i + 2


def _parse_class(p, i):
    """p[i] is '['. Returns (CharSet, next)."""
    cs = CharSet()
    i += 1
    if i < len(p) and p[i] == "^":
        cs.negated = True
        i += 1
    first = True
    while True:
        if i >= len(p):
            raise Unsupported("unterminated class")
        c = p[i]
        if c == "]" and not first:
            return cs, i + 1
        if c == "[" or p.startswith("&&", i):
            raise Unsupported("nested class or intersection")
        first = False
        if c == "\\":
            kind, value, i = _parse_escape(p, i)
        else:
            kind, value, i = "char", ord(c), i + 1
        if kind == "set":
            cs.ranges.extend(value.ranges)
            for case in value.categories:
                if case not in cs.categories:
                    cs.categories.append(case)
            continue
        if i + 1 < len(p) and p[i] == "-" and p[i + 1] != "]":
            if p[i + 1] == "\\":
                kind2, high, i = _parse_escape(p, i + 1)
                if kind2 != "char":
                    raise Unsupported("range to a set")
            elif p[i + 1] == "[":
                raise Unsupported("range to a class")
            else:
                high, i = ord(p[i + 1]), i + 2
            if high < value:
                raise Unsupported("reversed range")
            cs.add(value, high)
        else:
            cs.add(value, value)


def _parse_quantifier(p, i):
    if i >= len(p):
        return 1, 1, i
    c = p[i]
    if c == "+":
        low, high, i = 1, None, i + 1
    elif c == "*":
        low, high, i = 0, None, i + 1
    elif c == "?":
        low, high, i = 0, 1, i + 1
    elif c == "{":
        m = re.match(r"\{(\d+)(,(\d*))?\}", p[i:])
        if not m:
            raise Unsupported("bad {}")
        low = int(m.group(1))
        high = low if m.group(2) is None else (int(m.group(3)) if m.group(3) else None)
        i += len(m.group(0))
    else:
        return 1, 1, i
    if i < len(p) and p[i] in "?+":
        raise Unsupported("lazy or possessive quantifier")
    return low, high, i


def _parse_sequence(p):
    atoms = []
    i = 0
    while i < len(p):
        c = p[i]
        if c == "[":
            cs, i = _parse_class(p, i)
        elif c == "\\":
            kind, value, i = _parse_escape(p, i)
            cs = value if kind == "set" else _single(value)
        elif c in "()|.?*+{}^$":
            raise Unsupported("metacharacter " + c)
        else:
            cs, i = _single(ord(c)), i + 1
        low, high, i = _parse_quantifier(p, i)
        atoms.append((cs, low, high))
    return atoms


def _split_alternatives(p):
    parts, depth, in_class, start, i = [], 0, False, 0, 0
    while i < len(p):
        c = p[i]
        if c == "\\":
            i += 2
            continue
        if in_class:
            if c == "]":
                in_class = False
        elif c == "[":
            in_class = True
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
        elif c == "|" and depth == 0:
            parts.append(p[start:i])
            start = i + 1
        i += 1
    parts.append(p[start:])
    return parts


def _strip_group(alt):
    """`(x)` around a whole alternative is the alternative itself."""
    if not (alt.startswith("(") and alt.endswith(")")) or alt.startswith("(?"):
        return alt
    depth, i = 0, 0
    while i < len(alt):
        c = alt[i]
        if c == "\\":
            i += 2
            continue
        if c == "[":
            j = alt.index("]", i + 2)
            i = j + 1
            continue
        if c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if depth == 0 and i != len(alt) - 1:
                return alt
        i += 1
    return alt[1:-1]


def _strip_anchors(alt):
    """`^x$` is `x` under whole-value matching, also inside a group: `(^p-[0-9a-z]{8,128})`."""
    for _ in range(2):
        if alt.startswith("^"):
            alt = alt[1:]
        if alt.endswith("$") and not alt.endswith("\\$"):
            alt = alt[:-1]
        alt = _strip_group(alt)
    return alt


def compile_sequences(pattern):
    """Every alternative as its list of atoms (CharSet, low, high; high None for unbounded), or
    raises Unsupported."""
    return [_parse_sequence(_strip_anchors(alt)) for alt in _split_alternatives(pattern)]


def compile_pattern(pattern):
    """Returns a list of alternatives (prefix atoms, variable atom or None, suffix atoms),
    or raises Unsupported."""
    alternatives = []
    for atoms in compile_sequences(pattern):
        variable = [k for k, (_, low, high) in enumerate(atoms) if low != high]
        if len(variable) > 1:
            raise Unsupported("more than one variable atom")
        if variable:
            k = variable[0]
            alternatives.append((atoms[:k], atoms[k], atoms[k + 1:]))
        else:
            alternatives.append((atoms, None, []))
    return alternatives


def explicit_ranges(cs):
    """The code points of `cs` as merged ranges, or None when it has general categories (which
    only Swift can test, against its own Unicode version)."""
    if cs.categories:
        return None
    ranges = cs.merged()
    return complement(ranges) if cs.negated else ranges


def disjoint(a, b):
    """Whether no code point is in both sets; False when that cannot be shown here."""
    ra, rb = explicit_ranges(a), explicit_ranges(b)
    if ra is None or rb is None:
        return False
    return not any(la <= hb and lb <= ha for la, ha in ra for lb, hb in rb)


def greedy_exact(atoms):
    """Whether taking as much as possible for each atom in turn, from the left, decides the match:
    true when every variable atom's set is disjoint from each atom that may come next (the
    following atoms up to and including the first that cannot be empty)."""
    for k, (cs, low, high) in enumerate(atoms):
        if low == high:
            continue
        for following, following_low, _ in atoms[k + 1:]:
            if not disjoint(cs, following):
                return False
            if following_low > 0:
                break
    return True


def automaton_items(atoms):
    """The atoms expanded into items ('one' | 'optional' | 'repeat', CharSet): `x{2,4}` is two
    'one' and two 'optional', `x+` one 'one' and a 'repeat'. Raises Unsupported beyond
    MAX_AUTOMATON_ITEMS."""
    items = []
    for cs, low, high in atoms:
        items += [("one", cs)] * low
        items += [("repeat", cs)] if high is None else [("optional", cs)] * (high - low)
        if len(items) > MAX_AUTOMATON_ITEMS:
            raise Unsupported("too many items for an automaton")
    return items


def to_swift_regex(pattern):
    """The Java pattern in Swift Regex syntax: `\\uXXXX` becomes `\\u{XXXX}` (exactly four
    digits, as Java reads it); the rest of the syntax used by the models is common to both.
    The caller sets ASCII-only \\w \\d \\s and scalar semantics on the Regex."""
    return re.sub(r"\\u([0-9A-Fa-f]{4})", r"\\u{\1}", pattern)
