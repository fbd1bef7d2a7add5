"""Signing certificates: UploadSigningCertificate ListSigningCertificates UpdateSigningCertificate
DeleteSigningCertificate, for IAM users and for the root user."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from e2e_helpers import aws_error, unique, utcnow, wait_until
from key_material import certificate, ec_key, pem, rsa_key
from org_helpers import Org, start_org_server

CERT_ID = re.compile(r"^[A-Z0-9]{32}$")
UNPARSABLE = "Unable to parse certificate. Please ensure the certificate is in PEM format."


def fresh_pem(index: int = 0, **kwargs) -> str:
    """A new certificate (a new serial each call) on shared key `index`."""
    return pem(certificate(rsa_key(index), name=f"signing-{index}", **kwargs))


def test_upload_and_list(iam, make_user):
    name, _ = make_user(with_key=False)
    body = fresh_pem()
    before = utcnow() - dt.timedelta(seconds=60)
    uploaded = iam.upload_signing_certificate(UserName=name, CertificateBody=body)["Certificate"]
    assert CERT_ID.match(uploaded["CertificateId"])
    assert uploaded["UserName"] == name
    assert uploaded["CertificateBody"] == body
    assert uploaded["Status"] == "Active"
    assert before <= uploaded["UploadDate"] <= utcnow() + dt.timedelta(seconds=60)
    listed = iam.list_signing_certificates(UserName=name)
    assert listed["IsTruncated"] is False
    assert listed["Certificates"] == [uploaded]


def test_two_per_user_then_limit(iam, make_user):
    name, _ = make_user(with_key=False)
    first = iam.upload_signing_certificate(UserName=name, CertificateBody=fresh_pem(0))["Certificate"]
    iam.upload_signing_certificate(UserName=name, CertificateBody=fresh_pem(1))
    iam.update_signing_certificate(UserName=name, CertificateId=first["CertificateId"], Status="Inactive")
    with aws_error("LimitExceeded", 409, "SigningCertificatesPerUser: 2"):
        iam.upload_signing_certificate(UserName=name, CertificateBody=fresh_pem(2))
    iam.delete_signing_certificate(UserName=name, CertificateId=first["CertificateId"])
    iam.upload_signing_certificate(UserName=name, CertificateBody=fresh_pem(2))
    page = iam.list_signing_certificates(UserName=name, MaxItems=1)
    assert page["IsTruncated"] is True and len(page["Certificates"]) == 1
    rest = iam.list_signing_certificates(UserName=name, Marker=page["Marker"])
    assert rest["IsTruncated"] is False and len(rest["Certificates"]) == 1


def test_duplicate_anywhere_in_the_account(iam, make_user):
    owner, _ = make_user(with_key=False)
    other, _ = make_user(with_key=False)
    body = fresh_pem(3)
    iam.upload_signing_certificate(UserName=owner, CertificateBody=body)
    with aws_error("DuplicateCertificate", 409):
        iam.upload_signing_certificate(UserName=owner, CertificateBody=body)
    with aws_error("DuplicateCertificate", 409):
        iam.upload_signing_certificate(UserName=other, CertificateBody=body)


def test_malformed_and_invalid_certificates(iam, make_user):
    name, _ = make_user(with_key=False)
    body = fresh_pem()
    lines = body.strip().split("\n")
    truncated = "\n".join(lines[:len(lines) // 2] + [lines[-1]])
    for bad in ["not a certificate", truncated, body + body, body.replace("CERTIFICATE", "PUBLIC KEY"),
                "-----BEGIN CERTIFICATE-----\n" + "A" * 16000]:
        with aws_error("MalformedCertificate", 400, UNPARSABLE):
            iam.upload_signing_certificate(UserName=name, CertificateBody=bad)
    expired = fresh_pem(0, not_before=utcnow() - dt.timedelta(days=30), days=10)
    with aws_error("InvalidCertificate", 400):
        iam.upload_signing_certificate(UserName=name, CertificateBody=expired)
    future = fresh_pem(0, not_before=utcnow() + dt.timedelta(days=1))
    with aws_error("InvalidCertificate", 400):
        iam.upload_signing_certificate(UserName=name, CertificateBody=future)
    with aws_error("ValidationError", 400):
        iam.upload_signing_certificate(UserName=name, CertificateBody="x" * 16385)
    assert iam.list_signing_certificates(UserName=name)["Certificates"] == []
    # An EC certificate is a certificate too.
    iam.upload_signing_certificate(UserName=name, CertificateBody=pem(certificate(ec_key())))


def test_update_and_delete_errors(iam, make_user):
    name, _ = make_user(with_key=False)
    other, _ = make_user(with_key=False)
    cert_id = iam.upload_signing_certificate(UserName=name, CertificateBody=fresh_pem())["Certificate"][
        "CertificateId"]
    with aws_error("InvalidInput", 400):
        iam.update_signing_certificate(UserName=name, CertificateId=cert_id, Status="Expired")
    with aws_error("NoSuchEntity", 404, cert_id):
        iam.update_signing_certificate(UserName=other, CertificateId=cert_id, Status="Inactive")
    with aws_error("NoSuchEntity", 404):
        iam.delete_signing_certificate(UserName=other, CertificateId=cert_id)
    with aws_error("ValidationError", 400):
        iam.delete_signing_certificate(UserName=name, CertificateId="SHORT")
    with aws_error("NoSuchEntity", 404):
        iam.list_signing_certificates(UserName="nobody-signing")
    iam.update_signing_certificate(UserName=name, CertificateId=cert_id, Status="Inactive")
    assert iam.list_signing_certificates(UserName=name)["Certificates"][0]["Status"] == "Inactive"
    with aws_error("DeleteConflict", 409, "signing certificates"):
        iam.delete_user(UserName=name)
    iam.delete_signing_certificate(UserName=name, CertificateId=cert_id)
    with aws_error("NoSuchEntity", 404):
        iam.delete_signing_certificate(UserName=name, CertificateId=cert_id)
    iam.delete_user(UserName=name)


def test_caller_without_user_name(iam, make_user, connect):
    name, session = make_user(policy_arns=["arn:aws:iam::aws:policy/IAMFullAccess"])
    own = connect(session, "iam")
    uploaded = own.upload_signing_certificate(CertificateBody=fresh_pem(4))["Certificate"]
    assert uploaded["UserName"] == name
    assert [c["CertificateId"] for c in own.list_signing_certificates()["Certificates"]] == [uploaded["CertificateId"]]
    own.update_signing_certificate(CertificateId=uploaded["CertificateId"], Status="Inactive")
    own.delete_signing_certificate(CertificateId=uploaded["CertificateId"])
    assert own.list_signing_certificates()["Certificates"] == []


def test_root_signing_certificates(root_iam):
    before = root_iam.get_account_summary()["SummaryMap"]["AccountSigningCertificatesPresent"]
    assert before == 0
    uploaded = root_iam.upload_signing_certificate(CertificateBody=fresh_pem(5))["Certificate"]
    try:
        listed = root_iam.list_signing_certificates()["Certificates"]
        assert [c["CertificateId"] for c in listed] == [uploaded["CertificateId"]]
        assert root_iam.get_account_summary()["SummaryMap"]["AccountSigningCertificatesPresent"] == 1
    finally:
        root_iam.delete_signing_certificate(CertificateId=uploaded["CertificateId"])
    assert root_iam.get_account_summary()["SummaryMap"]["AccountSigningCertificatesPresent"] == 0


def test_credential_report_shows_certificates(tmp_path_factory):
    # A server of its own: a report is reused for four hours, so the shared account's may be stale.
    server = start_org_server(tmp_path_factory, "signing-report")
    try:
        org = Org(server)
        _, session = org.standalone_account()
        iam = org.client(session, "iam")
        user = unique("report")
        iam.create_user(UserName=user)
        first = iam.upload_signing_certificate(UserName=user, CertificateBody=fresh_pem(6))["Certificate"]
        second = iam.upload_signing_certificate(UserName=user, CertificateBody=fresh_pem(7))["Certificate"]
        iam.update_signing_certificate(UserName=user, CertificateId=second["CertificateId"], Status="Inactive")
        own = iam.upload_signing_certificate(CertificateBody=fresh_pem(8))["Certificate"]
        assert wait_until(lambda: iam.generate_credential_report()["State"] == "COMPLETE", timeout=10)
        rows = {row["user"]: row for row in csv.DictReader(io.StringIO(
            iam.get_credential_report()["Content"].decode()))}
        stamp = "%Y-%m-%dT%H:%M:%S+00:00"
        assert [rows[user][c] for c in ("cert_1_active", "cert_1_last_rotated", "cert_2_active",
                                        "cert_2_last_rotated")] == [
            "true", first["UploadDate"].strftime(stamp), "false", second["UploadDate"].strftime(stamp)]
        root = rows["<root_account>"]
        assert [root["cert_1_active"], root["cert_1_last_rotated"], root["cert_2_active"]] == [
            "true", own["UploadDate"].strftime(stamp), "false"]
    finally:
        server.stop()
