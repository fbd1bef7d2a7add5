"""The administrator's console, users: the list (groups, MFA kind, password age, last sign-in, access
keys, standing) with search and paging, a user's page with its tabs, removing a lost device, lifting a
lockout, creating and deleting users; each action the IAM operation it stands for, so a read-only
administrator sees everything and is refused every change in words."""

from __future__ import annotations

import json

import boto3
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait

from admin_console_helpers import click, new_page_loaded, press, PASSWORD, READ_ONLY, message, signed_in, submit
from browser_helpers import chromium_binaries, pages_fixture
from console_helpers import ConsoleClient, console_fixtures, console_user, settings  # noqa: F401 (fixture)
from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, unique, wait_until
from mfa_helpers import create_device, enable, wait_for_fresh_step

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are needed")

server, iam = console_fixtures("console-admin-users")
pages = pages_fixture("203.0.113")


def test_navigation_shows_where_you_are_and_works_with_the_keyboard(pages, iam):
    admin = signed_in(pages, iam)
    pages.open("/console/users", "users")
    current = pages.chrome.find_element(By.CSS_SELECTOR, "nav[aria-label='Console sections'] [aria-current=page]")
    assert current.get_attribute("id") == "nav-users"
    assert pages.text("nav-account") == f"Account {ACCOUNT_ID}"
    assert pages.text("acting-as") == f"{admin} @ {ACCOUNT_ID}"
    assert pages.chrome.find_elements(By.CSS_SELECTOR, "header#console-header") and pages.chrome.find_elements(
        By.CSS_SELECTOR, "main#main")
    # The first Tab reaches "Skip to main content"; following it lands in the page, past the bar.
    body = pages.chrome.find_element(By.TAG_NAME, "body")
    body.send_keys(Keys.TAB)
    focused = pages.chrome.switch_to.active_element
    assert focused.get_attribute("class") == "skip-link" and focused.is_displayed()
    pages.shot("skip-link-focused")
    focused.send_keys(Keys.ENTER)
    assert pages.chrome.current_url.endswith("#main")
    # Down the bar with the keyboard alone: Groups is reached and opens with Enter.
    pages.open("/console/users", "users-again")
    body = pages.chrome.find_element(By.TAG_NAME, "body")
    for _ in range(12):
        body = pages.chrome.switch_to.active_element
        body.send_keys(Keys.TAB)
        if pages.chrome.switch_to.active_element.get_attribute("id") == "nav-groups":
            break
    pages.chrome.switch_to.active_element.send_keys(Keys.ENTER)
    assert wait_until(lambda: pages.path() == "/console/groups")
    WebDriverWait(pages.chrome, 10).until(new_page_loaded)
    assert pages.chrome.find_element(By.CSS_SELECTOR, "[aria-current=page]").get_attribute("id") == "nav-groups"
    # A user's page is in the Users section, with a breadcrumb back.
    pages.open(f"/console/users/{admin}", "own-user-page")
    assert pages.chrome.find_element(By.CSS_SELECTOR, "[aria-current=page]").get_attribute("id") == "nav-users"
    crumbs = pages.chrome.find_element(By.CSS_SELECTOR, "nav[aria-label=Breadcrumb]")
    assert crumbs.text.split("\n")[0] == "Users"


def test_list_shows_groups_mfa_keys_and_status_with_search_and_paging(pages, iam, settings):
    prefix = unique("team")
    names = [f"{prefix}-{i:02d}" for i in range(23)]
    for name in names:
        iam.create_user(UserName=name)
    with_app, with_keys = names[0], names[1]
    group = unique("grp")
    iam.create_group(GroupName=group)
    iam.add_user_to_group(GroupName=group, UserName=with_app)
    serial, seed = create_device(iam, unique("app"))
    wait_for_fresh_step()
    enable(iam, with_app, serial, seed)
    iam.create_access_key(UserName=with_keys)
    iam.create_access_key(UserName=with_keys)
    iam.create_login_profile(UserName=with_keys, Password=PASSWORD)
    signed_in(pages, iam)  # before the requirement, which would ask this administrator to set up MFA
    settings(RequireForConsoleUsers=True, GracePeriodDays=10)
    pages.open(f"/console/users?prefix={prefix}", "search")
    rows = pages.chrome.find_elements(By.CSS_SELECTOR, "#users tbody tr")
    assert len(rows) == 20
    assert pages.text("users-range") == "1–20 of 23"
    cells = {row.find_element(By.TAG_NAME, "a").text: [c.text for c in row.find_elements(By.TAG_NAME, "td")]
             for row in rows}
    assert cells[with_app][1] == group
    assert cells[with_app][2].startswith("Authenticator") and "not phishing-resistant" in cells[with_app][2]
    assert cells[with_keys][2] == "None"
    assert cells[with_keys][3] == "today" and cells[with_app][3] == "No console password"
    assert cells[with_keys][5].startswith("2") and "oldest today" in cells[with_keys][5]
    # Required MFA, no device, never prompted: the grace starts at the next sign-in.
    assert "MFA required" in cells[with_keys][6] and "10 days of grace" in cells[with_keys][6]
    assert cells[with_app][6] == "Active"
    click(pages, "next-page", "second-page")
    assert pages.text("users-range") == "21–23 of 23"
    assert [r.find_element(By.TAG_NAME, "a").text for r in
            pages.chrome.find_elements(By.CSS_SELECTOR, "#users tbody tr")] == names[20:]
    submit(pages, "user-search", "no-match", prefix="zz-nobody-")
    assert pages.has("users-empty")


def test_user_page_tabs_remove_a_lost_device_and_lift_a_lockout(pages, iam, server):
    victim = console_user(iam, "victim", PASSWORD)
    serial, seed = create_device(iam, unique("lost"))
    wait_for_fresh_step()
    enable(iam, victim, serial, seed)
    locked = ConsoleClient(server.endpoint, client_ip="198.18.7.1")
    for _ in range(6):
        locked.sign_in(ACCOUNT_ID, victim, "wrong-password-1")
    signed_in(pages, iam)
    pages.open(f"/console/users/{victim}?tab=credentials", "credentials-tab")
    assert "Locked out" in pages.text("user-status") and "password" in pages.text("user-status")
    devices = pages.chrome.find_elements(By.CSS_SELECTOR, "#user-devices tbody tr td")
    assert serial in devices[0].text and devices[1].text == "Authenticator app"
    assert devices[3].text != "Never"  # the codes that enabled it
    click(pages, "unlock-button", "lockout-lifted")
    assert message(pages) == f"The lockout of {victim} was lifted."
    assert "Locked out" not in pages.text("user-status")
    assert locked.sign_in(ACCOUNT_ID, victim, PASSWORD).url.endswith("/console/mfa")
    press(pages, pages.chrome.find_element(By.CSS_SELECTOR, "#user-devices button"), "device-removed")
    assert "The device was removed." in message(pages)
    assert pages.has("user-devices-empty")
    assert iam.list_mfa_devices(UserName=victim)["MFADevices"] == []
    assert serial not in [d["SerialNumber"] for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"]]
    click(pages, "tab-permissions", "permissions-tab")
    assert pages.chrome.find_element(By.ID, "tab-permissions").get_attribute("aria-current") == "page"
    click(pages, "tab-sign-ins", "sign-ins-tab")
    assert "Failure" in pages.text("recent-sign-ins")


def test_create_then_delete_a_user_with_confirmation(pages, iam, server):
    signed_in(pages, iam)
    pages.open("/console/users", "users")
    name = unique("new")
    submit(pages, "create-user", "created", name=name, password=PASSWORD)
    assert message(pages) == f"The user {name} was created with a console password."
    assert iam.get_login_profile(UserName=name)["LoginProfile"]["PasswordResetRequired"] is True
    # Recorded as the console's calls, without the password.
    trail = boto3.client("cloudtrail", endpoint_url=server.endpoint, region_name=REGION,
                         aws_access_key_id=ADMIN_KEY_ID, aws_secret_access_key=ADMIN_SECRET)
    events = wait_until(lambda: trail.lookup_events(LookupAttributes=[
        {"AttributeKey": "EventName", "AttributeValue": "CreateLoginProfile"}])["Events"])
    record = json.loads(events[0]["CloudTrailEvent"])
    assert record["requestParameters"] == {"passwordResetRequired": "true", "userName": name}
    assert record["sessionCredentialFromConsole"] == "true" and PASSWORD not in events[0]["CloudTrailEvent"]
    # The API's name rule holds in the console: markup is not a user name.
    submit(pages, "create-user", "bad-name", name="<script>alert(1)</script>", password="")
    assert message(pages).startswith("1 validation error detected: Value at 'userName' failed to satisfy constraint")
    assert "<script>" not in pages.chrome.page_source.split('id="message"')[1].split("</p>")[0]
    iam.create_access_key(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn=READ_ONLY)
    pages.open(f"/console/users/{name}", "new-user")
    assert "ReadOnlyAccess" in pages.text("attached-policies")
    click(pages, "delete-user", "confirm-delete")
    submit(pages, "confirm-delete", "wrong-confirmation", confirm="not-the-name")
    assert "exactly" in message(pages)
    assert iam.get_user(UserName=name)
    submit(pages, "confirm-delete", "deleted", confirm=name)
    assert message(pages) == f"The user {name} was deleted."
    assert pages.path() == f"/console/users/{name}/delete"  # the list, rendered after the post
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_user(UserName=name)


def test_a_read_only_administrator_sees_and_is_refused_in_words(pages, iam):
    target = console_user(iam, "target", PASSWORD)
    reader = signed_in(pages, iam, policy_arn=READ_ONLY, prefix="reader")
    pages.open("/console/users", "read-only-users")
    assert pages.has(f"user-{target}")
    name = unique("never")
    submit(pages, "create-user", "create-refused", name=name)
    refusal = message(pages)
    assert refusal == (f"You cannot do this: your permissions do not include iam:CreateUser. Ask an administrator "
                       f"of account {ACCOUNT_ID} to allow iam:CreateUser for you.")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_user(UserName=name)
    pages.open(f"/console/users/{target}/delete", "delete-confirm")
    submit(pages, "confirm-delete", "delete-refused", confirm=target)
    assert "iam:DeleteUser" in message(pages)
    assert iam.get_user(UserName=target)["User"]["UserName"] == target
    assert iam.get_login_profile(UserName=target)  # nothing went before the refusal
    pages.open(f"/console/users/{target}", "attach-refused-page")
    submit(pages, "attach-policy", "attach-refused", policy="AdministratorAccess")
    assert "iam:AttachUserPolicy" in message(pages)
    assert iam.list_attached_user_policies(UserName=target)["AttachedPolicies"] == []


def test_a_read_only_administrator_cannot_remove_a_device_lift_a_lockout_or_detach(pages, iam, server):
    """The credentials tab's actions and a detach, each refused in words, with nothing changed."""
    victim = console_user(iam, "ro-victim", PASSWORD)
    iam.attach_user_policy(UserName=victim, PolicyArn=READ_ONLY)
    serial, seed = create_device(iam, unique("kept"))
    wait_for_fresh_step()
    enable(iam, victim, serial, seed)
    locked = ConsoleClient(server.endpoint, client_ip="198.18.7.2")
    for _ in range(6):
        locked.sign_in(ACCOUNT_ID, victim, "wrong-password-1")
    signed_in(pages, iam, policy_arn=READ_ONLY, prefix="ro-reader")
    pages.open(f"/console/users/{victim}?tab=credentials", "ro-credentials-tab")
    assert "Locked out" in pages.text("user-status")
    click(pages, "unlock-button", "ro-unlock-refused")
    assert message(pages) == (f"You cannot do this: your permissions do not include rampart:ClearSignInLockout. Ask an "
                              f"administrator of account {ACCOUNT_ID} to allow rampart:ClearSignInLockout for you.")
    assert "Locked out" in pages.text("user-status")
    pages.open(f"/console/users/{victim}?tab=credentials", "ro-credentials-again")
    press(pages, pages.chrome.find_element(By.CSS_SELECTOR, "#user-devices button"), "ro-device-refused")
    assert "iam:DeactivateMFADevice" in message(pages), message(pages)
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=victim)["MFADevices"]] == [serial]
    pages.open(f"/console/users/{victim}", "ro-permissions")
    press(pages, pages.chrome.find_element(By.CSS_SELECTOR, "#attached-policies button"), "ro-detach-refused")
    assert "iam:DetachUserPolicy" in message(pages), message(pages)
    assert [p["PolicyArn"] for p in iam.list_attached_user_policies(UserName=victim)["AttachedPolicies"]] == [READ_ONLY]
