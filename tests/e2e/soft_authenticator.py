"""A software FIDO2 authenticator for attacker tests: it makes registration and assertion responses
the way a browser would hand them to the console (none attestation, ES256), and can be told to lie —
another origin, another key, a counter that goes backwards, crossOrigin. Written for these tests from
the WebAuthn specification's data layouts; the CBOR encoder covers what those layouts need."""

from __future__ import annotations

import hashlib
import json
import os
import struct

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec


def b64u(data: bytes) -> str:
    import base64
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def unb64u(text: str) -> bytes:
    import base64
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def cbor(value) -> bytes:
    def head(major: int, length: int) -> bytes:
        if length < 24:
            return bytes([major << 5 | length])
        for size, code in ((1, 24), (2, 25), (4, 26), (8, 27)):
            if length < 1 << (8 * size):
                return bytes([major << 5 | code]) + length.to_bytes(size, "big")
        raise ValueError("too long")

    if isinstance(value, bool):
        return bytes([0xF5 if value else 0xF4])
    if isinstance(value, int):
        return head(0, value) if value >= 0 else head(1, -1 - value)
    if isinstance(value, bytes):
        return head(2, len(value)) + value
    if isinstance(value, str):
        encoded = value.encode()
        return head(3, len(encoded)) + encoded
    if isinstance(value, list):
        return head(4, len(value)) + b"".join(cbor(item) for item in value)
    if isinstance(value, dict):
        return head(5, len(value)) + b"".join(cbor(k) + cbor(v) for k, v in value.items())
    raise TypeError(type(value))


class SoftAuthenticator:
    def __init__(self, rp_id: str, origin: str):
        self.rp_id = rp_id
        self.origin = origin
        self.key = ec.generate_private_key(ec.SECP256R1())
        self.credential_id = os.urandom(32)
        self.counter = 0

    def cose_public_key(self) -> bytes:
        numbers = self.key.public_key().public_numbers()
        return cbor({1: 2, 3: -7, -1: 1, -2: numbers.x.to_bytes(32, "big"), -3: numbers.y.to_bytes(32, "big")})

    def client_data(self, kind: str, challenge: str, origin: str | None = None, cross_origin: bool = False) -> bytes:
        return json.dumps({"type": kind, "challenge": challenge, "origin": origin or self.origin,
                           "crossOrigin": cross_origin}).encode()

    def register(self, options: dict, label: str, **lies) -> dict:
        client_data = self.client_data("webauthn.create", options["challenge"], lies.get("origin"),
                                       lies.get("cross_origin", False))
        flags = 0x01 | 0x04 | 0x40  # user present, user verified, attested credential data
        auth_data = (hashlib.sha256(self.rp_id.encode()).digest() + bytes([flags]) + struct.pack(">I", self.counter)
                     + bytes(16) + struct.pack(">H", len(self.credential_id)) + self.credential_id
                     + self.cose_public_key())
        attestation = cbor({"fmt": "none", "attStmt": {}, "authData": auth_data})
        return {"id": b64u(self.credential_id), "label": label, "clientDataJSON": b64u(client_data),
                "attestationObject": b64u(attestation)}

    def assertion(self, options: dict, **lies) -> dict:
        counter = lies.get("counter")
        if counter is None:
            self.counter += 1
            counter = self.counter
        client_data = self.client_data("webauthn.get", lies.get("challenge", options["challenge"]),
                                       lies.get("origin"), lies.get("cross_origin", False))
        flags = lies.get("flags", 0x05)  # user present and verified
        auth_data = hashlib.sha256(lies.get("rp_id", self.rp_id).encode()).digest() + bytes([flags]) + struct.pack(
            ">I", counter)
        signer = lies.get("key", self.key)
        signature = signer.sign(auth_data + hashlib.sha256(client_data).digest(), ec.ECDSA(hashes.SHA256()))
        return {"id": b64u(self.credential_id), "clientDataJSON": b64u(client_data),
                "authenticatorData": b64u(auth_data), "signature": b64u(signature), "userHandle": None}
