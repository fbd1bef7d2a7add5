"""SAML providers: CreateSAMLProvider GetSAMLProvider ListSAMLProviders UpdateSAMLProvider DeleteSAMLProvider
TagSAMLProvider UntagSAMLProvider ListSAMLProviderTags, with AssertionEncryptionMode and the private keys
for encrypted assertions (AddPrivateKey/RemovePrivateKey): never returned, sealed at rest, never in the trail.

The metadata document must be SAML 2.0 metadata of an identity provider with a signing certificate that
parses; anything else is InvalidInput "Could not parse metadata". NoSuchEntity reads "Manifest not found
for arn …" (recorded against AWS in localstack's test_iam_saml_providers.snapshot.json, 2026-02)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import sqlite3

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import NameOID

from e2e_helpers import ACCOUNT_ID, aws_error, unique
from trail_blocks import stored_trail
from trail_helpers import lookup_all, since


def provider_arn(name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:saml-provider/{name}"


def certificate_base64() -> str:
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "idp.example.com")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number()).not_valid_before(now)
            .not_valid_after(now + dt.timedelta(days=365)).sign(key, hashes.SHA256()))
    return base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


CERT = certificate_base64()


def metadata(certificate: str = CERT, valid_until: str | None = None, use: str = "signing",
             descriptor: str = "IDPSSODescriptor", prolog: str = "") -> str:
    until = f' validUntil="{valid_until}"' if valid_until else ""
    body = "\n".join(certificate[i:i + 64] for i in range(0, len(certificate), 64))
    return f"""<?xml version="1.0" encoding="UTF-8"?>{prolog}
<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="https://idp.example.com/saml"{until}>
  <md:{descriptor} WantAuthnRequestsSigned="false" protocolSupportEnumeration="urn:oasis:names:tc:SAML:2.0:protocol">
    <md:KeyDescriptor use="{use}">
      <ds:KeyInfo xmlns:ds="http://www.w3.org/2000/09/xmldsig#">
        <ds:X509Data>
          <ds:X509Certificate>
{body}
          </ds:X509Certificate>
        </ds:X509Data>
      </ds:KeyInfo>
    </md:KeyDescriptor>
    <md:NameIDFormat>urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress</md:NameIDFormat>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="https://idp.example.com/sso/post"/>
    <md:SingleSignOnService Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect" Location="https://idp.example.com/sso/redirect"/>
  </md:{descriptor}>
</md:EntityDescriptor>
"""


def rsa_private_key_pem() -> str:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


def test_create_get_list_delete(iam):
    name = unique("saml")
    document = metadata()
    assert len(document) >= 1000
    created = iam.create_saml_provider(Name=name, SAMLMetadataDocument=document)
    arn = created["SAMLProviderArn"]
    assert arn == provider_arn(name)
    assert "Tags" not in created
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    assert got["SAMLMetadataDocument"] == document
    assert got["AssertionEncryptionMode"] == "Allowed"
    assert got["PrivateKeyList"] == [] and got["Tags"] == []
    uuid = got["SAMLProviderUUID"]
    assert 22 <= len(uuid) <= 64 and uuid.isalnum() and uuid == uuid.upper()
    # No validUntil in the metadata: a hundred years on.
    assert got["ValidUntil"].year - got["CreateDate"].year == 100
    listed = {p["Arn"]: p for p in iam.list_saml_providers()["SAMLProviderList"]}
    assert listed[arn]["ValidUntil"] == got["ValidUntil"] and listed[arn]["CreateDate"] == got["CreateDate"]
    iam.delete_saml_provider(SAMLProviderArn=arn)
    for call in (iam.get_saml_provider, iam.delete_saml_provider):
        with aws_error("NoSuchEntity", 404, f"Manifest not found for arn {arn}"):
            call(SAMLProviderArn=arn)


def test_valid_until_comes_from_the_metadata(iam):
    arn = iam.create_saml_provider(Name=unique("saml"), SAMLMetadataDocument=metadata(
        valid_until="2031-05-06T07:08:09Z"))["SAMLProviderArn"]
    assert iam.get_saml_provider(SAMLProviderArn=arn)["ValidUntil"] == dt.datetime(
        2031, 5, 6, 7, 8, 9, tzinfo=dt.timezone.utc)


@pytest.mark.parametrize("document", [
    metadata(descriptor="SPSSODescriptor"),
    metadata(use="encryption"),
    metadata(certificate=base64.b64encode(b"not a certificate" * 20).decode()),
    metadata(certificate=CERT[:-60]),
    metadata(valid_until="tomorrow"),
    metadata().replace("urn:oasis:names:tc:SAML:2.0:metadata", "urn:example:not-metadata"),
    metadata().replace("</md:EntityDescriptor>", ""),
    metadata(prolog='<!DOCTYPE md [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]>'),
    metadata(prolog='<!DOCTYPE md SYSTEM "file:///etc/passwd">'),
    metadata().replace('entityID="https://idp.example.com/saml"', 'entityID="&xxe;"'),
    '<md:EntityDescriptor xmlns:md="urn:oasis:names:tc:SAML:2.0:metadata" entityID="x">' + "<a>" * 2000
    + "</a>" * 2000 + "</md:EntityDescriptor>",
    "x" * 1000,
], ids=["sp-only", "no-signing-key", "not-a-certificate", "truncated-certificate", "bad-valid-until",
        "wrong-namespace", "unclosed", "entity-expansion", "external-dtd", "undefined-entity", "deep", "not-xml"])
def test_metadata_that_is_not_idp_metadata_is_refused(iam, document):
    name = unique("saml")
    with aws_error("InvalidInput", 400, "Could not parse metadata"):
        iam.create_saml_provider(Name=name, SAMLMetadataDocument=document)
    with aws_error("NoSuchEntity", 404):
        iam.get_saml_provider(SAMLProviderArn=provider_arn(name))


def test_model_constraints(iam):
    with aws_error("ValidationError", 400) as err:
        iam.create_saml_provider(Name=unique("saml"), SAMLMetadataDocument="x" * 999)
    assert "Value at 'sAMLMetadataDocument' failed to satisfy constraint" in err.message or (
        "samlMetadataDocument" in err.message.lower())
    for bad in ("x" * 129, "bad name", "bad/name"):
        with aws_error("ValidationError", 400):
            iam.create_saml_provider(Name=bad, SAMLMetadataDocument=metadata())
    with aws_error("ValidationError", 400):
        iam.create_saml_provider(Name=unique("saml"), SAMLMetadataDocument=metadata(), AssertionEncryptionMode="Maybe")
    base = unique("saml")
    iam.create_saml_provider(Name=base + "x" * (128 - len(base)), SAMLMetadataDocument=metadata())


def test_duplicate_name(iam):
    name = unique("Saml")
    iam.create_saml_provider(Name=name, SAMLMetadataDocument=metadata())
    with aws_error("EntityAlreadyExists", 409):
        iam.create_saml_provider(Name=name.lower(), SAMLMetadataDocument=metadata())


def test_update_metadata_and_encryption(iam):
    arn = iam.create_saml_provider(Name=unique("saml"), SAMLMetadataDocument=metadata())["SAMLProviderArn"]
    replacement = metadata(certificate=certificate_base64(), valid_until="2032-01-01T00:00:00Z")
    assert iam.update_saml_provider(SAMLProviderArn=arn, SAMLMetadataDocument=replacement)["SAMLProviderArn"] == arn
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    assert got["SAMLMetadataDocument"] == replacement and got["ValidUntil"].year == 2032
    with aws_error("InvalidInput", 400, "Could not parse metadata"):
        iam.update_saml_provider(SAMLProviderArn=arn, SAMLMetadataDocument=metadata(use="encryption"))
    assert iam.get_saml_provider(SAMLProviderArn=arn)["SAMLMetadataDocument"] == replacement
    # Required without a key to decrypt with is refused; with one it holds.
    with aws_error("InvalidInput", 400):
        iam.update_saml_provider(SAMLProviderArn=arn, AssertionEncryptionMode="Required")
    iam.update_saml_provider(SAMLProviderArn=arn, AddPrivateKey=rsa_private_key_pem())
    iam.update_saml_provider(SAMLProviderArn=arn, AssertionEncryptionMode="Required")
    got = iam.get_saml_provider(SAMLProviderArn=arn)
    assert got["AssertionEncryptionMode"] == "Required" and len(got["PrivateKeyList"]) == 1
    with aws_error("NoSuchEntity", 404):
        iam.update_saml_provider(SAMLProviderArn=provider_arn(unique("ghost")), SAMLMetadataDocument=metadata())


def test_private_keys_rotate_and_never_leak(iam, admin, connect, data_dir):
    start = since()
    first, second, third = rsa_private_key_pem(), rsa_private_key_pem(), rsa_private_key_pem()
    name = unique("saml")
    arn = iam.create_saml_provider(Name=name, SAMLMetadataDocument=metadata(), AssertionEncryptionMode="Required",
                                   AddPrivateKey=first)["SAMLProviderArn"]
    keys = iam.get_saml_provider(SAMLProviderArn=arn)["PrivateKeyList"]
    assert len(keys) == 1 and set(keys[0]) == {"KeyId", "Timestamp"}
    first_id = keys[0]["KeyId"]
    assert 22 <= len(first_id) <= 64 and first_id.isalnum() and first_id == first_id.upper()

    iam.update_saml_provider(SAMLProviderArn=arn, AddPrivateKey=second)
    with aws_error("LimitExceeded", 409):
        iam.update_saml_provider(SAMLProviderArn=arn, AddPrivateKey=third)
    with aws_error("InvalidInput", 400):
        iam.update_saml_provider(SAMLProviderArn=arn, AddPrivateKey=third, RemovePrivateKey=first_id)
    with aws_error("InvalidInput", 400):
        iam.update_saml_provider(SAMLProviderArn=arn, RemovePrivateKey="A" * 26)
    iam.update_saml_provider(SAMLProviderArn=arn, RemovePrivateKey=first_id)
    keys = iam.get_saml_provider(SAMLProviderArn=arn)["PrivateKeyList"]
    assert len(keys) == 1 and keys[0]["KeyId"] != first_id
    # The last key of a provider that requires encryption stays.
    with aws_error("InvalidInput", 400):
        iam.update_saml_provider(SAMLProviderArn=arn, RemovePrivateKey=keys[0]["KeyId"])
    for bad in ("not a key", "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n"):
        with aws_error("InvalidInput", 400):
            iam.update_saml_provider(SAMLProviderArn=arn, AddPrivateKey=bad)

    bodies = [event["CloudTrailEvent"] for event in lookup_all(connect(admin, "cloudtrail"), StartTime=start)]
    calls = [json.loads(body) for body in bodies if '"CreateSAMLProvider"' in body or '"UpdateSAMLProvider"' in body]
    assert len(calls) >= 5, "the SAML provider calls are in the trail"
    created = [c for c in calls if c["eventName"] == "CreateSAMLProvider" and c["requestParameters"]["name"] == name]
    assert created[0]["responseElements"] == {"sAMLProviderArn": arn}
    assert created[0]["requestParameters"]["assertionEncryptionMode"] == "Required"
    database = sqlite3.connect(f"file:{data_dir / 'rampart.db'}?mode=ro", uri=True)
    try:
        records = [bytes(row[0]) for row in database.execute("SELECT body FROM records WHERE kind = 'saml-provider'")]
    finally:
        database.close()
    stored = stored_trail(data_dir / "rampart.db").texts()
    for pem in (first, second, third):
        marker = pem.splitlines()[5]  # a line of the key's base64 body
        assert all(marker not in body for body in stored + bodies)
        assert all(marker.encode() not in record for record in records), "private keys are sealed at rest"
    assert all("addPrivateKey" not in body for body in bodies)


def test_tags(iam):
    tags = [{"Key": "team", "Value": "identity"}]
    created = iam.create_saml_provider(Name=unique("saml"), SAMLMetadataDocument=metadata(), Tags=tags)
    arn = created["SAMLProviderArn"]
    assert created["Tags"] == tags
    iam.tag_saml_provider(SAMLProviderArn=arn, Tags=[{"Key": f"k{i:02}", "Value": "v"} for i in range(49)])
    page = iam.list_saml_provider_tags(SAMLProviderArn=arn, MaxItems=10)
    assert len(page["Tags"]) == 10 and page["IsTruncated"]
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for TagsPerResource: 50"):
        iam.tag_saml_provider(SAMLProviderArn=arn, Tags=[{"Key": "extra", "Value": "v"}])
    iam.untag_saml_provider(SAMLProviderArn=arn, TagKeys=[f"k{i:02}" for i in range(49)])
    assert iam.list_saml_provider_tags(SAMLProviderArn=arn)["Tags"] == tags
    assert iam.get_saml_provider(SAMLProviderArn=arn)["Tags"] == tags
    ghost = provider_arn(unique("ghost"))
    for call in (
        lambda: iam.tag_saml_provider(SAMLProviderArn=ghost, Tags=tags),
        lambda: iam.untag_saml_provider(SAMLProviderArn=ghost, TagKeys=["team"]),
        lambda: iam.list_saml_provider_tags(SAMLProviderArn=ghost),
    ):
        with aws_error("NoSuchEntity", 404, f"Manifest not found for arn {ghost}"):
            call()


def test_cli_walk(aws, iam, tmp_path):
    name = unique("saml-cli")
    path = tmp_path / "metadata.xml"
    path.write_text(metadata())
    arn = aws("iam", "create-saml-provider", "--name", name, "--saml-metadata-document", f"file://{path}",
              "--tags", "Key=team,Value=idp")["SAMLProviderArn"]
    assert arn == provider_arn(name)
    got = aws("iam", "get-saml-provider", "--saml-provider-arn", arn)
    assert got["SAMLMetadataDocument"] == metadata() and got["AssertionEncryptionMode"] == "Allowed"
    assert arn in [p["Arn"] for p in aws("iam", "list-saml-providers")["SAMLProviderList"]]
    aws("iam", "update-saml-provider", "--saml-provider-arn", arn, "--saml-metadata-document", f"file://{path}")
    assert aws("iam", "list-saml-provider-tags", "--saml-provider-arn", arn)["Tags"] == [
        {"Key": "team", "Value": "idp"}]
    aws("iam", "untag-saml-provider", "--saml-provider-arn", arn, "--tag-keys", "team")
    aws("iam", "tag-saml-provider", "--saml-provider-arn", arn, "--tags", "Key=a,Value=b")
    aws("iam", "delete-saml-provider", "--saml-provider-arn", arn)
    with aws_error("NoSuchEntity", 404):
        iam.get_saml_provider(SAMLProviderArn=arn)
