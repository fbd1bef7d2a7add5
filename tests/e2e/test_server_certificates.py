"""Server certificates: UploadServerCertificate GetServerCertificate ListServerCertificates
UpdateServerCertificate DeleteServerCertificate TagServerCertificate UntagServerCertificate
ListServerCertificateTags; the private key is checked against the certificate and never returned."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, aws_error, make_session, unique, utcnow
from key_material import (
    certificate, ec_key, encrypted_private_pem, expiry, pem, private_pem, rsa_key,
)
from org_helpers import Org, start_org_server

ID = re.compile(r"^ASCA[A-Z0-9]{17}$")
UNPARSABLE = "Unable to parse certificate. Please ensure the certificate is in PEM format."
CHAIN = ("Unable to validate certificate chain. The certificate chain must start with the immediate signing "
         "certificate, followed by any intermediaries in order. The index within the chain of the invalid "
         "certificate is: ")


class Issued:
    """A CA, an intermediate it issued, and a leaf the intermediate issued, on shared RSA keys."""

    def __init__(self):
        self.ca = certificate(rsa_key(10), name="Test Root CA", days=3650)
        self.intermediate = certificate(rsa_key(11), name="Test Intermediate", issuer=self.ca, issuer_key=rsa_key(10))
        self.leaf = certificate(rsa_key(12), name="www.example.com", issuer=self.intermediate,
                                issuer_key=rsa_key(11), days=90)
        self.key = private_pem(rsa_key(12))
        self.chain = pem(self.intermediate) + pem(self.ca)


@pytest.fixture
def issued():
    return Issued()


@pytest.fixture
def upload(iam):
    """upload(name=None, **kwargs) -> metadata; deletes what it uploaded afterwards."""
    made = []

    def _upload(name=None, body=None, key=None, **kwargs):
        name = name or unique("cert")
        own = certificate(rsa_key(13))
        response = iam.upload_server_certificate(
            ServerCertificateName=name, CertificateBody=body or pem(own), PrivateKey=key or private_pem(rsa_key(13)),
            **kwargs)
        made.append(response["ServerCertificateMetadata"]["ServerCertificateId"])
        return response
    yield _upload
    for meta in iam.list_server_certificates()["ServerCertificateMetadataList"]:
        if meta["ServerCertificateId"] in made:
            iam.delete_server_certificate(ServerCertificateName=meta["ServerCertificateName"])


def test_upload_with_chain_path_and_tags(iam, upload, issued):
    name = unique("cert")
    before = utcnow() - dt.timedelta(seconds=60)
    response = upload(name, body=pem(issued.leaf), key=issued.key, CertificateChain=issued.chain,
                      Path="/cloudfront/test/", Tags=[{"Key": "team", "Value": "web"}])
    meta = response["ServerCertificateMetadata"]
    assert meta["ServerCertificateName"] == name
    assert meta["Path"] == "/cloudfront/test/"
    assert ID.match(meta["ServerCertificateId"])
    assert meta["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:server-certificate/cloudfront/test/{name}"
    assert before <= meta["UploadDate"] <= utcnow() + dt.timedelta(seconds=60)
    assert meta["Expiration"] == expiry(issued.leaf)
    assert response["Tags"] == [{"Key": "team", "Value": "web"}]

    got = iam.get_server_certificate(ServerCertificateName=name)["ServerCertificate"]
    assert got["ServerCertificateMetadata"] == meta
    assert got["CertificateBody"] == pem(issued.leaf)
    assert got["CertificateChain"] == issued.chain
    assert got["Tags"] == [{"Key": "team", "Value": "web"}]
    assert "PrivateKey" not in got and "PRIVATE KEY" not in str(got)


@pytest.mark.parametrize("form", ["pkcs8", "traditional"])
def test_private_key_forms(upload, form):
    rsa = certificate(rsa_key(14))
    upload(body=pem(rsa), key=private_pem(rsa_key(14), form))
    key = ec_key()
    upload(body=pem(certificate(key)), key=private_pem(key, form))


def test_key_must_match_the_certificate(iam, issued):
    name = unique("cert")
    with aws_error("KeyPairMismatch", 400):
        iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=pem(issued.leaf),
                                      PrivateKey=private_pem(rsa_key(10)))
    with aws_error("KeyPairMismatch", 400):
        iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=pem(issued.leaf),
                                      PrivateKey=private_pem(ec_key()))
    with aws_error("NoSuchEntity", 404):
        iam.get_server_certificate(ServerCertificateName=name)


def test_unreadable_inputs(iam, issued):
    name = unique("cert")
    body = pem(issued.leaf)
    lines = body.strip().split("\n")
    truncated = "\n".join(lines[:4] + [lines[-1]])
    for bad in ["garbage", truncated, body + body, "-----BEGIN CERTIFICATE-----\n" + "A" * 16000]:
        with aws_error("MalformedCertificate", 400, UNPARSABLE):
            iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=bad, PrivateKey=issued.key)
    for bad_key in ["garbage", encrypted_private_pem(rsa_key(12)), issued.key.replace("PRIVATE", "PUBLIC"),
                    private_pem(rsa_key(12), "traditional").replace("RSA PRIVATE", "EC PRIVATE")]:
        with aws_error("MalformedCertificate", 400, "private key"):
            iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=body, PrivateKey=bad_key)
    with aws_error("NoSuchEntity", 404):
        iam.get_server_certificate(ServerCertificateName=name)


def test_chain_must_issue_in_order(iam, issued):
    name = unique("cert")
    body = pem(issued.leaf)
    cases = [
        (pem(issued.ca) + pem(issued.intermediate), 0),       # wrong order
        (pem(issued.intermediate) + pem(issued.leaf), 1),     # the leaf did not issue the intermediate
        (pem(issued.ca), 0),                                  # skips the intermediate
        ("text before\n" + issued.chain, -1),                 # an `openssl x509 -text` dump
    ]
    for chain, index in cases:
        with aws_error("MalformedCertificate", 400, CHAIN + str(index)):
            iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=body, PrivateKey=issued.key,
                                          CertificateChain=chain)
    with aws_error("ValidationError", 400):
        iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=body, PrivateKey=issued.key,
                                      CertificateChain="")


def test_validity_period(iam):
    name = unique("cert")
    key = rsa_key(15)
    expired = certificate(key, not_before=utcnow() - dt.timedelta(days=30), days=10)
    future = certificate(key, not_before=utcnow() + dt.timedelta(days=1))
    for cert in [expired, future]:
        with aws_error("MalformedCertificate", 400, CHAIN + "-1"):
            iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=pem(cert),
                                          PrivateKey=private_pem(key))


def test_names_and_paths(iam, upload):
    name = unique("cert")
    upload(name)
    with aws_error("EntityAlreadyExists", 409, name.upper()):
        upload(name.upper())
    with aws_error("ValidationError", 400):
        upload("has space")
    with aws_error("ValidationError", 400):
        upload("x" * 129)
    upload("c" * 128)
    with aws_error("ValidationError", 400):
        upload(Path="no-slashes")
    with aws_error("ValidationError", 400):
        upload(Path="/" + "p" * 511 + "/")
    upload(Path="/" + "p" * 510 + "/")


def test_list_with_prefix_and_paging(iam, upload):
    prefix = f"/{unique('list')}/"
    names = sorted(unique("cert") for _ in range(3))
    for index, name in enumerate(names):
        upload(name, Path=prefix + ("a/" if index else ""))
    listed = iam.list_server_certificates(PathPrefix=prefix)["ServerCertificateMetadataList"]
    assert [m["ServerCertificateName"] for m in listed] == names
    assert [m["ServerCertificateName"] for m in iam.list_server_certificates(PathPrefix=prefix + "a/")[
        "ServerCertificateMetadataList"]] == names[1:]
    first = iam.list_server_certificates(PathPrefix=prefix, MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_server_certificates(PathPrefix=prefix, Marker=first["Marker"])
    assert [m["ServerCertificateName"] for m in first["ServerCertificateMetadataList"]
            + rest["ServerCertificateMetadataList"]] == names
    paginated = iam.get_paginator("list_server_certificates").paginate(PathPrefix=prefix, PaginationConfig={
        "PageSize": 1})
    assert [m["ServerCertificateName"] for page in paginated for m in page["ServerCertificateMetadataList"]] == names


def test_rename_and_move(iam, upload):
    name, other = unique("cert"), unique("cert")
    meta = upload(name)["ServerCertificateMetadata"]
    upload(other)
    with aws_error("EntityAlreadyExists", 409):
        iam.update_server_certificate(ServerCertificateName=name, NewServerCertificateName=other)
    renamed = unique("renamed")
    iam.update_server_certificate(ServerCertificateName=name, NewServerCertificateName=renamed, NewPath="/moved/")
    with aws_error("NoSuchEntity", 404, name):
        iam.get_server_certificate(ServerCertificateName=name)
    got = iam.get_server_certificate(ServerCertificateName=renamed)["ServerCertificate"]["ServerCertificateMetadata"]
    assert got["ServerCertificateId"] == meta["ServerCertificateId"]
    assert got["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:server-certificate/moved/{renamed}"
    with aws_error("NoSuchEntity", 404):
        iam.update_server_certificate(ServerCertificateName=name, NewPath="/x/")
    with aws_error("ValidationError", 400):
        iam.update_server_certificate(ServerCertificateName=renamed, NewPath="bad")


def test_tags(iam, upload):
    name = unique("cert")
    upload(name)
    iam.tag_server_certificate(ServerCertificateName=name,
                               Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    iam.tag_server_certificate(ServerCertificateName=name, Tags=[{"Key": "A", "Value": "3"}])
    tags = iam.list_server_certificate_tags(ServerCertificateName=name)
    assert tags["Tags"] == [{"Key": "A", "Value": "3"}, {"Key": "b", "Value": "2"}]
    iam.untag_server_certificate(ServerCertificateName=name, TagKeys=["B"])
    assert iam.list_server_certificate_tags(ServerCertificateName=name)["Tags"] == [{"Key": "A", "Value": "3"}]
    with aws_error("LimitExceeded", 409, "TagsPerResource: 50"):
        iam.tag_server_certificate(ServerCertificateName=name,
                                   Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    iam.tag_server_certificate(ServerCertificateName=name, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
    page = iam.list_server_certificate_tags(ServerCertificateName=name, MaxItems=10)
    assert page["IsTruncated"] is True and len(page["Tags"]) == 10
    with aws_error("InvalidInput", 400):
        iam.tag_server_certificate(ServerCertificateName=name,
                                   Tags=[{"Key": "x", "Value": "1"}, {"Key": "X", "Value": "2"}])
    with aws_error("NoSuchEntity", 404):
        iam.tag_server_certificate(ServerCertificateName=unique("none"), Tags=[{"Key": "a", "Value": "1"}])
    with aws_error("NoSuchEntity", 404):
        iam.list_server_certificate_tags(ServerCertificateName=unique("none"))
    # 51 tags break the model's list length before any quota is counted.
    with aws_error("ValidationError", 400, "'tags'"):
        upload(Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])


def test_delete(iam, upload):
    name = unique("cert")
    upload(name)
    iam.delete_server_certificate(ServerCertificateName=name)
    with aws_error("NoSuchEntity", 404, f"The Server Certificate with name {name} cannot be found."):
        iam.delete_server_certificate(ServerCertificateName=name)


def test_twenty_per_account_then_limit(iam, upload):
    existing = len(iam.list_server_certificates(MaxItems=1000)["ServerCertificateMetadataList"])
    assert iam.get_account_summary()["SummaryMap"]["ServerCertificatesQuota"] == 20
    for _ in range(20 - existing):
        upload()
    assert iam.get_account_summary()["SummaryMap"]["ServerCertificates"] == 20
    with aws_error("LimitExceeded", 409, "ServerCertificatesPerAccount: 20"):
        upload()


def test_operator_sets_the_quota(tmp_path_factory):
    server = start_org_server(tmp_path_factory, "server-cert-quota", ["--max-server-certificates", "2"])
    try:
        iam = Org(server).client(make_session(ADMIN_KEY_ID, ADMIN_SECRET), "iam")
        assert iam.get_account_summary()["SummaryMap"]["ServerCertificatesQuota"] == 2
        for _ in range(2):
            iam.upload_server_certificate(ServerCertificateName=unique("cert"), CertificateBody=pem(
                certificate(rsa_key(13))), PrivateKey=private_pem(rsa_key(13)))
        with aws_error("LimitExceeded", 409, "ServerCertificatesPerAccount: 2"):
            iam.upload_server_certificate(ServerCertificateName=unique("cert"), CertificateBody=pem(
                certificate(rsa_key(13))), PrivateKey=private_pem(rsa_key(13)))
    finally:
        server.stop()
