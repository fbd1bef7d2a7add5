"""A test SAML 2.0 identity provider: an RSA key and self-signed certificate, the metadata document that
registers it with CreateSAMLProvider, and SAML responses signed by signxml (lxml/libxml2 canonicalization,
an implementation independent of Rampart's) over the Response or over the Assertion."""

from __future__ import annotations

import base64
import datetime as dt
import uuid

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.x509.oid import NameOID
from lxml import etree
from signxml import CanonicalizationMethod, DigestAlgorithm, SignatureMethod, XMLSigner

AWS_SAML = "https://signin.aws.amazon.com/saml"
ATTR = "https://aws.amazon.com/SAML/Attributes/"
PERSISTENT = "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"
EXC_C14N = CanonicalizationMethod.EXCLUSIVE_XML_CANONICALIZATION_1_0


def _instant(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class _SHA1Signer(XMLSigner):
    """signxml refuses SHA-1 by default; AWS still accepts RSA-SHA1 responses, so the test IdP can sign them."""

    def check_deprecated_methods(self):
        pass


class SigningKey:
    """An RSA key with a self-signed certificate for `name`."""

    def __init__(self, name: str = "idp.test", bits: int = 2048):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=bits)
        subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
        now = dt.datetime.now(dt.timezone.utc)
        self.cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject)
                     .public_key(self.key.public_key()).serial_number(x509.random_serial_number())
                     .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=365))
                     .sign(self.key, hashes.SHA256()))
        self.key_pem = self.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                              serialization.NoEncryption())
        self.cert_pem = self.cert.public_bytes(serialization.Encoding.PEM)
        self.cert_b64 = base64.b64encode(self.cert.public_bytes(serialization.Encoding.DER)).decode()


class IdP:
    def __init__(self, entity_id: str, key: SigningKey | None = None):
        self.entity_id = entity_id
        self.key = key or SigningKey()

    def metadata(self, *extra_keys: SigningKey) -> str:
        descriptors = "".join(f"""
    <md:KeyDescriptor use="signing">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:X509Data>
        <ds:X509Certificate>{k.cert_b64}</ds:X509Certificate>
      </ds:X509Data></ds:KeyInfo>
    </md:KeyDescriptor>""" for k in (self.key, *extra_keys))
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="{self.entity_id}">
  <md:IDPSSODescriptor protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">{descriptors}
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.test/sso"/>
  </md:IDPSSODescriptor>
</md:EntityDescriptor>"""

    def assertion_xml(self, *, roles: list[str], session_name: str | None = "alice", subject: str = "alice@example.com",
                      issuer: str | None = None, audience: str = AWS_SAML, recipient: str = AWS_SAML,
                      lifetime: int = 300, not_before_offset: int = -60, attributes: dict[str, list[str]] | None = None,
                      assertion_id: str | None = None, session_not_on_or_after: int | None = None) -> tuple[str, str]:
        now = dt.datetime.now(dt.timezone.utc)
        until = _instant(now + dt.timedelta(seconds=lifetime))
        assertion_id = assertion_id or "_a" + uuid.uuid4().hex
        values = {ATTR + "Role": roles}
        if session_name is not None:
            values[ATTR + "RoleSessionName"] = [session_name]
        values.update(attributes or {})
        statements = "".join(
            f'<saml:Attribute Name="{_escape(name)}">'
            + "".join(f'<saml:AttributeValue xsi:type="xs:string">{_escape(v)}</saml:AttributeValue>' for v in vals)
            + "</saml:Attribute>" for name, vals in values.items())
        session_limit = "" if session_not_on_or_after is None else \
            f' SessionNotOnOrAfter="{_instant(now + dt.timedelta(seconds=session_not_on_or_after))}"'
        xml = f"""<saml:Assertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" ID="{assertion_id}" Version="2.0" IssueInstant="{_instant(now)}">
    <saml:Issuer>{_escape(issuer or self.entity_id)}</saml:Issuer>
    <saml:Subject>
      <saml:NameID Format="{PERSISTENT}">{_escape(subject)}</saml:NameID>
      <saml:SubjectConfirmation Method="urn:oasis:names:tc:SAML:2.0:cm:bearer">
        <saml:SubjectConfirmationData NotOnOrAfter="{until}" Recipient="{_escape(recipient)}"/>
      </saml:SubjectConfirmation>
    </saml:Subject>
    <saml:Conditions NotBefore="{_instant(now + dt.timedelta(seconds=not_before_offset))}" NotOnOrAfter="{until}">
      <saml:AudienceRestriction><saml:Audience>{_escape(audience)}</saml:Audience></saml:AudienceRestriction>
    </saml:Conditions>
    <saml:AuthnStatement AuthnInstant="{_instant(now)}" SessionIndex="{assertion_id}"{session_limit}>
      <saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext>
    </saml:AuthnStatement>
    <saml:AttributeStatement>{statements}</saml:AttributeStatement>
  </saml:Assertion>"""
        return xml, assertion_id

    def sign(self, xml: str, reference_id: str, key: SigningKey | None = None, *, key_info: bool = True,
             sha1: bool = False) -> str:
        """`xml` with an enveloped signature over its root (whose ID is `reference_id`). No
        InclusiveNamespaces PrefixList: signxml 5.2 digests the Reference with the PrefixList it declares
        only on SignedInfo's CanonicalizationMethod, which a conforming verifier cannot reproduce (the
        PrefixList is covered by the canonicalization vectors of the Swift tests instead)."""
        key = key or self.key
        signer = (_SHA1Signer if sha1 else XMLSigner)(
            signature_algorithm=SignatureMethod.RSA_SHA1 if sha1 else SignatureMethod.RSA_SHA256,
            digest_algorithm=DigestAlgorithm.SHA1 if sha1 else DigestAlgorithm.SHA256, c14n_algorithm=EXC_C14N)
        root = etree.fromstring(xml.encode())
        signed = signer.sign(root, key=key.key_pem, cert=key.cert_pem if key_info else None,
                             reference_uri="#" + reference_id, always_add_key_value=False)
        return etree.tostring(signed).decode()

    def response(self, assertion: str, *, sign_response: bool = False, key: SigningKey | None = None,
                 extra: str = "", before: str = "") -> str:
        """A samlp:Response around `assertion` (already signed or not); signed over the whole Response
        when `sign_response`."""
        response_id = "_r" + uuid.uuid4().hex
        xml = f"""<samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol" ID="{response_id}" Version="2.0" IssueInstant="{_instant(dt.datetime.now(dt.timezone.utc))}" Destination="{AWS_SAML}">
  <saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">{_escape(self.entity_id)}</saml:Issuer>
  <samlp:Status><samlp:StatusCode Value="urn:oasis:names:tc:SAML:2.0:status:Success"/></samlp:Status>
  {extra}{before}{assertion}
</samlp:Response>"""
        if sign_response:
            xml = self.sign(xml, response_id, key)
        return xml

    def signed(self, roles: list[str], **claims) -> str:
        """The usual case: the assertion signed, in an unsigned Response; base64 as an IdP posts it."""
        xml, assertion_id = self.assertion_xml(roles=roles, **claims)
        return encode(self.response(self.sign(xml, assertion_id)))


def encode(xml: str) -> str:
    return base64.b64encode(xml.encode()).decode()


XENC = "http://www.w3.org/2001/04/xmlenc#"
XENC11 = "http://www.w3.org/2009/xmlenc11#"
_CONTENT = {"aes128-gcm": (XENC11, 16), "aes256-gcm": (XENC11, 32), "aes128-cbc": (XENC, 16),
            "aes256-cbc": (XENC, 32)}


def encrypt_assertion(assertion: str, public_key, *, content: str = "aes256-gcm", transport: str = "rsa-oaep-mgf1p",
                      key_beside: bool = False) -> str:
    """`assertion` (signed or not) as a saml:EncryptedAssertion to the service provider's `public_key`, the way
    an IdP's XML Encryption does it: a fresh AES key for the content (GCM: IV, ciphertext, tag; CBC: IV, then
    blocks padded with random bytes and a count), that key under RSA-OAEP in an xenc:EncryptedKey, inside
    EncryptedData's KeyInfo or, as Shibboleth does (`key_beside`), next to EncryptedData. `transport` is
    rsa-oaep-mgf1p (SHA-1), rsa-oaep-sha256 (1.1's rsa-oaep, SHA-256 digest and MGF1) or rsa-1_5."""
    import os

    from cryptography.hazmat.primitives.asymmetric import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    namespace, size = _CONTENT[content]
    key = os.urandom(size)
    plaintext = assertion.encode()
    if content.endswith("gcm"):
        iv = os.urandom(12)
        sealed = iv + AESGCM(key).encrypt(iv, plaintext, None)
    else:
        iv = os.urandom(16)
        count = 16 - len(plaintext) % 16
        padded = plaintext + os.urandom(count - 1) + bytes([count])
        encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
        sealed = iv + encryptor.update(padded) + encryptor.finalize()
    if transport == "rsa-oaep-mgf1p":
        wrapped = public_key.encrypt(key, padding.OAEP(mgf=padding.MGF1(hashes.SHA1()), algorithm=hashes.SHA1(),
                                                       label=None))
        method = f'<xenc:EncryptionMethod Algorithm="{XENC}rsa-oaep-mgf1p"/>'
    elif transport == "rsa-oaep-sha256":
        wrapped = public_key.encrypt(key, padding.OAEP(mgf=padding.MGF1(hashes.SHA256()), algorithm=hashes.SHA256(),
                                                       label=None))
        method = (f'<xenc:EncryptionMethod Algorithm="{XENC11}rsa-oaep">'
                  '<ds:DigestMethod xmlns:ds="http://www.w3.org/2000/09/xmldsig#" '
                  'Algorithm="http://www.w3.org/2001/04/xmlenc#sha256"/>'
                  f'<xenc11:MGF xmlns:xenc11="{XENC11}" Algorithm="{XENC11}mgf1sha256"/></xenc:EncryptionMethod>')
    else:
        wrapped = public_key.encrypt(key, padding.PKCS1v15())
        method = f'<xenc:EncryptionMethod Algorithm="{XENC}rsa-1_5"/>'
    encrypted_key = (f'<xenc:EncryptedKey xmlns:xenc="{XENC}" Id="_k{uuid.uuid4().hex}">{method}'
                     f'<xenc:CipherData><xenc:CipherValue>{base64.b64encode(wrapped).decode()}</xenc:CipherValue>'
                     '</xenc:CipherData></xenc:EncryptedKey>')
    key_info = "" if key_beside else \
        f'<ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">{encrypted_key}</ds:KeyInfo>'
    return (f'<saml:EncryptedAssertion xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">'
            f'<xenc:EncryptedData xmlns:xenc="{XENC}" Type="{XENC}Element">'
            f'<xenc:EncryptionMethod Algorithm="{namespace}{content}"/>{key_info}'
            f'<xenc:CipherData><xenc:CipherValue>\n{base64.encodebytes(sealed).decode()}</xenc:CipherValue>'
            f'</xenc:CipherData></xenc:EncryptedData>{encrypted_key if key_beside else ""}</saml:EncryptedAssertion>')
