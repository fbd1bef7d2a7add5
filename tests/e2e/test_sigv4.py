"""Signature Version 4: what the server accepts and how it refuses the rest.

Error codes are the ones AWS IAM/STS use on their Query endpoints:
  no signature            -> MissingAuthenticationToken 403
  unknown or inactive key -> InvalidClientTokenId 403
  wrong secret / body     -> SignatureDoesNotMatch 403
  stale or future date    -> SignatureDoesNotMatch 403, "Signature expired: ... (... - 15 min.)" /
                             "Signature not yet current: ..." (seen from STS in devsecops/bootcamp#101)
  malformed Authorization -> IncompleteSignature 400
"""

import datetime as dt

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

from e2e_helpers import (
    ADMIN_KEY_ID, ADMIN_POLICY, ADMIN_SECRET, IAM_VERSION, REGION, STS_VERSION, as_credentials, presigned_url,
    user_arn, utcnow,
)

GCI = {"Action": "GetCallerIdentity", "Version": STS_VERSION}
LIST_USERS = {"Action": "ListUsers", "Version": IAM_VERSION, "MaxItems": "1"}


def _without_header(name):
    def tamper(url, headers, body):
        return url, {k: v for k, v in headers.items() if k.lower() != name.lower()}, body
    return tamper


def _with_header(name, value):
    def tamper(url, headers, body):
        headers = {k: v for k, v in headers.items() if k.lower() != name.lower()}
        headers[name] = value
        return url, headers, body
    return tamper


@pytest.mark.parametrize("service,params", [("sts", GCI), ("iam", LIST_USERS)])
def test_signed_request_is_accepted(raw_request, service, params):
    resp = raw_request(params, service=service)
    assert resp.status == 200, resp


@pytest.mark.parametrize("params", [GCI, LIST_USERS])
def test_no_authentication(raw_request, params):
    resp = raw_request(params, creds=None)
    assert resp.status == 403, resp
    assert resp.error_code == "MissingAuthenticationToken"
    assert resp.error_message == "Request is missing Authentication Token"


@pytest.mark.parametrize("service,params", [("sts", GCI), ("iam", LIST_USERS)])
def test_unknown_access_key(raw_request, service, params):
    resp = raw_request(params, service=service, creds=("AKIA" + "Q" * 16, ADMIN_SECRET))
    assert resp.status == 403, resp
    assert resp.error_code == "InvalidClientTokenId"
    assert "security token included in the request is invalid" in resp.error_message


@pytest.mark.parametrize("service,params", [("sts", GCI), ("iam", LIST_USERS)])
def test_wrong_secret(raw_request, service, params):
    resp = raw_request(params, service=service, creds=(ADMIN_KEY_ID, "x" * 40))
    assert resp.status == 403, resp
    assert resp.error_code == "SignatureDoesNotMatch"
    assert resp.error_message.startswith("The request signature we calculated does not match the signature you provided")


def test_body_altered_after_signing(raw_request):
    def tamper(url, headers, body):
        return url, headers, body.replace(b"MaxItems=1", b"MaxItems=2")
    resp = raw_request(LIST_USERS, tamper=tamper)
    assert (resp.status, resp.error_code) == (403, "SignatureDoesNotMatch"), resp


def test_action_altered_after_signing(raw_request):
    def tamper(url, headers, body):
        return url, headers, body.replace(b"ListUsers", b"ListRoles")
    resp = raw_request(LIST_USERS, tamper=tamper)
    assert (resp.status, resp.error_code) == (403, "SignatureDoesNotMatch"), resp


def test_signed_header_altered_after_signing(raw_request):
    def tamper(url, headers, body):
        headers = dict(headers)
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return url, headers, body
    resp = raw_request(GCI, service="sts", tamper=tamper)
    assert (resp.status, resp.error_code) == (403, "SignatureDoesNotMatch"), resp


def test_unsigned_header_may_be_added(raw_request):
    resp = raw_request(GCI, service="sts", tamper=_with_header("X-Extra-Unsigned", "whatever"))
    assert resp.status == 200, resp


def test_signature_sixteen_minutes_stale(raw_request):
    resp = raw_request(GCI, service="sts", when=utcnow() - dt.timedelta(minutes=16))
    assert resp.status == 403, resp
    assert resp.error_code == "SignatureDoesNotMatch"
    assert resp.error_message.startswith("Signature expired:")


def test_signature_fourteen_minutes_stale_is_accepted(raw_request):
    resp = raw_request(GCI, service="sts", when=utcnow() - dt.timedelta(minutes=14))
    assert resp.status == 200, resp


def test_signature_sixteen_minutes_in_the_future(raw_request):
    resp = raw_request(GCI, service="sts", when=utcnow() + dt.timedelta(minutes=16))
    assert resp.status == 403, resp
    assert resp.error_code == "SignatureDoesNotMatch"
    assert resp.error_message.startswith("Signature not yet current:")


def test_server_clock_ahead_makes_fresh_signatures_stale(raw_request, clock):
    clock.set(1000)
    resp = raw_request(GCI, service="sts")
    assert (resp.status, resp.error_code) == (403, "SignatureDoesNotMatch"), resp
    assert "Signature expired" in resp.error_message
    # Signing with the server's time works again.
    assert raw_request(GCI, service="sts", when=clock.now()).status == 200


def test_presigned_get_caller_identity(sts, endpoint):
    # botocore signs a presigned Query call for the model's method (POST) unless told GET.
    url = sts.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=900, HttpMethod="GET")
    assert "X-Amz-Signature=" in url and url.startswith(endpoint)
    resp = requests.get(url, timeout=30)
    assert resp.status_code == 200, resp.text
    assert f"<Arn>{user_arn('admin')}</Arn>" in resp.text


def test_presigned_url_with_session_token(admin_user, connect, endpoint):
    from e2e_helpers import session_from_credentials
    name, session = admin_user
    creds = connect(session, "sts").get_session_token(DurationSeconds=900)["Credentials"]
    url = connect(session_from_credentials(creds), "sts").generate_presigned_url(
        "get_caller_identity", Params={}, ExpiresIn=900, HttpMethod="GET")
    assert "X-Amz-Security-Token=" in url
    resp = requests.get(url, timeout=30)
    assert resp.status_code == 200, resp.text
    assert f"<Arn>{user_arn(name)}</Arn>" in resp.text


def test_expired_presigned_url(sts, clock):
    # Non-S3 services apply the fixed 15-minute window to presigned requests
    # (aws/aws-sdk-go#2167, aws/aws-sdk-go#2224); 1000 s later the URL is dead.
    url = sts.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=900, HttpMethod="GET")
    clock.set(1000)
    resp = requests.get(url, timeout=30)
    assert resp.status_code == 403, resp.text
    assert "<Code>SignatureDoesNotMatch</Code>" in resp.text
    assert "Signature expired" in resp.text


def test_presigned_url_for_post_must_be_posted(sts):
    url = sts.generate_presigned_url("get_caller_identity", Params={}, ExpiresIn=900)
    assert requests.post(url, timeout=30).status_code == 200
    resp = requests.get(url, timeout=30)
    assert resp.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in resp.text


def test_presigned_url_past_a_short_expiry(endpoint, admin, clock):
    # Rampart is stricter than IAM/STS here: it also honours an X-Amz-Expires shorter than the
    # 15-minute window, with S3's answer.
    url = presigned_url(endpoint, GCI, creds=admin, expires=60)
    assert requests.get(url, timeout=30).status_code == 200
    clock.set(120)
    resp = requests.get(url, timeout=30)
    assert resp.status_code == 403, resp.text
    assert "<Code>AccessDenied</Code>" in resp.text and "Request has expired" in resp.text


def test_presigned_url_tampered(endpoint, admin):
    url = presigned_url(endpoint, GCI, creds=admin)
    assert requests.get(url, timeout=30).status_code == 200
    bad = url.replace("Version=2011-06-15", "Version=2011-06-15&Extra=1")
    resp = requests.get(bad, timeout=30)
    assert resp.status_code == 403 and "<Code>SignatureDoesNotMatch</Code>" in resp.text


def test_presigned_url_stale_date(endpoint, admin):
    url = presigned_url(endpoint, GCI, creds=admin, when=utcnow() - dt.timedelta(minutes=20))
    resp = requests.get(url, timeout=30)
    assert resp.status_code == 403, resp.text
    assert "<Code>SignatureDoesNotMatch</Code>" in resp.text


def test_authorization_without_signature(raw_request):
    def tamper(url, headers, body):
        auth = headers["Authorization"]
        headers = dict(headers)
        headers["Authorization"] = auth.split(", Signature=")[0]
        return url, headers, body
    resp = raw_request(GCI, service="sts", tamper=tamper)
    assert resp.status == 400, resp
    assert resp.error_code == "IncompleteSignature"


def test_authorization_garbage(raw_request):
    resp = raw_request(GCI, service="sts", tamper=_with_header("Authorization", "AWS4-HMAC-SHA256 garbage"))
    assert resp.status == 400, resp
    assert resp.error_code == "IncompleteSignature"


def test_authorization_without_credential(raw_request):
    def tamper(url, headers, body):
        parts = [p for p in headers["Authorization"].split(", ") if "Credential=" not in p]
        headers = dict(headers)
        headers["Authorization"] = "AWS4-HMAC-SHA256 " + ", ".join(p.replace("AWS4-HMAC-SHA256 ", "") for p in parts)
        return url, headers, body
    resp = raw_request(GCI, service="sts", tamper=tamper)
    assert (resp.status, resp.error_code) == (400, "IncompleteSignature"), resp


def test_missing_date_header(raw_request):
    # "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header."
    resp = raw_request(GCI, service="sts", tamper=_without_header("X-Amz-Date"))
    assert (resp.status, resp.error_code) == (400, "IncompleteSignature"), resp


def test_deactivated_key_is_refused(iam, make_user, raw_request):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    assert raw_request(GCI, service="sts", creds=session).status == 200
    iam.update_access_key(UserName=name, AccessKeyId=session.get_credentials().access_key, Status="Inactive")
    resp = raw_request(GCI, service="sts", creds=session)
    assert (resp.status, resp.error_code) == (403, "InvalidClientTokenId"), resp


def test_iam_accepts_the_client_region_behind_a_custom_endpoint(raw_request):
    # AWS's global IAM endpoint wants us-east-1 scopes, but with --endpoint-url botocore signs
    # IAM with the configured region, so Rampart accepts any well-formed region for IAM.
    resp = raw_request(LIST_USERS, region="eu-west-3")
    assert resp.status == 200, resp


@pytest.mark.parametrize("region", ["aws-global", "us-east", "US-EAST-1"])
def test_credential_scope_with_malformed_region(raw_request, region):
    resp = raw_request(LIST_USERS, region=region)
    assert (resp.status, resp.error_code) == (403, "SignatureDoesNotMatch"), resp
    assert f"Credential should be scoped to a valid region, not '{region}'." in resp.text


def test_credential_scope_with_wrong_date(raw_request):
    def tamper(url, headers, body):
        headers = dict(headers)
        today = headers["X-Amz-Date"][:8]
        other = (utcnow() - dt.timedelta(days=2)).strftime("%Y%m%d")
        headers["Authorization"] = headers["Authorization"].replace(f"/{today}/", f"/{other}/")
        return url, headers, body
    resp = raw_request(GCI, service="sts", tamper=tamper)
    assert resp.status == 403, resp
    assert resp.error_code == "SignatureDoesNotMatch"


@pytest.mark.parametrize("signed_for,params,addressed", [
    ("rampart", LIST_USERS, "iam"),
    ("s3", LIST_USERS, "iam"),
    ("rampart", GCI, "sts"),
])
def test_query_call_signed_for_another_service_is_refused(raw_request, signed_for, params, addressed):
    # A signature scoped to `rampart` (the admin JSON service's name) once passed as IAM's.
    resp = raw_request(params, service=signed_for)
    assert resp.status == 403, resp
    assert resp.error_code == "SignatureDoesNotMatch"
    assert f"Credential should be scoped to correct service: '{addressed}'." in resp.error_message


@pytest.mark.parametrize("signed_for", ["iam", "sts", "s3"])
def test_json_call_signed_for_another_service_is_refused(endpoint, admin, signed_for):
    # The admin JSON target takes only its own signing name, as each AWS JSON service does.
    request = AWSRequest(method="POST", url=endpoint + "/", data=b"{}", headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "RampartAdmin_20261123.GetRequestContext",
    })
    SigV4Auth(as_credentials(admin), signed_for, REGION).add_auth(request)
    prepared = request.prepare()
    resp = requests.post(prepared.url, data=prepared.body, headers=dict(prepared.headers), timeout=30)
    assert resp.status_code == 403, resp.text
    assert resp.json()["__type"] == "SignatureDoesNotMatch"
    assert "Credential should be scoped to correct service: 'rampart'." in resp.json()["message"]
