"""Keys and certificates for the credential tests, made with the `cryptography` package.

RSA keys are slow to make, so a few are made once per process and shared (`rsa_key(n)`);
certificates are made per test, with the validity the test asks for.
"""

from __future__ import annotations

import base64
import datetime as dt
import functools
import hashlib

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, rsa
from cryptography.x509.oid import NameOID


@functools.lru_cache(maxsize=None)
def rsa_key(index: int = 0, bits: int = 2048) -> rsa.RSAPrivateKey:
    """The `index`th shared RSA key of `bits` bits."""
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def ec_key() -> ec.EllipticCurvePrivateKey:
    return ec.generate_private_key(ec.SECP256R1())


def ed25519_key() -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.generate()


def openssh_public(key, comment: str = "") -> str:
    line = key.public_key().public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    return f"{line} {comment}" if comment else line


def pem_public(key, pkcs1: bool = False) -> str:
    fmt = serialization.PublicFormat.PKCS1 if pkcs1 else serialization.PublicFormat.SubjectPublicKeyInfo
    return key.public_key().public_bytes(serialization.Encoding.PEM, fmt).decode()


def md5_fingerprint(key) -> str:
    """What `ssh-keygen -l -E md5` prints: MD5 of the SSH wire blob, colon-separated hex."""
    blob = base64.b64decode(openssh_public(key).split()[1])
    digest = hashlib.md5(blob).hexdigest()  # noqa: S324 - the fingerprint IAM uses
    return ":".join(digest[i:i + 2] for i in range(0, len(digest), 2))


def private_pem(key, fmt: str = "pkcs8") -> str:
    formats = {"pkcs8": serialization.PrivateFormat.PKCS8,
               "traditional": serialization.PrivateFormat.TraditionalOpenSSL}
    return key.private_bytes(serialization.Encoding.PEM, formats[fmt], serialization.NoEncryption()).decode()


def encrypted_private_pem(key) -> str:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.BestAvailableEncryption(b"passphrase"),
    ).decode()


def certificate(key, name: str = "www.example.com", issuer=None, issuer_key=None,
                not_before: dt.datetime | None = None, days: int = 365) -> x509.Certificate:
    """A certificate for `key`: self-signed, or issued by (`issuer` certificate, `issuer_key`)."""
    now = dt.datetime.now(dt.timezone.utc)
    start = not_before or now - dt.timedelta(minutes=5)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer.subject if issuer is not None else subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(start)
        .not_valid_after(start + dt.timedelta(days=days))
        .add_extension(x509.BasicConstraints(ca=issuer is None, path_length=None), critical=True)
    )
    return builder.sign(issuer_key if issuer_key is not None else key, hashes.SHA256())


def pem(cert: x509.Certificate) -> str:
    return cert.public_bytes(serialization.Encoding.PEM).decode()


def expiry(cert: x509.Certificate) -> dt.datetime:
    return cert.not_valid_after_utc.replace(microsecond=0)
