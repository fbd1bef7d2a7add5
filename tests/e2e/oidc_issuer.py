"""A loopback OpenID Connect issuer for federation tests: a test CA, an HTTPS server (a thread)
that serves the discovery document and the key set, keys that can be rotated, and a token
minter that signs JWTs the way real issuers do (RS256/RS384/RS512, ES256/ES384) or the ways
attackers try (alg none, HS256 with the public key as secret, another key under a known kid)."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import ipaddress
import json
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature
from cryptography.x509.oid import NameOID


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _uint(number: int, size: int | None = None) -> bytes:
    size = size or (number.bit_length() + 7) // 8
    return number.to_bytes(size, "big")


class IssuerCA:
    """A certificate authority of its own, and leaf certificates for 127.0.0.1 it signs."""

    def __init__(self, directory: Path, name: str = "Rampart federation test CA"):
        self.directory = directory
        self.key = ec.generate_private_key(ec.SECP256R1())
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = dt.datetime.now(dt.timezone.utc)
        self.cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                     .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=2))
                     .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
                     .add_extension(x509.KeyUsage(digital_signature=True, key_cert_sign=True, crl_sign=True,
                                                  content_commitment=False, key_encipherment=False,
                                                  data_encipherment=False, key_agreement=False,
                                                  encipher_only=False, decipher_only=False), critical=True)
                     .sign(self.key, hashes.SHA256()))
        self.pem_path = directory / f"{abs(hash(name))}-ca.pem"
        self.pem_path.write_bytes(self.cert.public_bytes(serialization.Encoding.PEM))

    def leaf(self, stem: str) -> tuple[Path, Path]:
        key = ec.generate_private_key(ec.SECP256R1())
        now = dt.datetime.now(dt.timezone.utc)
        cert = (x509.CertificateBuilder()
                .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")]))
                .issuer_name(self.cert.subject).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now - dt.timedelta(hours=1)).not_valid_after(now + dt.timedelta(days=1))
                .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                            x509.DNSName("localhost")]), critical=False)
                .sign(self.key, hashes.SHA256()))
        cert_path = self.directory / f"{stem}.pem"
        key_path = self.directory / f"{stem}-key.pem"
        cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
        key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                               serialization.NoEncryption()))
        return cert_path, key_path


class SigningKey:
    """A private key and its JWK, named by `kid`."""

    def __init__(self, kid: str, kind: str = "RSA"):
        self.kid = kid
        self.kind = kind
        if kind == "RSA":
            self.private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        elif kind == "P-256":
            self.private = ec.generate_private_key(ec.SECP256R1())
        else:
            self.private = ec.generate_private_key(ec.SECP384R1())

    def jwk(self) -> dict:
        numbers = self.private.public_key().public_numbers()
        if self.kind == "RSA":
            return {"kty": "RSA", "kid": self.kid, "use": "sig", "n": b64url(_uint(numbers.n)),
                    "e": b64url(_uint(numbers.e))}
        size = 32 if self.kind == "P-256" else 48
        return {"kty": "EC", "kid": self.kid, "use": "sig", "crv": self.kind, "x": b64url(_uint(numbers.x, size)),
                "y": b64url(_uint(numbers.y, size))}

    def public_pem(self) -> bytes:
        return self.private.public_key().public_bytes(serialization.Encoding.PEM,
                                                      serialization.PublicFormat.SubjectPublicKeyInfo)

    def sign(self, alg: str, data: bytes) -> bytes:
        digest = {"256": hashes.SHA256(), "384": hashes.SHA384(), "512": hashes.SHA512()}[alg[2:]]
        if alg.startswith("RS"):
            return self.private.sign(data, padding.PKCS1v15(), digest)
        r, s = decode_dss_signature(self.private.sign(data, ec.ECDSA(digest)))
        size = 32 if self.kind == "P-256" else 48
        return _uint(r, size) + _uint(s, size)


def send_json(handler: BaseHTTPRequestHandler, data: bytes) -> None:
    handler.send_response(200)
    handler.send_header("Content-Type", "application/json")
    handler.send_header("Content-Length", str(len(data)))
    handler.end_headers()
    handler.wfile.write(data)


def compact(header: dict, claims: dict, signature: bytes) -> str:
    return f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(claims).encode())}.{b64url(signature)}"


class Issuer:
    """An issuer at https://127.0.0.1:PORT serving discovery and JWKS from a thread."""

    def __init__(self, cert: Path, key: Path, jwks_scheme: str = "https"):
        self.keys = [SigningKey("key-1")]
        self.requests: list[str] = []
        self.jwks_scheme = jwks_scheme
        # Where the discovery document says the key set is, when not on this server (a plain-http one).
        self.jwks_override: str | None = None
        # Extra bytes of whitespace after the key set, to try the server's size bound.
        self.jwks_padding = 0
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                issuer.requests.append(self.path)
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": issuer.url, "jwks_uri": issuer.jwks_uri,
                            "id_token_signing_alg_values_supported": ["RS256", "ES256"]}
                elif self.path == "/jwks":
                    body = {"keys": [key.jwk() for key in issuer.keys]}
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                padding = b" " * issuer.jwks_padding if self.path == "/jwks" else b""
                send_json(self, json.dumps(body).encode() + padding)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(cert, key)
        self.server.socket = context.wrap_socket(self.server.socket, server_side=True)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"https://127.0.0.1:{self.port}"

    @property
    def host(self) -> str:
        """What the provider's ARN and condition keys name: the URL without its scheme."""
        return f"127.0.0.1:{self.port}"

    @property
    def jwks_uri(self) -> str:
        return self.jwks_override or f"{self.jwks_scheme}://127.0.0.1:{self.port}/jwks"

    def jwks_fetches(self) -> int:
        return self.requests.count("/jwks")

    def stop(self):
        self.server.shutdown()
        self.server.server_close()

    def claims(self, sub: str, **overrides) -> dict:
        now = int(time.time())
        claims = {"iss": self.url, "sub": sub, "aud": "sts.amazonaws.com", "iat": now, "nbf": now - 5,
                  "exp": now + 300, "repository": sub.split(":")[1] if sub.startswith("repo:") else "x"}
        claims.update(overrides)
        return {k: v for k, v in claims.items() if v is not None}

    def token(self, sub: str = "repo:acme/app:ref:refs/heads/main", alg: str = "RS256", key: SigningKey | None = None,
              kid: str | None = None, **claims) -> str:
        key = key or self.keys[0]
        header = {"alg": alg, "typ": "JWT", "kid": kid if kid is not None else key.kid}
        body = self.claims(sub, **claims)
        signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(body).encode())}".encode()
        return signing_input.decode() + "." + b64url(key.sign(alg, signing_input))

    def unsigned_token(self, sub: str = "repo:acme/app:ref:refs/heads/main") -> str:
        return compact({"alg": "none", "typ": "JWT"}, self.claims(sub), b"")

    def hmac_token(self, sub: str = "repo:acme/app:ref:refs/heads/main") -> str:
        """HS256 keyed with the issuer's public key in PEM: the key-confusion attack on verifiers that
        take the algorithm from the token."""
        key = self.keys[0]
        header = {"alg": "HS256", "typ": "JWT", "kid": key.kid}
        signing_input = f"{b64url(json.dumps(header).encode())}.{b64url(json.dumps(self.claims(sub)).encode())}"
        mac = hmac.new(key.public_pem(), signing_input.encode(), hashlib.sha256).digest()
        return signing_input + "." + b64url(mac)


class PlainKeySet:
    """The key set of an issuer served over plain http on loopback (for --federation-allow-loopback-http)."""

    def __init__(self, issuer: Issuer):
        self.requests: list[str] = []
        served = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                served.requests.append(self.path)
                send_json(self, json.dumps({"keys": [key.jwk() for key in issuer.keys]}).encode())

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/jwks"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def stop(self):
        self.server.shutdown()
        self.server.server_close()
