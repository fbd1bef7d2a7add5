"""STS: GetCallerIdentity GetSessionToken AssumeRole GetAccessKeyInfo, temporary credentials."""

import datetime as dt
import json
import re

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_POLICY, ROOT_ARN, STS_VERSION, allow_doc, aws_error,
    make_session, role_arn, session_from_credentials, trust_doc, unique, unique_path, user_arn, utcnow,
)

SESSION_KEY = re.compile(r"^ASIA[A-Z0-9]{16}$")
GCI = {"Action": "GetCallerIdentity", "Version": STS_VERSION}


def assert_temporary_credentials(creds, duration):
    assert SESSION_KEY.match(creds["AccessKeyId"]), creds["AccessKeyId"]
    assert len(creds["SecretAccessKey"]) == 40
    assert creds["SessionToken"]
    expected = utcnow() + dt.timedelta(seconds=duration)
    assert abs((creds["Expiration"] - expected).total_seconds()) < 120, (creds["Expiration"], expected)


def assumed_role_arn(role, session):
    return f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{role}/{session}"


# ---------------------------------------------------------------------------
# GetCallerIdentity
# ---------------------------------------------------------------------------
def test_caller_identity_of_admin(sts, iam):
    ident = sts.get_caller_identity()
    assert ident["Account"] == ACCOUNT_ID
    assert ident["Arn"] == user_arn("admin")
    assert ident["UserId"] == iam.get_user()["User"]["UserId"]


def test_caller_identity_of_root(root_sts):
    ident = root_sts.get_caller_identity()
    assert ident == {**ident, "Account": ACCOUNT_ID, "Arn": ROOT_ARN, "UserId": ACCOUNT_ID}


def test_caller_identity_includes_user_path(iam, connect):
    name, path = unique("user"), unique_path()
    user = iam.create_user(UserName=name, Path=path)["User"]
    key = iam.create_access_key(UserName=name)["AccessKey"]
    ident = connect(make_session(key["AccessKeyId"], key["SecretAccessKey"]), "sts").get_caller_identity()
    assert ident["Arn"] == user_arn(name, path)
    assert ident["UserId"] == user["UserId"]


def test_any_user_may_call_get_caller_identity(make_user, connect):
    name, session = make_user()   # no policies at all
    assert connect(session, "sts").get_caller_identity()["Arn"] == user_arn(name)


# ---------------------------------------------------------------------------
# GetSessionToken
# ---------------------------------------------------------------------------
def test_get_session_token_default_duration(admin_user, connect):
    name, session = admin_user
    creds = connect(session, "sts").get_session_token()["Credentials"]
    assert_temporary_credentials(creds, 43200)
    ident = connect(session_from_credentials(creds), "sts").get_caller_identity()
    assert ident["Arn"] == user_arn(name)
    assert ident["Account"] == ACCOUNT_ID


@pytest.mark.parametrize("duration", [900, 129600])
def test_get_session_token_duration_edges(admin_user, connect, duration):
    _, session = admin_user
    creds = connect(session, "sts").get_session_token(DurationSeconds=duration)["Credentials"]
    assert_temporary_credentials(creds, duration)


@pytest.mark.parametrize("duration", [899, 129601])
def test_get_session_token_duration_out_of_range(admin_user, connect, duration):
    _, session = admin_user
    with aws_error("ValidationError", 400):
        connect(session, "sts").get_session_token(DurationSeconds=duration)


def test_root_session_token(root_sts):
    creds = root_sts.get_session_token()["Credentials"]
    assert_temporary_credentials(creds, 3600)   # root default: 1 hour


def test_root_session_token_longer_than_an_hour_is_capped(root_sts, connect):
    # Root sessions are limited to 900-3600 s; a longer request is silently capped to
    # one hour (shared/reference/aws-mfa-inventory.md section 6, from the STS model docs).
    creds = root_sts.get_session_token(DurationSeconds=3601)["Credentials"]
    assert_temporary_credentials(creds, 3600)
    assert connect(session_from_credentials(creds), "sts").get_caller_identity()["Arn"] == ROOT_ARN


def test_session_token_credentials_cannot_call_iam_without_mfa(admin_user, connect):
    # AWS answers IAM calls made with GetSessionToken credentials that carry no MFA with
    # InvalidClientTokenId (99designs/aws-vault#15, #1056; aws/aws-sdk-js#460).
    _, session = admin_user
    creds = connect(session, "sts").get_session_token(DurationSeconds=900)["Credentials"]
    with aws_error("InvalidClientTokenId", 403):
        connect(session_from_credentials(creds), "iam").list_users(MaxItems=1)


def test_get_session_token_with_session_credentials_is_denied(admin_user, connect):
    _, session = admin_user
    creds = connect(session, "sts").get_session_token(DurationSeconds=900)["Credentials"]
    with aws_error("AccessDenied", 403, message="Cannot call GetSessionToken with session credentials"):
        connect(session_from_credentials(creds), "sts").get_session_token()


def test_session_token_credentials_may_assume_role(admin_user, make_role, connect):
    name, session = admin_user
    role, arn = make_role()
    creds = connect(session, "sts").get_session_token(DurationSeconds=900)["Credentials"]
    assumed = connect(session_from_credentials(creds), "sts").assume_role(RoleArn=arn, RoleSessionName="via-gst")
    assert assumed["AssumedRoleUser"]["Arn"] == assumed_role_arn(role, "via-gst")


def test_get_session_token_needs_no_permissions(make_user, connect):
    # "No permissions are required for users to perform this operation" (GetSessionToken docs).
    name, session = make_user()
    creds = connect(session, "sts").get_session_token(DurationSeconds=900)["Credentials"]
    assert connect(session_from_credentials(creds), "sts").get_caller_identity()["Arn"] == user_arn(name)


# ---------------------------------------------------------------------------
# GetAccessKeyInfo
# ---------------------------------------------------------------------------
def test_get_access_key_info(sts, make_user, admin_user, connect):
    assert sts.get_access_key_info(AccessKeyId=ADMIN_KEY_ID)["Account"] == ACCOUNT_ID
    _, session = make_user(with_key=True)
    assert sts.get_access_key_info(AccessKeyId=session.get_credentials().access_key)["Account"] == ACCOUNT_ID
    _, admin_session = admin_user
    creds = connect(admin_session, "sts").get_session_token(DurationSeconds=900)["Credentials"]
    assert sts.get_access_key_info(AccessKeyId=creds["AccessKeyId"])["Account"] == ACCOUNT_ID


# ---------------------------------------------------------------------------
# AssumeRole
# ---------------------------------------------------------------------------
def test_assume_role_trusting_the_account(iam, sts, make_role, connect):
    path = unique_path()
    role, arn = make_role(path=path)
    role_id = iam.get_role(RoleName=role)["Role"]["RoleId"]
    resp = sts.assume_role(RoleArn=arn, RoleSessionName="e2e-session")
    assert_temporary_credentials(resp["Credentials"], 3600)
    # The assumed-role ARN leaves out the role's path.
    assert resp["AssumedRoleUser"] == {"AssumedRoleId": f"{role_id}:e2e-session",
                                       "Arn": assumed_role_arn(role, "e2e-session")}
    ident = connect(session_from_credentials(resp["Credentials"]), "sts").get_caller_identity()
    assert ident["Arn"] == assumed_role_arn(role, "e2e-session")
    assert ident["UserId"] == f"{role_id}:e2e-session"
    assert ident["Account"] == ACCOUNT_ID
    assert arn == role_arn(role, path)


def test_assume_role_trusting_a_specific_user(iam, make_user, make_role, connect):
    trusted, trusted_session = make_user(policy_arns=[ADMIN_POLICY])
    other, other_session = make_user(policy_arns=[ADMIN_POLICY])
    role, arn = make_role(trust=trust_doc(user_arn(trusted)))
    resp = connect(trusted_session, "sts").assume_role(RoleArn=arn, RoleSessionName="trusted")
    assert resp["AssumedRoleUser"]["Arn"] == assumed_role_arn(role, "trusted")
    with aws_error("AccessDenied", 403) as err:
        connect(other_session, "sts").assume_role(RoleArn=arn, RoleSessionName="untrusted")
    assert err.message.startswith(
        f"User: {user_arn(other)} is not authorized to perform: sts:AssumeRole on resource: {arn}")


def test_user_without_permissions_cannot_assume_account_trusting_role(make_user, make_role, connect):
    name, session = make_user()
    _, arn = make_role()
    with aws_error("AccessDenied", 403) as err:
        connect(session, "sts").assume_role(RoleArn=arn, RoleSessionName="nope")
    assert err.message.startswith(f"User: {user_arn(name)} is not authorized to perform: sts:AssumeRole")


def test_user_named_in_trust_policy_needs_no_identity_policy(make_user, make_role, connect):
    # Same-account: a role trust policy naming the user ARN is enough on its own.
    name, session = make_user()
    role, arn = make_role(trust=trust_doc(user_arn(name)))
    resp = connect(session, "sts").assume_role(RoleArn=arn, RoleSessionName="direct")
    assert resp["AssumedRoleUser"]["Arn"] == assumed_role_arn(role, "direct")


def test_assume_unknown_role_is_access_denied(sts):
    arn = role_arn(unique("ghost"))
    with aws_error("AccessDenied", 403):
        sts.assume_role(RoleArn=arn, RoleSessionName="ghost")


def test_root_cannot_assume_roles(root_sts, make_role):
    # AWS: "Roles may not be assumed by root accounts."
    _, arn = make_role()
    with aws_error("AccessDenied", 403):
        root_sts.assume_role(RoleArn=arn, RoleSessionName="root")


def test_assume_role_duration_within_max_session_duration(sts, make_role):
    _, arn = make_role(MaxSessionDuration=7200)
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="long", DurationSeconds=7200)["Credentials"]
    assert_temporary_credentials(creds, 7200)
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="short", DurationSeconds=900)["Credentials"]
    assert_temporary_credentials(creds, 900)


def test_assume_role_duration_over_max_session_duration(sts, make_role):
    _, arn = make_role(MaxSessionDuration=7200)
    with aws_error("ValidationError", 400,
                   message="The requested DurationSeconds exceeds the MaxSessionDuration set for this role"):
        sts.assume_role(RoleArn=arn, RoleSessionName="too-long", DurationSeconds=7201)
    _, default_arn = make_role()
    with aws_error("ValidationError", 400):
        sts.assume_role(RoleArn=default_arn, RoleSessionName="too-long", DurationSeconds=3601)


def test_assume_role_duration_below_minimum(sts, make_role):
    _, arn = make_role()
    with aws_error("ValidationError", 400):
        sts.assume_role(RoleArn=arn, RoleSessionName="too-short", DurationSeconds=899)


PATTERN = r"Member must satisfy regular expression pattern: [\w+=,.@-]*"


@pytest.mark.parametrize("session_name,constraint", [
    ("a", "Member must have length greater than or equal to 2"),
    ("x" * 65, "Member must have length less than or equal to 64"),
    ("has space", PATTERN), ("tfaction-plan-github/foo", PATTERN), ("star*", PATTERN),
])
def test_invalid_role_session_name(sts, make_role, session_name, constraint):
    """STS quotes the refused value in its message, as AWS's STS still does (IAM stopped in 2024)."""
    _, arn = make_role()
    with aws_error("ValidationError", 400, f"1 validation error detected: Value '{session_name}' at "
                                           f"'roleSessionName' failed to satisfy constraint: {constraint}"):
        sts.assume_role(RoleArn=arn, RoleSessionName=session_name)


def test_sts_validation_quotes_values_and_null_but_never_a_code(raw_request, make_role):
    _, arn = make_role()
    answer = raw_request({"Action": "AssumeRole", "Version": STS_VERSION, "RoleArn": arn,
                          "DurationSeconds": "60"}, service="sts")
    assert answer.status == 400, answer.text
    assert ("2 validation errors detected: Value null at 'roleSessionName' failed to satisfy constraint: Member "
            "must not be null; Value '60' at 'durationSeconds' failed to satisfy constraint: Member must have value "
            "greater than or equal to 900") in answer.text, answer.text
    # An MFA code is a secret, and the message goes into the trail: its shape's violations never quote it.
    answer = raw_request({"Action": "GetSessionToken", "Version": STS_VERSION,
                          "SerialNumber": "arn:aws:iam::123456789012:mfa/phone", "TokenCode": "12345x"}, service="sts")
    assert answer.status == 400, answer.text
    assert "Value at 'tokenCode' failed to satisfy constraint" in answer.text and "12345x" not in answer.text


@pytest.mark.parametrize("session_name", ["ab", "x" * 64, "w+=,.@-_"])
def test_valid_role_session_names(sts, make_role, session_name):
    role, arn = make_role()
    resp = sts.assume_role(RoleArn=arn, RoleSessionName=session_name)
    assert resp["AssumedRoleUser"]["Arn"] == assumed_role_arn(role, session_name)


def test_assume_role_with_session_tags(sts, make_role):
    _, arn = make_role()
    resp = sts.assume_role(RoleArn=arn, RoleSessionName="tagged",
                           Tags=[{"Key": "project", "Value": "e2e"}, {"Key": "cost", "Value": "1"}],
                           TransitiveTagKeys=["project"])
    assert_temporary_credentials(resp["Credentials"], 3600)
    assert 0 <= resp["PackedPolicySize"] <= 100


def test_assume_role_with_session_policies(sts, make_role, make_policy):
    _, arn = make_role()
    managed = make_policy()
    resp = sts.assume_role(RoleArn=arn, RoleSessionName="scoped", Policy=json.dumps(allow_doc()),
                           PolicyArns=[{"arn": managed}, {"arn": ADMIN_POLICY}])
    assert_temporary_credentials(resp["Credentials"], 3600)
    assert 0 <= resp["PackedPolicySize"] <= 100


def test_assume_role_with_malformed_session_policy(sts, make_role):
    _, arn = make_role()
    with aws_error("MalformedPolicyDocument", 400):
        sts.assume_role(RoleArn=arn, RoleSessionName="bad", Policy="{not json")


def test_role_credentials_act_with_the_roles_permissions(make_role, sts, connect):
    admin_role, admin_arn = make_role(policy_arns=[ADMIN_POLICY])
    plain_role, plain_arn = make_role()
    admin_creds = sts.assume_role(RoleArn=admin_arn, RoleSessionName="admin")["Credentials"]
    users = connect(session_from_credentials(admin_creds), "iam").list_users(MaxItems=1)["Users"]
    assert len(users) == 1
    plain_creds = sts.assume_role(RoleArn=plain_arn, RoleSessionName="plain")["Credentials"]
    with aws_error("AccessDenied", 403) as err:
        connect(session_from_credentials(plain_creds), "iam").list_users(MaxItems=1)
    assert err.message.startswith(
        f"User: {assumed_role_arn(plain_role, 'plain')} is not authorized to perform: iam:ListUsers")


def test_session_policy_limits_role_permissions(make_role, sts, connect):
    _, arn = make_role(policy_arns=[ADMIN_POLICY])
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="limited",
                            Policy=json.dumps(allow_doc(action="iam:GetUser")))["Credentials"]
    with aws_error("AccessDenied", 403):
        connect(session_from_credentials(creds), "iam").list_users()


def test_role_chaining_is_limited_to_one_hour(make_role, sts, connect):
    first, first_arn = make_role(policy_arns=[ADMIN_POLICY])
    second, second_arn = make_role(MaxSessionDuration=43200)
    creds = sts.assume_role(RoleArn=first_arn, RoleSessionName="hop1")["Credentials"]
    chained = connect(session_from_credentials(creds), "sts")
    with aws_error("ValidationError", 400):
        chained.assume_role(RoleArn=second_arn, RoleSessionName="hop2", DurationSeconds=7200)
    resp = chained.assume_role(RoleArn=second_arn, RoleSessionName="hop2", DurationSeconds=3600)
    assert resp["AssumedRoleUser"]["Arn"] == assumed_role_arn(second, "hop2")


def test_role_credentials_cannot_get_session_token(make_role, sts, connect):
    _, arn = make_role(policy_arns=[ADMIN_POLICY])
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="s1")["Credentials"]
    with aws_error("AccessDenied", 403):
        connect(session_from_credentials(creds), "sts").get_session_token()


# ---------------------------------------------------------------------------
# Token integrity and expiry
# ---------------------------------------------------------------------------
def _flip(token: str) -> str:
    i = len(token) // 2
    return token[:i] + ("A" if token[i] != "A" else "B") + token[i + 1:]


def test_tampered_session_token_is_invalid(sts, make_role, connect):
    _, arn = make_role()
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="tamper")["Credentials"]
    tampered = make_session(creds["AccessKeyId"], creds["SecretAccessKey"], _flip(creds["SessionToken"]))
    with aws_error("InvalidClientTokenId", 403):
        connect(tampered, "sts").get_caller_identity()


def test_session_key_without_token_is_invalid(admin_user, connect):
    _, session = admin_user
    creds = connect(session, "sts").get_session_token(DurationSeconds=900)["Credentials"]
    with aws_error("InvalidClientTokenId", 403):
        connect(make_session(creds["AccessKeyId"], creds["SecretAccessKey"]), "sts").get_caller_identity()


def test_token_of_another_session_is_invalid(sts, make_role, connect):
    _, arn = make_role()
    a = sts.assume_role(RoleArn=arn, RoleSessionName="sa")["Credentials"]
    b = sts.assume_role(RoleArn=arn, RoleSessionName="sb")["Credentials"]
    mixed = make_session(a["AccessKeyId"], a["SecretAccessKey"], b["SessionToken"])
    with aws_error("InvalidClientTokenId", 403):
        connect(mixed, "sts").get_caller_identity()


def _signed_with(creds):
    return creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"]


def test_session_token_expires(admin_user, connect, clock, raw_request):
    _, session = admin_user
    creds = connect(session, "sts").get_session_token(DurationSeconds=900)["Credentials"]
    clock.set(890)
    ok = raw_request(GCI, service="sts", creds=_signed_with(creds), when=clock.now())
    assert ok.status == 200, ok
    clock.set(901)
    expired = raw_request(GCI, service="sts", creds=_signed_with(creds), when=clock.now())
    assert expired.status == 403, expired
    assert expired.error_code == "ExpiredToken"
    assert expired.error_message == "The security token included in the request is expired"


def test_assumed_role_credentials_expire(sts, make_role, clock, raw_request):
    _, arn = make_role()
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="expiring", DurationSeconds=900)["Credentials"]
    clock.set(890)
    assert raw_request(GCI, service="sts", creds=_signed_with(creds), when=clock.now()).status == 200
    clock.set(901)
    expired = raw_request(GCI, service="sts", creds=_signed_with(creds), when=clock.now())
    assert (expired.status, expired.error_code) == (403, "ExpiredToken"), expired


def test_long_term_keys_do_not_expire_with_the_clock(clock, raw_request):
    clock.set(200 * 24 * 3600)
    resp = raw_request(GCI, service="sts", when=clock.now())
    assert resp.status == 200, resp
    assert resp.text_of("Arn") == user_arn("admin")
