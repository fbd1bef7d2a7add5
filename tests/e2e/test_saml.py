"""AssumeRoleWithSAML with the XML signature verified for real: a test IdP (saml_idp.py, signing with
signxml) is registered with CreateSAMLProvider; a response it signs, over the Assertion or over the
whole Response, assumes a role whose trust policy names the provider, and the credentials work. Every
forged, tampered, wrapped, hostile, expired, misdirected or replayed response is refused with AWS's
code. Requests are unsigned, as boto3 and the aws CLI send them."""

from __future__ import annotations

import base64
import json
import re
import sqlite3
import time

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from e2e_helpers import ACCOUNT_ID, REGION, aws_error, session_from_credentials, unique
from saml_idp import ATTR, AWS_SAML, IdP, SigningKey, encode
from trail_blocks import stored_trail

DENIED = "Not authorized to perform sts:AssumeRoleWithSAML"
SIGNATURE = "Response signature invalid"


@pytest.fixture(scope="module")
def sts(endpoint):
    return boto3.session.Session(region_name=REGION).client(
        "sts", endpoint_url=endpoint, config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}))


@pytest.fixture(scope="module")
def idp():
    return IdP(f"https://idp.test/{unique('entity')}")


@pytest.fixture(scope="module")
def provider(iam, idp):
    arn = iam.create_saml_provider(Name=unique("corp-idp"), SAMLMetadataDocument=idp.metadata())["SAMLProviderArn"]
    yield arn
    iam.delete_saml_provider(SAMLProviderArn=arn)


def saml_trust(provider: str, condition: dict | None = None, actions=("sts:AssumeRoleWithSAML",)) -> str:
    statement = {"Effect": "Allow", "Principal": {"Federated": provider}, "Action": list(actions),
                 "Condition": condition or {"StringEquals": {"SAML:aud": AWS_SAML}}}
    return json.dumps({"Version": "2012-10-17", "Statement": [statement]})


@pytest.fixture(scope="module")
def role(iam, provider):
    return iam.create_role(RoleName=unique("saml-admins"), AssumeRolePolicyDocument=saml_trust(provider))["Role"]["Arn"]


def assume(sts, role: str, provider: str, assertion: str, **extra):
    return sts.assume_role_with_saml(RoleArn=role, PrincipalArn=provider, SAMLAssertion=assertion, **extra)


def pair(role: str, provider: str) -> list[str]:
    return [f"{role},{provider}"]


def test_signed_assertion_assumes_the_role(sts, idp, role, provider):
    answer = assume(sts, role, provider, idp.signed(pair(role, provider)))
    name = role.split("/")[-1]
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{name}/alice"
    assert answer["Subject"] == "alice@example.com"
    assert answer["SubjectType"] == "persistent"
    assert answer["Issuer"] == idp.entity_id
    assert answer["Audience"] == AWS_SAML
    import hashlib
    provider_name = provider.split("/")[-1]
    expected = base64.b64encode(hashlib.sha1((idp.entity_id + ACCOUNT_ID + "/" + provider_name).encode()).digest())
    assert answer["NameQualifier"] == expected.decode()
    caller = session_from_credentials(answer["Credentials"]).client(
        "sts", endpoint_url=sts.meta.endpoint_url, region_name=REGION).get_caller_identity()
    assert caller["Arn"] == answer["AssumedRoleUser"]["Arn"]


def test_signed_response_and_either_arn_order_and_sha1(sts, idp, role, provider):
    xml, _ = idp.assertion_xml(roles=[f"{provider},{role}"], session_name="bob")
    answer = assume(sts, role, provider, encode(idp.response(xml, sign_response=True)))
    assert answer["AssumedRoleUser"]["Arn"].endswith("/bob")
    xml, assertion_id = idp.assertion_xml(roles=pair(role, provider))
    assume(sts, role, provider, encode(idp.response(idp.sign(xml, assertion_id, sha1=True))))


def test_a_key_listed_in_the_metadata_verifies_without_key_info(sts, iam, idp, role, provider):
    xml, assertion_id = idp.assertion_xml(roles=pair(role, provider))
    assume(sts, role, provider, encode(idp.response(idp.sign(xml, assertion_id, key_info=False))))


def test_tampered_attribute_is_refused(sts, idp, role, provider, iam):
    other = iam.create_role(RoleName=unique("saml-other"), AssumeRolePolicyDocument=saml_trust(provider))["Role"]["Arn"]
    xml, assertion_id = idp.assertion_xml(roles=pair(role, provider), subject="mallory@example.com")
    signed = idp.response(idp.sign(xml, assertion_id))
    with aws_error("InvalidIdentityToken", 400, SIGNATURE):
        assume(sts, other, provider, encode(signed.replace(role, other)))
    with aws_error("InvalidIdentityToken", 400, SIGNATURE):
        assume(sts, role, provider, encode(signed.replace("mallory@", "admin@")))


def test_signature_by_another_key_is_refused(sts, idp, role, provider):
    attacker = SigningKey("attacker.test")
    xml, assertion_id = idp.assertion_xml(roles=pair(role, provider))
    # Its own certificate in KeyInfo does not make the attacker's key trusted...
    with aws_error("InvalidIdentityToken", 400, SIGNATURE):
        assume(sts, role, provider, encode(idp.response(idp.sign(xml, assertion_id, attacker))))
    # ...nor does leaving KeyInfo out, nor the IdP's genuine certificate next to the attacker's signature.
    with aws_error("InvalidIdentityToken", 400, SIGNATURE):
        assume(sts, role, provider, encode(idp.response(idp.sign(xml, assertion_id, attacker, key_info=False))))
    forged = idp.sign(xml, assertion_id, attacker)
    forged = re.sub(r"<ds:X509Certificate>.*?</ds:X509Certificate>",
                    f"<ds:X509Certificate>{idp.key.cert_b64}</ds:X509Certificate>", forged, flags=re.S)
    with aws_error("InvalidIdentityToken", 400, SIGNATURE):
        assume(sts, role, provider, encode(idp.response(forged)))


def test_unsigned_response_is_refused(sts, idp, role, provider):
    xml, _ = idp.assertion_xml(roles=pair(role, provider))
    with aws_error("InvalidIdentityToken", 400, SIGNATURE):
        assume(sts, role, provider, encode(idp.response(xml)))


def test_signature_wrapping_is_refused(sts, idp, role, provider, iam):
    """The signed assertion stays intact; an unsigned one claiming another role is placed where a careless
    reader would take it (before or after the signed one, or alone with the signed one hidden elsewhere)."""
    admin = iam.create_role(RoleName=unique("saml-wrapped"), AssumeRolePolicyDocument=saml_trust(provider))["Role"]["Arn"]
    xml, assertion_id = idp.assertion_xml(roles=pair(role, provider))
    signed = idp.sign(xml, assertion_id)
    evil, _ = idp.assertion_xml(roles=pair(admin, provider), session_name="mallory")
    same_id = re.sub(r'ID="[^"]+"', f'ID="{assertion_id}"', evil, count=1)
    hidden = f"<samlp:Extensions>{signed}</samlp:Extensions>"
    for response in (
        idp.response(signed, before=evil),  # an unsigned assertion first
        idp.response(evil, before=signed),  # and after
        idp.response(same_id, extra=hidden),  # the signed one moved into Extensions, its ID reused
        idp.response(evil, extra=hidden),  # the signed one moved, the evil one alone where it belongs
        idp.response("", extra=hidden),  # the signed element moved out of its place
    ):
        with aws_error("InvalidIdentityToken", 400):
            assume(sts, admin, provider, encode(response))
    # A signed Response does not vouch for an assertion added after signing.
    plain, _ = idp.assertion_xml(roles=pair(role, provider))
    whole = idp.response(plain, sign_response=True)
    with aws_error("InvalidIdentityToken", 400):
        assume(sts, admin, provider, encode(whole.replace("</samlp:Response>", evil + "</samlp:Response>")))


def test_comment_in_name_id_does_not_shorten_it(sts, idp, role, provider):
    """Canonicalization drops comments, so the signature still verifies; the subject read is the whole
    signed value, never the part before the comment."""
    xml, assertion_id = idp.assertion_xml(roles=pair(role, provider), subject="admin@example.com.evil.test")
    signed = idp.sign(xml, assertion_id).replace("admin@example.com.evil.test", "admin@example.com<!---->.evil.test")
    answer = assume(sts, role, provider, encode(idp.response(signed)))
    assert answer["Subject"] == "admin@example.com.evil.test"


def test_doctype_and_entity_expansion_are_refused_fast(sts, idp, role, provider):
    laughs = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
              + "".join(f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10))
              + ']><samlp:Response xmlns:samlp="urn:oasis:names:tc:SAML:2.0:protocol">&lol9;</samlp:Response>')
    started = time.monotonic()
    with aws_error("InvalidIdentityToken", 400):
        assume(sts, role, provider, encode(laughs))
    assert time.monotonic() - started < 2
    xml, assertion_id = idp.assertion_xml(roles=pair(role, provider))
    external = '<!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>' + idp.response(idp.sign(xml, assertion_id))
    with aws_error("InvalidIdentityToken", 400):
        assume(sts, role, provider, encode(external))
    deep = "<a>" * 5000 + "</a>" * 5000
    with aws_error("InvalidIdentityToken", 400):
        assume(sts, role, provider, encode(deep))
    with aws_error("InvalidIdentityToken", 400, "Invalid base64 SAMLResponse"):
        assume(sts, role, provider, "%%%%not base64%%%%")


def test_expired_and_early_assertions_are_refused(sts, idp, role, provider):
    with aws_error("ExpiredTokenException", 400):
        assume(sts, role, provider, idp.signed(pair(role, provider), lifetime=-600))
    with aws_error("InvalidIdentityToken", 400, "NotBefore"):
        assume(sts, role, provider, idp.signed(pair(role, provider), not_before_offset=900))


def test_wrong_audience_recipient_and_issuer_are_refused(sts, idp, role, provider):
    with aws_error("InvalidIdentityToken", 400, "Audience"):
        assume(sts, role, provider, idp.signed(pair(role, provider), audience="https://app.example.com/saml"))
    with aws_error("InvalidIdentityToken", 400, "Recipient"):
        assume(sts, role, provider, idp.signed(pair(role, provider), recipient="https://app.example.com/acs"))
    with aws_error("InvalidIdentityToken", 400, "Issuer not present in specified provider"):
        assume(sts, role, provider, idp.signed(pair(role, provider), issuer="https://other.test/saml"))
    # AWS's other forms are accepted: urn:amazon:webservices as Audience, a regional sign-in endpoint as
    # Recipient; saml:aud is the Recipient, so the trust policy pinning the global endpoint refuses the latter.
    assume(sts, role, provider, idp.signed(pair(role, provider), audience="urn:amazon:webservices"))
    with aws_error("AccessDenied", 403, DENIED):
        assume(sts, role, provider, idp.signed(pair(role, provider),
                                               recipient="https://eu-west-1.signin.aws.amazon.com/saml"))


def test_replayed_assertion_is_refused(sts, idp, role, provider):
    assertion = idp.signed(pair(role, provider))
    assume(sts, role, provider, assertion)
    with aws_error("InvalidIdentityToken", 400, "already used"):
        assume(sts, role, provider, assertion)


def test_role_not_granted_by_the_idp_is_refused(sts, iam, idp, role, provider):
    other = iam.create_role(RoleName=unique("saml-ungranted"), AssumeRolePolicyDocument=saml_trust(provider))["Role"]["Arn"]
    with aws_error("AccessDenied", 403, DENIED):
        assume(sts, other, provider, idp.signed(pair(role, provider)))
    with aws_error("InvalidIdentityToken", 400, "RoleSessionName is required in AuthnResponse"):
        assume(sts, role, provider, idp.signed(pair(role, provider), session_name=None))


def test_unknown_provider_and_another_idps_metadata(sts, iam, idp, role, provider):
    missing = provider + "-missing"
    with aws_error("InvalidIdentityToken", 400, "Specified provider doesn't exist"):
        assume(sts, role, missing, idp.signed(pair(role, missing)))
    # A provider registered with another IdP's metadata does not take this IdP's signature.
    stranger = IdP(idp.entity_id)
    other = iam.create_saml_provider(Name=unique("stranger"), SAMLMetadataDocument=stranger.metadata())["SAMLProviderArn"]
    try:
        with aws_error("InvalidIdentityToken", 400, SIGNATURE):
            assume(sts, role, other, idp.signed(pair(role, other)))
    finally:
        iam.delete_saml_provider(SAMLProviderArn=other)


def test_trust_policy_weighs_saml_keys(sts, iam, idp, provider):
    name = unique("saml-eppn")
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=saml_trust(provider, {
        "StringEquals": {"saml:edupersonprincipalname": "alice@uni.test", "saml:iss": idp.entity_id,
                         "saml:sub_type": "persistent", "saml:doc": f"{ACCOUNT_ID}/{provider.split('/')[-1]}"},
        "StringLike": {"saml:sub": "alice@*"},
    }))["Role"]["Arn"]
    eppn = {"urn:oid:1.3.6.1.4.1.5923.1.1.1.6": ["alice@uni.test"]}
    assume(sts, role, provider, idp.signed(pair(role, provider), attributes=eppn))
    with aws_error("AccessDenied", 403, DENIED):
        assume(sts, role, provider, idp.signed(pair(role, provider), attributes={
            "urn:oid:1.3.6.1.4.1.5923.1.1.1.6": ["bob@uni.test"]}))
    with aws_error("AccessDenied", 403, DENIED):
        assume(sts, role, provider, idp.signed(pair(role, provider), subject="bob@example.com", attributes=eppn))


def test_principal_tags_become_session_tags(sts, iam, idp, provider):
    name = unique("saml-tagged")
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=saml_trust(
        provider, actions=("sts:AssumeRoleWithSAML", "sts:TagSession")))["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="by-team", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*",
                                                "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}}]}))
    answer = assume(sts, role, provider, idp.signed(pair(role, provider), attributes={
        ATTR + "PrincipalTag:team": ["platform"]}))
    tagged = session_from_credentials(answer["Credentials"]).client(
        "iam", endpoint_url=sts.meta.endpoint_url, region_name=REGION)
    tagged.list_roles(MaxItems=1)
    untagged = session_from_credentials(assume(sts, role, provider, idp.signed(pair(role, provider)))["Credentials"])
    with aws_error("AccessDenied", 403):
        untagged.client("iam", endpoint_url=sts.meta.endpoint_url, region_name=REGION).list_roles(MaxItems=1)


def test_session_limits(sts, iam, idp, role, provider):
    answer = assume(sts, role, provider, idp.signed(pair(role, provider), session_not_on_or_after=1200),
                    DurationSeconds=3600)
    remaining = answer["Credentials"]["Expiration"].timestamp() - time.time()
    assert 1100 < remaining <= 1260
    with aws_error("ValidationError", 400, "MaxSessionDuration"):
        assume(sts, role, provider, idp.signed(pair(role, provider)), DurationSeconds=43200)
    with aws_error("MalformedPolicyDocument", 400):
        assume(sts, role, provider, idp.signed(pair(role, provider)), Policy="{not json")


def test_the_assertion_is_not_recorded(sts, idp, role, provider, data_dir):
    assertion = idp.signed(pair(role, provider), subject="recorded@example.com")
    assume(sts, role, provider, assertion)
    signature_value = re.search(r"<ds:SignatureValue>([^<]{40})", base64.b64decode(assertion).decode()).group(1)
    deadline = time.monotonic() + 10
    while True:
        database = sqlite3.connect(f"file:{data_dir / 'rampart.db'}?mode=ro", uri=True)
        try:
            records = [row[0] if isinstance(row[0], str) else bytes(row[0]).decode(errors="replace")
                       for row in database.execute("SELECT body FROM records")]
        finally:
            database.close()
        events = stored_trail(data_dir / "rampart.db").texts()
        saml_events = [e for e in events if "AssumeRoleWithSAML" in e and "recorded@example.com" in e]
        if saml_events or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert saml_events, "no AssumeRoleWithSAML event recorded"
    assert "SAMLUser" in saml_events[0]  # CloudTrail's identity of a SAML caller (a record, or the call's facts)
    for body in events + records:
        assert assertion[:60] not in body
        assert signature_value not in body
