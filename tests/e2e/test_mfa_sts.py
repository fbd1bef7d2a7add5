"""STS with MFA: GetSessionToken and AssumeRole with SerialNumber/TokenCode, the MFA facts
the credentials carry, replay, foreign devices, lockout after repeated wrong codes."""

from __future__ import annotations

import threading

import pytest

from e2e_helpers import ACCOUNT_ID, ADMIN_POLICY, aws_error, dumps, session_from_credentials, unique, user_arn
from mfa_helpers import admin_call, code, create_device, enable, request_context, wait_for_fresh_step

INVALID = "MultiFactorAuthentication failed with invalid MFA one time pass code."
UNABLE = "MultiFactorAuthentication failed, unable to validate MFA code."


@pytest.fixture(autouse=True)
def _fresh_step():
    wait_for_fresh_step()


@pytest.fixture
def mfa_user(iam, make_user, connect):
    """An admin user with a key and an enabled virtual device whose steps up to -1 are spent:
    (name, session, sts client, serial, seed)."""
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    serial, seed = create_device(iam, unique("sts"))
    enable(iam, name, serial, seed, first_offset=-2)
    return name, session, connect(session, "sts"), serial, seed


def test_session_with_mfa_carries_the_mfa_facts(mfa_user, endpoint, connect):
    name, session, sts, serial, seed = mfa_user
    creds = sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0), DurationSeconds=900)["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    mfa_session = session_from_credentials(creds)
    context = request_context(endpoint, mfa_session)
    assert context["aws:MultiFactorAuthPresent"] == "true"
    assert 0 <= int(context["aws:MultiFactorAuthAge"]) < 60
    # MFA sessions may call IAM.
    assert connect(mfa_session, "iam").get_user()["User"]["UserName"] == name


def test_long_term_keys_carry_no_mfa_key_at_all(mfa_user, endpoint):
    _, session, _, _, _ = mfa_user
    context = request_context(endpoint, session)
    assert "aws:MultiFactorAuthPresent" not in context
    assert "aws:MultiFactorAuthAge" not in context
    assert context["aws:PrincipalArn"].endswith(":user/" + mfa_user[0])


def test_session_without_mfa_carries_false(mfa_user, endpoint, connect):
    _, _, sts, _, _ = mfa_user
    creds = sts.get_session_token(DurationSeconds=900)["Credentials"]
    plain = session_from_credentials(creds)
    context = request_context(endpoint, plain)
    assert context["aws:MultiFactorAuthPresent"] == "false"
    assert "aws:MultiFactorAuthAge" not in context
    with aws_error("InvalidClientTokenId", 403):
        connect(plain, "iam").get_user()


def test_mfa_age_grows(mfa_user, endpoint, clock):
    _, _, sts, serial, seed = mfa_user
    creds = sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))["Credentials"]
    clock.set(600)
    age = int(request_context(endpoint, session_from_credentials(creds))["aws:MultiFactorAuthAge"])
    assert 600 <= age < 660


def test_a_code_works_once(mfa_user):
    _, _, sts, serial, seed = mfa_user
    token = code(seed, 0)
    sts.get_session_token(SerialNumber=serial, TokenCode=token)
    with aws_error("AccessDenied", 403, INVALID):
        sts.get_session_token(SerialNumber=serial, TokenCode=token)
    # An older step than one already used is refused too.
    with aws_error("AccessDenied", 403, INVALID):
        sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, -1))
    sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 1))


def test_codes_used_by_enable_cannot_open_a_session(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    serial, seed = create_device(iam, unique("en"))
    enable(iam, name, serial, seed, first_offset=-1)
    with aws_error("AccessDenied", 403, INVALID):
        connect(session, "sts").get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))


def test_two_concurrent_calls_with_the_same_code(mfa_user):
    _, _, sts, serial, seed = mfa_user
    token = code(seed, 0)
    results = []

    def attempt():
        try:
            sts.get_session_token(SerialNumber=serial, TokenCode=token)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001
            results.append(exc.response["Error"]["Code"])

    threads = [threading.Thread(target=attempt) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["AccessDenied"] * 3 + ["ok"], results


@pytest.mark.parametrize("offset", [-3, 3, 40])
def test_codes_outside_the_window_are_refused(mfa_user, offset):
    _, _, sts, serial, seed = mfa_user
    with aws_error("AccessDenied", 403, INVALID):
        sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, offset))


def test_another_users_device_is_refused(mfa_user, iam, make_user, connect):
    _, _, _, serial, seed = mfa_user
    _, other = make_user(policy_arns=[ADMIN_POLICY])
    with aws_error("AccessDenied", 403, UNABLE):
        connect(other, "sts").get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))


def test_unknown_and_unassigned_devices_are_refused(mfa_user, iam):
    _, _, sts, _, _ = mfa_user
    with aws_error("AccessDenied", 403, UNABLE):
        sts.get_session_token(SerialNumber=f"arn:aws:iam::{ACCOUNT_ID}:mfa/{unique('none')}", TokenCode="123456")
    serial, seed = create_device(iam, unique("free"))
    with aws_error("AccessDenied", 403, UNABLE):
        sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))


def test_serial_without_code_and_code_without_serial(mfa_user):
    _, _, sts, serial, _ = mfa_user
    with aws_error("AccessDenied", 403):
        sts.get_session_token(SerialNumber=serial)
    with aws_error("AccessDenied", 403):
        sts.get_session_token(TokenCode="123456")


def test_brute_force_locks_out_and_admin_clears_it(mfa_user, endpoint, admin, clock):
    name, _, sts, serial, seed = mfa_user
    wrong = "000000" if code(seed, 0) != "000000" else "111111"
    for _ in range(5):
        with aws_error("AccessDenied", 403, INVALID):
            sts.get_session_token(SerialNumber=serial, TokenCode=wrong)
    # Locked: even the right code is refused now.
    with aws_error("AccessDenied", 403, "too many invalid MFA codes"):
        sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))
    resp = admin_call(endpoint, admin, "ClearMFALockout", {"UserName": name})
    assert resp.status_code == 200, resp.text
    sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))


def test_lockout_cools_off_and_grows(mfa_user, clock):
    _, _, sts, serial, seed = mfa_user
    wrong = "000000" if code(seed, 0) != "000000" else "111111"
    for _ in range(5):
        with aws_error("AccessDenied", 403):
            sts.get_session_token(SerialNumber=serial, TokenCode=wrong)
    clock.set(61)  # the first cooling-off period is a minute
    for _ in range(5):
        with aws_error("AccessDenied", 403, INVALID):
            sts.get_session_token(SerialNumber=serial, TokenCode=wrong)
    clock.set(61 + 61)  # the second lockout lasts two minutes
    with aws_error("AccessDenied", 403, "too many invalid MFA codes"):
        sts.get_session_token(SerialNumber=serial, TokenCode=wrong)
    clock.set(61 + 121)
    import time
    sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0, now=time.time() + 182))


def test_lockout_is_per_principal(mfa_user, iam, make_user, connect):
    _, _, sts, serial, seed = mfa_user
    for _ in range(5):
        with aws_error("AccessDenied", 403):
            sts.get_session_token(SerialNumber=serial, TokenCode="000000" if code(seed, 0) != "000000" else "111111")
    name2, session2 = make_user(policy_arns=[ADMIN_POLICY])
    serial2, seed2 = create_device(iam, unique("other"))
    enable(iam, name2, serial2, seed2, first_offset=-2)
    connect(session2, "sts").get_session_token(SerialNumber=serial2, TokenCode=code(seed2, 0))


def test_assume_role_with_mfa(mfa_user, make_role, endpoint, iam):
    name, _, sts, serial, seed = mfa_user
    _, arn = make_role(policy_arns=[ADMIN_POLICY])
    creds = sts.assume_role(RoleArn=arn, RoleSessionName="mfa", SerialNumber=serial,
                            TokenCode=code(seed, 0))["Credentials"]
    context = request_context(endpoint, session_from_credentials(creds))
    assert context["aws:MultiFactorAuthPresent"] == "true"
    plain = sts.assume_role(RoleArn=arn, RoleSessionName="plain")["Credentials"]
    assert request_context(endpoint, session_from_credentials(plain))["aws:MultiFactorAuthPresent"] == "false"
    with aws_error("AccessDenied", 403, INVALID):
        sts.assume_role(RoleArn=arn, RoleSessionName="again", SerialNumber=serial, TokenCode=code(seed, 0))


def test_mfa_session_hands_mfa_to_the_role_it_assumes(mfa_user, make_role, endpoint, connect):
    _, _, sts, serial, seed = mfa_user
    _, arn = make_role(policy_arns=[ADMIN_POLICY])
    creds = sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))["Credentials"]
    role = connect(session_from_credentials(creds), "sts").assume_role(RoleArn=arn, RoleSessionName="chained")
    context = request_context(endpoint, session_from_credentials(role["Credentials"]))
    assert context["aws:MultiFactorAuthPresent"] == "true"


def test_get_session_token_with_mfa_from_the_cli(mfa_user, endpoint, tmp_path):
    from e2e_helpers import cli_env, run_cli
    import json
    _, session, _, serial, seed = mfa_user
    frozen = session.get_credentials().get_frozen_credentials()
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": frozen.access_key, "AWS_SECRET_ACCESS_KEY": frozen.secret_key})
    proc = run_cli(["--endpoint-url", endpoint, "sts", "get-session-token", "--serial-number", serial,
                    "--token-code", code(seed, 0), "--output", "json"], env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["Credentials"]["AccessKeyId"].startswith("ASIA")
    again = run_cli(["--endpoint-url", endpoint, "sts", "get-session-token", "--serial-number", serial,
                     "--token-code", code(seed, 0)], env)
    assert again.returncode != 0 and "AccessDenied" in again.stderr


def test_request_context_needs_a_valid_signature(endpoint):
    resp = admin_call(endpoint, ("AKIAEXAMPLEADMIN0001", "wrong-secret"), "GetRequestContext")
    assert resp.status_code == 403 and resp.json()["__type"] == "SignatureDoesNotMatch"


def test_every_check_is_recorded_for_the_audit_trail(mfa_user, admin, connect):
    import json
    name, _, sts, serial, seed = mfa_user
    sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))
    with aws_error("AccessDenied", 403):
        sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 0))
    trail = connect(admin, "cloudtrail")
    pages = trail.get_paginator("lookup_events").paginate(
        LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": name}])
    events = [json.loads(e["CloudTrailEvent"]) for page in pages for e in page["Events"]]
    mine = [(e["eventName"], e["additionalEventData"]["operation"]) for e in events
            if e.get("additionalEventData", {}).get("MFAIdentifier") == serial]
    assert mine.count(("MFACodeAccepted", "EnableMFADevice")) == 1
    assert ("MFACodeAccepted", "GetSessionToken") in mine and ("MFACodeRejected", "GetSessionToken") in mine
    calls = [(e["eventName"], e.get("errorCode")) for e in events if e["eventSource"] == "sts.amazonaws.com"
             and e["eventType"] == "AwsApiCall"]
    assert ("GetSessionToken", None) in calls and ("GetSessionToken", "AccessDenied") in calls
