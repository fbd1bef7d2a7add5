"""Who must have MFA, and what happens when they have none: the root user always; IAM users when the
account requires it for console access; privileged principals (decided by the policy engine) when the
account requires that. "Set up MFA" with "Skip for now — N days left" from the first prompt, blocked
after the grace period (time moved with the server's clock, not sleeps); the Identity Center-style
settings (prompt every sign-in / on context change / never, block or allow without a device, allowed
device types) through the admin API, the `rampart admin` command and the root user's console page."""

from __future__ import annotations

import itertools
import json

import pytest
import requests

from console_helpers import (  # noqa: F401 (fixtures)
    ConsoleClient, admin_iam, console_fixtures, settings, shift_clock, start_console_server,
)
from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_POLICY, ADMIN_SECRET, ROOT_EMAIL, ROOT_PASSWORD, run_rampart, unique
from mfa_helpers import admin_call, code, create_device, enable, wait_for_fresh_step

PASSWORD = "Correct-Horse-9-Battery"
DAY = 86_400
_addresses = itertools.count(1)
server, iam = console_fixtures("console-required")


def client_for(server, ip=None) -> ConsoleClient:
    return ConsoleClient(server.endpoint, client_ip=ip or f"198.51.100.{next(_addresses)}")


def make_user(iam, policy_arns=()) -> str:
    name = unique("req")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password=PASSWORD)
    for arn in policy_arns:
        iam.attach_user_policy(UserName=name, PolicyArn=arn)
    return name


def test_defaults_are_aws_defaults(server):
    resp = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "GetMFASettings", {})
    # A principal with an MFA device is asked for it at every console sign-in, as on AWS (issue 15, bug 2);
    # Identity Center's context-aware prompting is an option.
    assert resp.json()["Settings"] == {
        "Prompt": "EVERY_SIGN_IN", "WithoutDevice": "REQUIRE_REGISTRATION",
        "AllowedTypes": ["AUTHENTICATOR_APP", "SECURITY_KEY"], "RequireForConsoleUsers": False,
        "RequireForPrivileged": False, "GracePeriodDays": 35, "PasskeySignIn": False}


def test_grace_period_counts_from_the_first_prompt_then_blocks(server, iam, settings, shift_clock):
    settings(RequireForConsoleUsers=True, GracePeriodDays=10)
    user = make_user(iam)
    first = client_for(server).sign_in(ACCOUNT_ID, user, PASSWORD)
    assert first.url.endswith("/console/enroll") and "Skip for now — 10 days left" in first.text
    shift_clock(4 * DAY)
    later = client_for(server)
    assert "Skip for now — 6 days left" in later.sign_in(ACCOUNT_ID, user, PASSWORD).text
    assert 'id="arn"' in later.post("/console/enroll", {"action": "skip"}).text
    shift_clock(11 * DAY)
    blocked = client_for(server)
    page = blocked.sign_in(ACCOUNT_ID, user, PASSWORD)
    assert 'id="grace-over"' in page.text and 'id="skip"' not in page.text
    refused = blocked.post("/console/enroll", {"action": "skip"})
    assert refused.message == "The time to set up MFA has run out. Set up a device to continue."
    assert 'id="arn"' not in refused.text
    # Setting one up is still possible, and only that.
    setup = blocked.post("/console/enroll", {"action": "setup"})
    assert setup.url.endswith("/console/security")
    assert blocked.get("/console").url.endswith("/console/security")


def test_users_without_the_requirement_are_not_asked(server, iam):
    user = make_user(iam)
    assert 'id="arn"' in client_for(server).sign_in(ACCOUNT_ID, user, PASSWORD).text


def test_privileged_principals_are_decided_by_their_policies(server, iam, settings):
    settings(RequireForPrivileged=True)
    admin = make_user(iam, [ADMIN_POLICY])
    reader = make_user(iam, ["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    assert client_for(server).sign_in(ACCOUNT_ID, admin, PASSWORD).url.endswith("/console/enroll")
    assert 'id="arn"' in client_for(server).sign_in(ACCOUNT_ID, reader, PASSWORD).text
    # An inline policy granting iam:* makes a principal privileged too.
    iam.put_user_policy(UserName=reader, PolicyName="iam-all", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}))
    assert client_for(server).sign_in(ACCOUNT_ID, reader, PASSWORD).url.endswith("/console/enroll")


def test_block_and_allow_without_a_device(server, iam, settings):
    user = make_user(iam)
    settings(RequireForConsoleUsers=True, WithoutDevice="BLOCK")
    blocked = client_for(server).sign_in(ACCOUNT_ID, user, PASSWORD)
    assert blocked.message.startswith("Your account requires MFA, and you have no MFA device")
    settings(WithoutDevice="ALLOW")
    assert 'id="arn"' in client_for(server).sign_in(ACCOUNT_ID, user, PASSWORD).text


def test_prompting_every_time_on_context_change_or_never(server, iam, settings):
    user = make_user(iam)
    serial, seed = create_device(iam, unique("req-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    browser = client_for(server, "203.0.113.10")
    assert browser.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
    assert 'id="mfa-used">yes<' in browser.post("/console/mfa", {"code": code(seed, 1)}).text
    assert "rampart-device" in browser.cookies
    # Every sign-in (the default): the same browser on the same network is asked again.
    assert browser.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
    # Context-aware: the same browser on the same network is not asked again...
    settings(Prompt="CONTEXT_CHANGE")
    same = browser.sign_in(ACCOUNT_ID, user, PASSWORD)
    assert 'id="mfa-used">no<' in same.text
    # ...a new network is, and so is a new browser.
    browser.client_ip = "192.0.2.200"
    assert browser.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
    assert client_for(server, "203.0.113.11").sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
    settings(Prompt="NEVER")
    assert 'id="mfa-used">no<' in client_for(server).sign_in(ACCOUNT_ID, user, PASSWORD).text


def test_allowed_device_types(server, iam, settings, tmp_path):
    user = make_user(iam)
    iam.put_user_policy(UserName=user, PolicyName="self", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice"],
             "Resource": "arn:aws:iam::*:user/${aws:username}"},
            {"Effect": "Allow", "Action": "iam:CreateVirtualMFADevice", "Resource": "arn:aws:iam::*:mfa/*"}]}))
    settings(AllowedTypes=["SECURITY_KEY"])
    client = client_for(server)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    refused = client.post("/console/security/authenticator", {"name": unique("app")})
    assert refused.message == "This account does not allow authenticator apps."
    settings(AllowedTypes=["AUTHENTICATOR_APP"])
    status, body = client.post_json("/console/webauthn/register/options", {"label": "key"})
    assert status == 403 and "does not allow passkeys" in body["error"]
    bad = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings", {"AllowedTypes": ["SMS"]})
    assert bad.status_code == 400 and "InvalidInput" in bad.text


def test_the_admin_command_and_the_root_settings_page(server, settings):
    out = run_rampart("admin", "mfa-settings", "--endpoint", server.endpoint, "--data", server.data_dir,
                      "--prompt", "EVERY_SIGN_IN", "--grace-period-days", "7").stdout
    shown = json.loads(out)
    assert shown["Prompt"] == "EVERY_SIGN_IN" and shown["GracePeriodDays"] == 7
    assert json.loads(run_rampart("admin", "mfa-settings", "--endpoint", server.endpoint,
                                  "--data", server.data_dir).stdout) == shown
    root = client_for(server)
    root.sign_in_root(ROOT_EMAIL, ROOT_PASSWORD)
    home = root.post("/console/enroll", {"action": "skip"})
    assert 'id="settings-link"' in home.text
    page = root.get("/console/settings")
    assert '<option value="EVERY_SIGN_IN" selected>' in page.text
    saved = root.post("/console/settings", {"prompt": "NEVER", "withoutDevice": "ALLOW", "app": "1", "key": "1",
                                            "consoleUsers": "1", "grace": "14"})
    assert "Saved." in saved.text
    current = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "GetMFASettings", {}).json()["Settings"]
    assert current["Prompt"] == "NEVER" and current["RequireForConsoleUsers"] is True and current["GracePeriodDays"] == 14
    invalid = root.post("/console/settings", {"prompt": "SOMETIMES", "withoutDevice": "ALLOW", "app": "1", "grace": "14"})
    assert invalid.message.startswith("Prompt SOMETIMES is not one of")


def test_a_user_who_must_have_mfa_keeps_the_last_device(server, iam, settings):
    settings(RequireForConsoleUsers=True)
    user = make_user(iam)
    iam.put_user_policy(UserName=user, PolicyName="self", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [
            {"Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:DeactivateMFADevice"],
             "Resource": "arn:aws:iam::*:user/${aws:username}"},
            {"Effect": "Allow", "Action": "iam:DeleteVirtualMFADevice", "Resource": "arn:aws:iam::*:mfa/*"}]}))
    serial, seed = create_device(iam, unique("req-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    client = client_for(server)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    client.post("/console/mfa", {"code": code(seed, 1)})
    refused = client.post("/console/security/remove", {"serial": serial})
    assert refused.message == "Your account requires MFA: you must keep at least one MFA device."
    settings(RequireForConsoleUsers=False)
    assert "The device was removed." in client.post("/console/security/remove", {"serial": serial}).text
