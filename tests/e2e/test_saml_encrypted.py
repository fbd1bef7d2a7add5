"""AssumeRoleWithSAML with encrypted assertions: the provider holds the service provider's RSA private
keys (AddPrivateKey); the test IdP encrypts its signed assertion to the matching public key with XML
Encryption (saml_idp.encrypt_assertion, built on the `cryptography` package) and Rampart decrypts it,
verifies the signature inside (or the Response's over the ciphertext) and assumes the role.
AssertionEncryptionMode Required refuses plaintext; every assertion that cannot be decrypted, is
tampered with, or uses an algorithm outside XML Encryption's safe ones is refused with
InvalidIdentityToken."""

from __future__ import annotations

import base64
import json

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from e2e_helpers import ACCOUNT_ID, REGION, aws_error, session_from_credentials, unique
from saml_idp import AWS_SAML, IdP, encode, encrypt_assertion
from test_saml import idp, sts  # noqa: F401 (the unsigned STS client and the test IdP, as fixtures)

SIGNATURE = "Response signature invalid"
UNDECRYPTABLE = "could not be decrypted with the provider's private keys"


def new_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def pem(key) -> str:
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.fixture(scope="module")
def sp_key():
    return new_key()


@pytest.fixture(scope="module")
def provider(iam, idp, sp_key):
    arn = iam.create_saml_provider(Name=unique("enc-idp"), SAMLMetadataDocument=idp.metadata(),
                                   AddPrivateKey=pem(sp_key))["SAMLProviderArn"]
    yield arn
    iam.delete_saml_provider(SAMLProviderArn=arn)


def trust(provider: str) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider}, "Action": "sts:AssumeRoleWithSAML"}]})


@pytest.fixture(scope="module")
def role(iam, provider):
    return iam.create_role(RoleName=unique("enc-role"), AssumeRolePolicyDocument=trust(provider))["Role"]["Arn"]


def assume(sts, role: str, provider: str, response_xml: str):
    return sts.assume_role_with_saml(RoleArn=role, PrincipalArn=provider, SAMLAssertion=encode(response_xml))


def signed_assertion(idp: IdP, role: str, provider: str, **claims) -> str:
    xml, assertion_id = idp.assertion_xml(roles=[f"{role},{provider}"], **claims)
    return idp.sign(xml, assertion_id)


@pytest.mark.parametrize("content,transport,key_beside", [
    ("aes256-gcm", "rsa-oaep-mgf1p", False),
    ("aes128-gcm", "rsa-oaep-sha256", False),
    ("aes256-cbc", "rsa-oaep-mgf1p", True),
    ("aes128-cbc", "rsa-oaep-sha256", True),
])
def test_an_encrypted_signed_assertion_assumes_the_role(sts, idp, sp_key, role, provider, content, transport,
                                                         key_beside):
    encrypted = encrypt_assertion(signed_assertion(idp, role, provider), sp_key.public_key(), content=content,
                                  transport=transport, key_beside=key_beside)
    answer = assume(sts, role, provider, idp.response(encrypted))
    name = role.split("/")[-1]
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{name}/alice"
    assert answer["Subject"] == "alice@example.com" and answer["Issuer"] == idp.entity_id
    caller = session_from_credentials(answer["Credentials"]).client(
        "sts", endpoint_url=sts.meta.endpoint_url, region_name=REGION).get_caller_identity()
    assert caller["Arn"] == answer["AssumedRoleUser"]["Arn"]


def test_a_signed_response_vouches_for_its_encrypted_assertion(sts, idp, sp_key, role, provider):
    """The signature is on the Response, over the ciphertext; the assertion inside is unsigned."""
    plain, _ = idp.assertion_xml(roles=[f"{role},{provider}"])
    encrypted = encrypt_assertion(plain, sp_key.public_key())
    answer = assume(sts, role, provider, idp.response(encrypted, sign_response=True))
    assert answer["Subject"] == "alice@example.com"
    # Changing one byte of the signed ciphertext breaks the Response's signature (or the decryption).
    again, _ = idp.assertion_xml(roles=[f"{role},{provider}"])
    signed = idp.response(encrypt_assertion(again, sp_key.public_key(), content="aes256-cbc"), sign_response=True)
    start = signed.index("<xenc:CipherValue>\n") + len("<xenc:CipherValue>\n")
    flipped = "A" if signed[start] != "A" else "B"
    with aws_error("InvalidIdentityToken", 400):
        assume(sts, role, provider, signed[:start] + flipped + signed[start + 1:])


def test_an_unsigned_encrypted_assertion_is_refused(sts, idp, sp_key, role, provider):
    """Encryption to the provider's key proves nothing about who wrote the assertion: anyone can encrypt to
    a public key. A signature must still verify."""
    plain, _ = idp.assertion_xml(roles=[f"{role},{provider}"])
    with aws_error("InvalidIdentityToken", 400, SIGNATURE):
        assume(sts, role, provider, idp.response(encrypt_assertion(plain, sp_key.public_key())))


def test_what_cannot_be_decrypted_is_refused_alike(sts, idp, sp_key, role, provider):
    assertion = signed_assertion(idp, role, provider)
    # Encrypted to a key the provider does not hold.
    with aws_error("InvalidIdentityToken", 400, UNDECRYPTABLE):
        assume(sts, role, provider, idp.response(encrypt_assertion(assertion, new_key().public_key())))
    # A GCM ciphertext with one byte changed fails its tag; the answer is the same.
    encrypted = encrypt_assertion(signed_assertion(idp, role, provider), sp_key.public_key())
    start = encrypted.index("<xenc:CipherValue>\n") + len("<xenc:CipherValue>\n")
    sealed = bytearray(base64.b64decode(encrypted[start:encrypted.index("</xenc:CipherValue>", start)]))
    sealed[20] ^= 1
    tampered = encrypted[:start] + base64.b64encode(bytes(sealed)).decode() + encrypted[
        encrypted.index("</xenc:CipherValue>", start):]
    with aws_error("InvalidIdentityToken", 400, UNDECRYPTABLE):
        assume(sts, role, provider, idp.response(tampered))


def test_pkcs1_v1_5_key_transport_is_refused(sts, idp, sp_key, role, provider):
    encrypted = encrypt_assertion(signed_assertion(idp, role, provider), sp_key.public_key(), transport="rsa-1_5")
    with aws_error("InvalidIdentityToken", 400, "unsupported algorithm (http://www.w3.org/2001/04/xmlenc#rsa-1_5)"):
        assume(sts, role, provider, idp.response(encrypted))


def test_an_encrypted_and_a_plain_assertion_together_are_refused(sts, iam, idp, sp_key, role, provider):
    """Signature wrapping with encryption: a plain unsigned assertion next to the genuine encrypted one."""
    other = iam.create_role(RoleName=unique("enc-wrapped"), AssumeRolePolicyDocument=trust(provider))["Role"]["Arn"]
    encrypted = encrypt_assertion(signed_assertion(idp, role, provider), sp_key.public_key())
    evil, _ = idp.assertion_xml(roles=[f"{other},{provider}"], session_name="mallory")
    for response in (idp.response(encrypted, before=evil), idp.response(evil, before=encrypted)):
        with aws_error("InvalidIdentityToken", 400, "exactly one Assertion or EncryptedAssertion"):
            assume(sts, other, provider, response)
    # Something other than one saml:Assertion inside the encryption.
    not_assertion = '<saml:Issuer xmlns:saml="urn:oasis:names:tc:SAML:2.0:assertion">x</saml:Issuer>'
    with aws_error("InvalidIdentityToken", 400, "does not decrypt to one saml:Assertion"):
        assume(sts, role, provider, idp.response(encrypt_assertion(not_assertion, sp_key.public_key())))


def test_an_encrypted_assertion_is_redeemed_once(sts, idp, sp_key, role, provider):
    response = idp.response(encrypt_assertion(signed_assertion(idp, role, provider), sp_key.public_key()))
    assume(sts, role, provider, response)
    with aws_error("InvalidIdentityToken", 400):
        assume(sts, role, provider, response)


def test_required_mode_refuses_plaintext_and_a_rotated_key_decrypts(sts, iam, idp, role):
    first, second = new_key(), new_key()
    arn = iam.create_saml_provider(Name=unique("enc-required"), SAMLMetadataDocument=idp.metadata(),
                                   AssertionEncryptionMode="Required", AddPrivateKey=pem(first))["SAMLProviderArn"]
    try:
        required_role = iam.create_role(RoleName=unique("enc-req-role"),
                                        AssumeRolePolicyDocument=trust(arn))["Role"]["Arn"]
        with aws_error("InvalidIdentityToken", 400, "AssertionEncryptionMode is Required"):
            assume(sts, required_role, arn, idp.response(signed_assertion(idp, required_role, arn)))
        assume(sts, required_role, arn, idp.response(
            encrypt_assertion(signed_assertion(idp, required_role, arn), first.public_key())))
        # Rotation: a second key is added; assertions encrypted to either decrypt; the first is removed.
        iam.update_saml_provider(SAMLProviderArn=arn, AddPrivateKey=pem(second))
        assume(sts, required_role, arn, idp.response(
            encrypt_assertion(signed_assertion(idp, required_role, arn), second.public_key())))
        keys = iam.get_saml_provider(SAMLProviderArn=arn)["PrivateKeyList"]
        assert len(keys) == 2
        oldest = min(keys, key=lambda k: k["Timestamp"])["KeyId"]
        iam.update_saml_provider(SAMLProviderArn=arn, RemovePrivateKey=oldest)
        with aws_error("InvalidIdentityToken", 400, UNDECRYPTABLE):
            assume(sts, required_role, arn, idp.response(
                encrypt_assertion(signed_assertion(idp, required_role, arn), first.public_key())))
    finally:
        iam.delete_saml_provider(SAMLProviderArn=arn)


def test_a_provider_without_keys_cannot_take_encrypted_assertions(sts, iam, idp):
    arn = iam.create_saml_provider(Name=unique("no-keys"), SAMLMetadataDocument=idp.metadata())["SAMLProviderArn"]
    try:
        keyless_role = iam.create_role(RoleName=unique("no-keys-role"), AssumeRolePolicyDocument=trust(arn))["Role"]
        encrypted = encrypt_assertion(signed_assertion(idp, keyless_role["Arn"], arn), new_key().public_key())
        with aws_error("InvalidIdentityToken", 400, "no private key to decrypt it"):
            assume(sts, keyless_role["Arn"], arn, idp.response(encrypted))
    finally:
        iam.delete_saml_provider(SAMLProviderArn=arn)


def test_the_acs_endpoint_of_a_provider_with_encryption_is_a_recipient(sts, iam, idp, sp_key, role, provider):
    uuid = iam.get_saml_provider(SAMLProviderArn=provider)["SAMLProviderUUID"]
    acs = f"https://signin.aws.amazon.com/saml/acs/{uuid}"
    encrypted = encrypt_assertion(signed_assertion(idp, role, provider, recipient=acs), sp_key.public_key())
    assert assume(sts, role, provider, idp.response(encrypted))["Audience"] == acs
    assert AWS_SAML != acs
