"""The Query protocol on the wire: actions, versions, parameters, XML shapes, statuses, request ids."""

import json
from urllib.parse import unquote

import pytest

from e2e_helpers import (
    ADMIN_POLICY, IAM_NS, IAM_VERSION, ISO8601, MALFORMED_POLICIES, STS_NS, STS_VERSION, account_trust_doc,
    allow_doc, aws_error, unique, user_arn,
)


def test_unknown_action(raw_request):
    resp = raw_request({"Action": "DoesNotExist", "Version": IAM_VERSION})
    assert resp.status == 400, resp
    assert resp.error_code == "InvalidAction"
    assert "DoesNotExist" in resp.error_message


def test_unknown_sts_action(raw_request):
    resp = raw_request({"Action": "DoesNotExist", "Version": STS_VERSION}, service="sts")
    assert (resp.status, resp.error_code) == (400, "InvalidAction"), resp


def test_wrong_version(raw_request):
    # AWS Query services: "Could not find operation ListUsers for version 2099-01-01" (InvalidAction).
    resp = raw_request({"Action": "ListUsers", "Version": "2099-01-01"})
    assert (resp.status, resp.error_code) == (400, "InvalidAction"), resp
    assert "ListUsers" in resp.error_message


def test_credential_scope_selects_the_service(raw_request):
    # Signed for STS, an IAM action is unknown; signed for IAM, an STS action is unknown.
    resp = raw_request({"Action": "ListUsers", "Version": IAM_VERSION}, service="sts")
    assert (resp.status, resp.error_code) == (400, "InvalidAction"), resp
    resp = raw_request({"Action": "GetCallerIdentity", "Version": STS_VERSION}, service="iam")
    assert (resp.status, resp.error_code) == (400, "InvalidAction"), resp


def test_missing_required_parameter(raw_request):
    resp = raw_request({"Action": "CreateUser", "Version": IAM_VERSION})
    assert resp.status == 400, resp
    assert resp.error_code == "ValidationError"
    assert "userName" in resp.error_message
    assert "must not be null" in resp.error_message


def test_missing_required_parameter_via_boto3(iam):
    with aws_error("ValidationError", 400, message="userName"):
        iam.create_user()
    with aws_error("ValidationError", 400):
        iam.create_role(RoleName=unique("role"))


def test_error_document_shape(raw_request):
    name = unique("ghost")
    resp = raw_request({"Action": "GetUser", "Version": IAM_VERSION, "UserName": name})
    assert resp.status == 404, resp
    assert resp.headers["Content-Type"].startswith("text/xml")
    root = resp.xml
    assert resp.local(root.tag) == "ErrorResponse"
    assert resp.namespace == IAM_NS
    error = resp.find("Error")
    children = {resp.local(c.tag): c.text for c in error}
    assert children["Type"] == "Sender"
    assert children["Code"] == "NoSuchEntity"
    assert children["Message"] == f"The user with name {name} cannot be found."
    request_id = resp.text_of("RequestId")
    assert request_id
    assert resp.headers["x-amzn-RequestId"] == request_id


def test_sts_error_namespace(raw_request):
    resp = raw_request({"Action": "AssumeRole", "Version": STS_VERSION,
                        "RoleArn": "arn:aws:iam::123456789012:role/x", "RoleSessionName": "a"}, service="sts")
    assert resp.status == 400, resp
    assert resp.namespace == STS_NS
    assert resp.error_code == "ValidationError"


def test_success_document_shape(raw_request):
    resp = raw_request({"Action": "ListUsers", "Version": IAM_VERSION, "MaxItems": "1"})
    assert resp.status == 200, resp
    assert resp.headers["Content-Type"].startswith("text/xml")
    assert resp.local(resp.xml.tag) == "ListUsersResponse"
    assert resp.namespace == IAM_NS
    children = [resp.local(c.tag) for c in resp.xml]
    assert children == ["ListUsersResult", "ResponseMetadata"]
    result = resp.find("ListUsersResult")
    members = [c for c in resp.find("Users")]
    assert len(members) == 1 and resp.local(members[0].tag) == "member"
    assert resp.text_of("IsTruncated") in {"true", "false"}
    assert ISO8601.match(resp.text_of("CreateDate")), resp.text_of("CreateDate")
    assert result is not None
    assert resp.headers["x-amzn-RequestId"] == resp.text_of("RequestId")


def test_sts_success_document_shape(raw_request):
    resp = raw_request({"Action": "GetCallerIdentity", "Version": STS_VERSION}, service="sts")
    assert resp.status == 200, resp
    assert resp.local(resp.xml.tag) == "GetCallerIdentityResponse"
    assert resp.namespace == STS_NS
    assert resp.text_of("Arn") == user_arn("admin")
    assert resp.text_of("Account") == "123456789012"
    assert resp.text_of("RequestId")


def test_form_body_without_charset(raw_request):
    resp = raw_request({"Action": "GetCallerIdentity", "Version": STS_VERSION}, service="sts",
                       content_type="application/x-www-form-urlencoded")
    assert resp.status == 200, resp


def test_form_encoded_values_are_decoded(raw_request, iam):
    path = "/e2e+plus/" + unique("p") + "/"
    name = "a+b=c,d.e@f-" + unique("u")[:12]
    resp = raw_request({"Action": "CreateUser", "Version": IAM_VERSION, "UserName": name, "Path": path})
    assert resp.status == 200, resp
    user = iam.get_user(UserName=name)["User"]
    assert user["Path"] == path and user["UserName"] == name


def test_policy_documents_are_url_encoded_on_the_wire(raw_request, iam):
    # AWS returns every policyDocumentType field URL-encoded (RFC 3986); boto3 decodes it.
    text = json.dumps(allow_doc(resource="arn:aws:s3:::b/a b%c&d+e"), indent=3)
    name = unique("user")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=text)
    resp = raw_request({"Action": "GetUserPolicy", "Version": IAM_VERSION, "UserName": name, "PolicyName": "p"})
    raw = resp.text_of("PolicyDocument")
    assert raw.startswith("%7B"), raw[:40]
    assert unquote(raw) == text   # the document comes back exactly as written

    arn = iam.create_policy(PolicyName=unique("pol"), PolicyDocument=text)["Policy"]["Arn"]
    resp = raw_request({"Action": "GetPolicyVersion", "Version": IAM_VERSION, "PolicyArn": arn, "VersionId": "v1"})
    raw = resp.text_of("Document")
    assert raw.startswith("%7B") and unquote(raw) == text

    role = unique("role")
    trust = json.dumps(account_trust_doc(), indent=1)
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=trust)
    resp = raw_request({"Action": "GetRole", "Version": IAM_VERSION, "RoleName": role})
    raw = resp.text_of("AssumeRolePolicyDocument")
    assert raw.startswith("%7B") and unquote(raw) == trust


def test_list_parameters_use_member_numbering(raw_request, iam):
    name = unique("user")
    iam.create_user(UserName=name)
    resp = raw_request({"Action": "TagUser", "Version": IAM_VERSION, "UserName": name,
                        "Tags.member.1.Key": "a", "Tags.member.1.Value": "1",
                        "Tags.member.2.Key": "b", "Tags.member.2.Value": "2"})
    assert resp.status == 200, resp
    assert {t["Key"]: t["Value"] for t in iam.list_user_tags(UserName=name)["Tags"]} == {"a": "1", "b": "2"}


def test_request_ids_are_unique(raw_request):
    ids = {raw_request({"Action": "GetCallerIdentity", "Version": STS_VERSION}, service="sts").request_id
           for _ in range(5)}
    assert len(ids) == 5 and all(ids)


def test_boto3_response_metadata(iam):
    resp = iam.list_users(MaxItems=1)
    meta = resp["ResponseMetadata"]
    assert meta["HTTPStatusCode"] == 200
    assert meta["RequestId"]
    assert meta["HTTPHeaders"]["x-amzn-requestid"] == meta["RequestId"]


def test_error_request_id_matches_header(iam):
    with aws_error("NoSuchEntity", 404) as err:
        iam.get_role(RoleName=unique("ghost"))
    headers = err.response["ResponseMetadata"]["HTTPHeaders"]
    assert err.request_id and headers["x-amzn-requestid"] == err.request_id


# HTTP status of each error code, as the IAM model's error traits say.
def _no_such_entity(iam):
    iam.get_user(UserName=unique("ghost"))


def _entity_already_exists(iam):
    name = unique("user")
    iam.create_user(UserName=name)
    iam.create_user(UserName=name)


def _limit_exceeded(iam):
    name = unique("user")
    iam.create_user(UserName=name)
    for _ in range(3):
        iam.create_access_key(UserName=name)


def _delete_conflict(iam):
    name = unique("user")
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn=ADMIN_POLICY)
    iam.delete_user(UserName=name)


def _malformed_policy(iam):
    iam.create_policy(PolicyName=unique("pol"), PolicyDocument=MALFORMED_POLICIES["not-json"])


def _validation_error(iam):
    iam.create_user(UserName="x" * 65)


def _invalid_input(iam):
    name = unique("user")
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn="definitely-not-an-arn-" + unique("x"))


def _password_policy_violation(iam):
    name = unique("user")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password="weak")


@pytest.mark.parametrize("code,status,trigger", [
    ("NoSuchEntity", 404, _no_such_entity),
    ("EntityAlreadyExists", 409, _entity_already_exists),
    ("LimitExceeded", 409, _limit_exceeded),
    ("DeleteConflict", 409, _delete_conflict),
    ("MalformedPolicyDocument", 400, _malformed_policy),
    ("ValidationError", 400, _validation_error),
    ("InvalidInput", 400, _invalid_input),
    ("PasswordPolicyViolation", 400, _password_policy_violation),
], ids=lambda v: v if isinstance(v, str) else None)
def test_http_status_per_error_code(iam, clean_password_policy, code, status, trigger):
    with aws_error(code, status) as err:
        trigger(iam)
    assert err.response["Error"].get("Type") == "Sender"
    assert err.request_id
