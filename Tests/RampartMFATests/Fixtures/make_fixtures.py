#!/usr/bin/env python3
"""Regenerates the QR fixtures of RampartMFATests with segno, an independent encoder, cross-checked with qrcode.

    python3 -m venv /tmp/qrvenv && /tmp/qrvenv/bin/pip install segno==1.6.6 qrcode==8.2
    /tmp/qrvenv/bin/python Tests/RampartMFATests/Fixtures/make_fixtures.py

Writes, next to this script:
- qr-block-structure.txt: per version and level, the codeword counts of ISO/IEC 18004 Table 9 as segno has them.
- qr-all-versions.txt: per version and level, the CRC-32 of a symbol filled to capacity, with a forced mask.
- qr-<name>.txt: whole symbols, one row of 0/1 per line (1 = dark), after a few `key: value` header lines.

Every symbol is byte mode with the error level as given (segno's boost_error off, no ECI). Each symbol segno makes
is also made with qrcode (python-qrcode) at the same version and mask, and the two must be identical.
"""

import os
import zlib

import qrcode
import qrcode.util
import segno
import segno.encoder
from segno import consts


def _pad_to_codeword_boundary(buff, version, length):
    """ISO/IEC 18004 7.4.10: zero bits up to the next codeword boundary, only if the stream is not on one.

    segno 1.6.6 appends 8 - length % 8 bits, a whole zero codeword when the stream already ends on a boundary, which
    in byte mode (4 + 8 or 16 + 8n bits, then a 4-bit terminator) is every symbol that is not full. Readers ignore
    it, but it is not the standard's padding and python-qrcode does not add it.
    """
    if length % 8:
        buff.extend([0] * (8 - length % 8))


segno.encoder.write_padding_bits = _pad_to_codeword_boundary

HERE = os.path.dirname(os.path.abspath(__file__))
LEVELS = {"L": consts.ERROR_LEVEL_L, "M": consts.ERROR_LEVEL_M, "Q": consts.ERROR_LEVEL_Q, "H": consts.ERROR_LEVEL_H}

# name, data, level, mask to force (None: segno's own choice, which the Swift test expects its encoder to make too).
# Where segno's automatic choice differs from Rampart's, the mask Rampart picks is forced so the matrix can still be
# compared, and the Swift test checks only the matrix; see `oracle-mask` in the file.
OTPAUTH = (
    b"otpauth://totp/Rampart:alice@example.com?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
    b"&issuer=Rampart&algorithm=SHA1&digits=6&period=30"
)
CASES = [
    ("short-low", b"Rampart", "L", None),
    ("otpauth-medium", OTPAUTH, "M", None),
    ("long-quartile", bytes(range(32, 127)) + bytes(range(32, 87)), "Q", None),
    ("arn-high", b"arn:aws:iam::123456789012:mfa/" + b"x" * 70, "H", None),
    ("utf8-medium", "Zürich ✓ 東京".encode("utf-8"), "M", None),
]


def rows(qr):
    return ["".join("1" if module else "0" for module in row) for row in qr.matrix]


def make(data, level, version=None, mask=None):
    return segno.make_qr(data, error=level, version=version, mode="byte", mask=mask, boost_error=False, eci=False)


QRCODE_LEVELS = {
    "L": qrcode.constants.ERROR_CORRECT_L,
    "M": qrcode.constants.ERROR_CORRECT_M,
    "Q": qrcode.constants.ERROR_CORRECT_Q,
    "H": qrcode.constants.ERROR_CORRECT_H,
}


def make_with_qrcode(data, level, version=None, mask=None):
    code = qrcode.QRCode(version=version, error_correction=QRCODE_LEVELS[level], border=0, mask_pattern=mask)
    code.add_data(qrcode.util.QRData(data, mode=qrcode.util.MODE_8BIT_BYTE), optimize=0)
    code.make(fit=version is None)
    return code


def qrcode_rows(code):
    return ["".join("1" if module else "0" for module in row) for row in code.get_matrix()]


def cross_checked(data, level, version, mask):
    qr = make(data, level, version=version, mask=mask)
    assert qr.version == version and qr.mask == mask and qr.error == level
    assert rows(qr) == qrcode_rows(make_with_qrcode(data, level, version, mask)), (level, version, mask)
    return qr


def write(name, lines):
    with open(os.path.join(HERE, name), "w") as file:
        file.write("\n".join(lines) + "\n")


def block_structure():
    lines = ["# version level total-codewords data-codewords blocks error-correction-per-block (segno %s)" % segno.__version__]
    for version in range(1, 41):
        for level, constant in LEVELS.items():
            groups = consts.ECC[version][constant]
            total = sum(group.num_blocks * group.num_total for group in groups)
            data = sum(group.num_blocks * group.num_data for group in groups)
            blocks = sum(group.num_blocks for group in groups)
            per_block = {group.num_total - group.num_data for group in groups}
            assert len(per_block) == 1
            lines.append("%d %s %d %d %d %d" % (version, level, total, data, blocks, per_block.pop()))
    write("qr-block-structure.txt", lines)


def filler(length, version):
    """Bytes that differ per symbol and use all 256 values."""
    return bytes((index * 37 + version * 11) % 256 for index in range(length))


def all_versions():
    lines = [
        "# version level mask data-length crc32-of-modules (segno %s)" % segno.__version__,
        "# data: bytes (i * 37 + version * 11) % 256 for i < data-length, the most the symbol holds in byte mode;",
        "# crc32 over one byte per module, row-major, 1 dark 0 light; mask forced to (version + level index) % 8.",
    ]
    for version in range(1, 41):
        for index, level in enumerate(LEVELS):
            groups = consts.ECC[version][LEVELS[level]]
            data_codewords = sum(group.num_blocks * group.num_data for group in groups)
            count_bits = 8 if version <= 9 else 16
            length = (data_codewords * 8 - 4 - count_bits) // 8
            mask = (version + index) % 8
            qr = cross_checked(filler(length, version), level, version, mask)
            modules = bytes(1 if module else 0 for row in qr.matrix for module in row)
            lines.append("%d %s %d %d %08x" % (version, level, mask, length, zlib.crc32(modules)))
    write("qr-all-versions.txt", lines)


def symbols():
    for name, data, level, mask in CASES:
        automatic = make(data, level)
        qr = cross_checked(data, level, automatic.version, automatic.mask if mask is None else mask)
        other = make_with_qrcode(data, level)
        header = [
            "data-hex: " + data.hex(),
            "level: " + level,
            "version: %d" % qr.version,
            "mask: %d" % qr.mask,
            # The masks the two oracles pick on their own; they read the standard's penalty rule N3 differently
            # at the symbol's edge, and Rampart reads it as segno does.
            "oracle-mask: %d" % automatic.mask,
            "qrcode-mask: %d" % qrcode.QRCode.best_mask_pattern(other),
        ]
        write("qr-%s.txt" % name, header + rows(qr))


if __name__ == "__main__":
    block_structure()
    all_versions()
    symbols()
