"""The secrets of server certificates and service-specific credentials never reach the audit trail:
a server certificate's private key (sent to UploadServerCertificate, refused or accepted) and the
passwords and API key secrets CreateServiceSpecificCredential and ResetServiceSpecificCredential
return. Read back through LookupEvents and straight from the database."""

from __future__ import annotations

import json
import sqlite3

from e2e_helpers import aws_error, unique
from key_material import certificate, pem, private_pem, rsa_key
from trail_blocks import stored_trail
from trail_helpers import lookup_all, since


def key_lines(private_key_pem: str) -> list[str]:
    """The base64 lines of a PEM key: any one of them in a record would be a leak."""
    return [line for line in private_key_pem.splitlines() if line and not line.startswith("-----")]


def test_private_keys_and_passwords_stay_out_of_the_trail(iam, connect, admin, data_dir):
    start = since()
    secrets: list[str] = []

    key = private_pem(rsa_key(20))
    cert = pem(certificate(rsa_key(20)))
    name = unique("trail-cert")
    iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=cert, PrivateKey=key)
    secrets += key_lines(key)
    # A refused upload is recorded too, with its key left out.
    mismatched = private_pem(rsa_key(21))
    refused_name = unique("trail-cert")
    with aws_error("KeyPairMismatch", 400):
        iam.upload_server_certificate(ServerCertificateName=refused_name, CertificateBody=cert, PrivateKey=mismatched)
    secrets += key_lines(mismatched)

    user = unique("trail-ssc")
    iam.create_user(UserName=user)
    password = iam.create_service_specific_credential(UserName=user, ServiceName="codecommit.amazonaws.com")[
        "ServiceSpecificCredential"]
    api_key = iam.create_service_specific_credential(UserName=user, ServiceName="bedrock.amazonaws.com")[
        "ServiceSpecificCredential"]
    reset = iam.reset_service_specific_credential(
        UserName=user, ServiceSpecificCredentialId=password["ServiceSpecificCredentialId"])["ServiceSpecificCredential"]
    secrets += [password["ServicePassword"], api_key["ServiceCredentialSecret"], reset["ServicePassword"]]

    events = lookup_all(connect(admin, "cloudtrail"), StartTime=start)
    bodies = [event["CloudTrailEvent"] for event in events]
    # The worker's previous test may have events in the window too: only this test's count.
    mine = [json.loads(b) for b in bodies if name in b or refused_name in b or user in b]
    names = [record["eventName"] for record in mine]
    assert names.count("UploadServerCertificate") == 2
    assert names.count("CreateServiceSpecificCredential") == 2
    assert "ResetServiceSpecificCredential" in names
    upload = next(r for r in mine if r["eventName"] == "UploadServerCertificate" and "errorCode" not in r)
    assert upload["requestParameters"]["serverCertificateName"] == name
    assert "privateKey" not in upload["requestParameters"]
    by_name = lookup_all(connect(admin, "cloudtrail"), "ResourceName", name, StartTime=start)
    assert [e["EventName"] for e in by_name] == ["UploadServerCertificate"]
    assert by_name[0]["Resources"] == [{"ResourceType": "AWS::IAM::ServerCertificate", "ResourceName": name}]
    refused = next(r for r in mine if r["eventName"] == "UploadServerCertificate" and "errorCode" in r)
    assert refused["errorCode"] == "KeyPairMismatch"
    assert "privateKey" not in refused["requestParameters"]

    database = sqlite3.connect(f"file:{data_dir / 'rampart.db'}?mode=ro", uri=True)
    try:
        records = [row[0] if isinstance(row[0], str) else bytes(row[0]).decode(errors="replace")
                   for row in database.execute("SELECT body FROM records")]
    finally:
        database.close()
    trail = stored_trail(data_dir / "rampart.db")
    assert all(trail.holds(body) for body in bodies)
    stored = trail.texts()
    # JSON writers may escape "/" as "\/": both spellings count.
    spellings = [variant for secret in secrets for variant in (secret, secret.replace("/", "\\/"))]
    # The search can find what is there: the certificate body (public) is recorded, line by line.
    public_lines = [v for line in key_lines(cert) for v in (line, line.replace("/", "\\/"))]
    assert any(line in body for body in bodies for line in public_lines)
    assert any(line in body for body in records for line in public_lines)
    for body in stored + bodies:
        for secret in spellings:
            assert secret not in body, f"a secret ({secret[:6]}…) is in {body[:300]}"
    # Sealed at rest: neither the key nor the passwords are in any stored record either.
    for body in records:
        for secret in spellings:
            assert secret not in body, f"a secret ({secret[:6]}…) is stored in clear"

    iam.delete_server_certificate(ServerCertificateName=name)
    for cred in (password, api_key):
        iam.delete_service_specific_credential(UserName=user, ServiceSpecificCredentialId=cred[
            "ServiceSpecificCredentialId"])
    iam.delete_user(UserName=user)

