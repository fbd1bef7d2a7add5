"""Service-specific credentials: CreateServiceSpecificCredential ListServiceSpecificCredentials
ResetServiceSpecificCredential UpdateServiceSpecificCredential DeleteServiceSpecificCredential."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, IAM_VERSION, aws_error, build_signed_request, send, utcnow,
)

ID = re.compile(r"^ACCA[A-Z0-9]{17}$")
PASSWORD_SERVICES = ["codecommit.amazonaws.com", "cassandra.amazonaws.com"]
API_KEY_SERVICES = ["bedrock.amazonaws.com", "logs.amazonaws.com"]


@pytest.mark.parametrize("service", PASSWORD_SERVICES)
def test_password_credential(iam, make_user, service):
    name, _ = make_user(with_key=False)
    before = utcnow() - dt.timedelta(seconds=60)
    cred = iam.create_service_specific_credential(UserName=name, ServiceName=service)["ServiceSpecificCredential"]
    assert ID.match(cred["ServiceSpecificCredentialId"])
    assert cred["ServiceName"] == service
    assert cred["ServiceUserName"] == f"{name}-at-{ACCOUNT_ID}"
    assert len(cred["ServicePassword"]) == 44
    assert cred["UserName"] == name
    assert cred["Status"] == "Active"
    assert before <= cred["CreateDate"] <= utcnow() + dt.timedelta(seconds=60)
    assert "ExpirationDate" not in cred and "ServiceCredentialSecret" not in cred

    listed = iam.list_service_specific_credentials(UserName=name)["ServiceSpecificCredentials"]
    assert len(listed) == 1
    assert listed[0]["ServiceSpecificCredentialId"] == cred["ServiceSpecificCredentialId"]
    assert listed[0]["ServiceUserName"] == cred["ServiceUserName"]
    assert "ServicePassword" not in listed[0]


@pytest.mark.parametrize("service", API_KEY_SERVICES)
def test_api_key_with_expiry(iam, make_user, service):
    name, _ = make_user(with_key=False)
    cred = iam.create_service_specific_credential(UserName=name, ServiceName=service, CredentialAgeDays=30)[
        "ServiceSpecificCredential"]
    alias = f"{name}-at-{ACCOUNT_ID}"
    assert cred["ServiceCredentialAlias"] == alias
    secret = cred["ServiceCredentialSecret"]
    if service == "bedrock.amazonaws.com":
        assert secret.startswith("ABSK")
        secret = secret[4:]
    assert base64.b64decode(secret).decode().startswith(alias + ":")
    assert "ServicePassword" not in cred and "ServiceUserName" not in cred
    assert cred["ExpirationDate"] - cred["CreateDate"] == dt.timedelta(days=30)
    listed = iam.list_service_specific_credentials(UserName=name, ServiceName=service)["ServiceSpecificCredentials"]
    assert listed[0]["ExpirationDate"] == cred["ExpirationDate"]
    assert listed[0]["ServiceCredentialAlias"] == alias
    assert "ServiceCredentialSecret" not in listed[0]


def test_credential_age_days_edges(iam, make_user):
    name, _ = make_user(with_key=False)
    for days in (0, 36601):
        with aws_error("ValidationError", 400, "credentialAgeDays"):
            iam.create_service_specific_credential(UserName=name, ServiceName="bedrock.amazonaws.com",
                                                   CredentialAgeDays=days)
    iam.create_service_specific_credential(UserName=name, ServiceName="bedrock.amazonaws.com", CredentialAgeDays=1)
    iam.create_service_specific_credential(UserName=name, ServiceName="bedrock.amazonaws.com",
                                           CredentialAgeDays=36600)
    with aws_error("InvalidInput", 400):
        iam.create_service_specific_credential(UserName=name, ServiceName="codecommit.amazonaws.com",
                                               CredentialAgeDays=5)


def test_expired_key_lists_as_expired(iam, make_user, clock, endpoint):
    name, _ = make_user(with_key=False)
    iam.create_service_specific_credential(UserName=name, ServiceName="bedrock.amazonaws.com", CredentialAgeDays=1)
    clock.set(2 * 86_400)
    # Signed at the server's time: boto3 would sign two days behind it.
    params = {"Action": "ListServiceSpecificCredentials", "Version": IAM_VERSION, "UserName": name}
    response = send(*build_signed_request(endpoint, params, creds=(ADMIN_KEY_ID, ADMIN_SECRET), when=clock.now()))
    assert response.status == 200, response.text
    assert [el.text for el in response.findall("Status")] == ["Expired"]


def test_unsupported_service(iam, make_user):
    name, _ = make_user(with_key=False)
    for service in ["s3.amazonaws.com", "codecommit", "CODECOMMIT.amazonaws.com"]:
        with aws_error("NotSupportedService", 404):
            iam.create_service_specific_credential(UserName=name, ServiceName=service)
    with aws_error("NotSupportedService", 404):
        iam.list_service_specific_credentials(UserName=name, ServiceName="s3.amazonaws.com")


def test_two_per_service_then_limit(iam, make_user):
    name, _ = make_user(with_key=False)
    first = iam.create_service_specific_credential(UserName=name, ServiceName="codecommit.amazonaws.com")[
        "ServiceSpecificCredential"]
    iam.create_service_specific_credential(UserName=name, ServiceName="codecommit.amazonaws.com")
    iam.update_service_specific_credential(UserName=name, ServiceSpecificCredentialId=first[
        "ServiceSpecificCredentialId"], Status="Inactive")
    with aws_error("LimitExceeded", 409, ": 2"):
        iam.create_service_specific_credential(UserName=name, ServiceName="codecommit.amazonaws.com")
    # The quota is per service.
    iam.create_service_specific_credential(UserName=name, ServiceName="cassandra.amazonaws.com")
    iam.delete_service_specific_credential(UserName=name, ServiceSpecificCredentialId=first[
        "ServiceSpecificCredentialId"])
    iam.create_service_specific_credential(UserName=name, ServiceName="codecommit.amazonaws.com")
    assert len(iam.list_service_specific_credentials(UserName=name)["ServiceSpecificCredentials"]) == 3
    assert len(iam.list_service_specific_credentials(
        UserName=name, ServiceName="cassandra.amazonaws.com")["ServiceSpecificCredentials"]) == 1


def test_reset_update_delete(iam, make_user):
    name, _ = make_user(with_key=False)
    cred = iam.create_service_specific_credential(UserName=name, ServiceName="codecommit.amazonaws.com")[
        "ServiceSpecificCredential"]
    cred_id = cred["ServiceSpecificCredentialId"]
    reset = iam.reset_service_specific_credential(UserName=name, ServiceSpecificCredentialId=cred_id)[
        "ServiceSpecificCredential"]
    assert reset["ServiceSpecificCredentialId"] == cred_id
    assert reset["ServicePassword"] != cred["ServicePassword"] and len(reset["ServicePassword"]) == 44
    assert reset["CreateDate"] == cred["CreateDate"]
    iam.update_service_specific_credential(UserName=name, ServiceSpecificCredentialId=cred_id, Status="Inactive")
    assert iam.list_service_specific_credentials(UserName=name)["ServiceSpecificCredentials"][0][
        "Status"] == "Inactive"
    with aws_error("InvalidInput", 400):
        iam.update_service_specific_credential(UserName=name, ServiceSpecificCredentialId=cred_id, Status="Expired")
    with aws_error("DeleteConflict", 409, "service specific credentials"):
        iam.delete_user(UserName=name)
    iam.delete_service_specific_credential(UserName=name, ServiceSpecificCredentialId=cred_id)
    for call in (
        lambda: iam.reset_service_specific_credential(UserName=name, ServiceSpecificCredentialId=cred_id),
        lambda: iam.update_service_specific_credential(UserName=name, ServiceSpecificCredentialId=cred_id,
                                                       Status="Active"),
        lambda: iam.delete_service_specific_credential(UserName=name, ServiceSpecificCredentialId=cred_id),
    ):
        with aws_error("NoSuchEntity", 404, cred_id):
            call()
    with aws_error("ValidationError", 400):
        iam.delete_service_specific_credential(UserName=name, ServiceSpecificCredentialId="ACCASHORT")
    iam.delete_user(UserName=name)


def test_other_users_credentials_are_not_found(iam, make_user):
    owner, _ = make_user(with_key=False)
    other, _ = make_user(with_key=False)
    cred_id = iam.create_service_specific_credential(UserName=owner, ServiceName="codecommit.amazonaws.com")[
        "ServiceSpecificCredential"]["ServiceSpecificCredentialId"]
    with aws_error("NoSuchEntity", 404):
        iam.reset_service_specific_credential(UserName=other, ServiceSpecificCredentialId=cred_id)
    with aws_error("NoSuchEntity", 404, "nobody-ssc"):
        iam.create_service_specific_credential(UserName="nobody-ssc", ServiceName="codecommit.amazonaws.com")


def test_all_users(iam, make_user):
    first, _ = make_user(with_key=False)
    second, _ = make_user(with_key=False)
    ids = {
        iam.create_service_specific_credential(UserName=user, ServiceName="logs.amazonaws.com")[
            "ServiceSpecificCredential"]["ServiceSpecificCredentialId"]: user
        for user in (first, second)
    }
    listed = iam.list_service_specific_credentials(AllUsers=True, ServiceName="logs.amazonaws.com")[
        "ServiceSpecificCredentials"]
    found = {c["ServiceSpecificCredentialId"]: c["UserName"] for c in listed}
    assert ids.items() <= found.items()
    with aws_error("InvalidInput", 400):
        iam.list_service_specific_credentials(AllUsers=True, UserName=first)


def test_caller_lists_its_own(iam, make_user, connect):
    name, session = make_user(policy_arns=["arn:aws:iam::aws:policy/IAMFullAccess"])
    cred_id = iam.create_service_specific_credential(UserName=name, ServiceName="codecommit.amazonaws.com")[
        "ServiceSpecificCredential"]["ServiceSpecificCredentialId"]
    own = connect(session, "iam")
    assert [c["ServiceSpecificCredentialId"] for c in own.list_service_specific_credentials()[
        "ServiceSpecificCredentials"]] == [cred_id]
    own.reset_service_specific_credential(ServiceSpecificCredentialId=cred_id)
    own.delete_service_specific_credential(ServiceSpecificCredentialId=cred_id)
