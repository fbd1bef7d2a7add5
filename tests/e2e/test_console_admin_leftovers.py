"""The administrator's console, the rest of issue 15: effective permissions from the policy simulator
on a user's page, access-key actions there, a role's trust policy and inline policies (users, groups,
roles) in the policy editor, the root user's email and password on the account page, and a navigation
bar that keeps one row at 1000 px. A read-only administrator is refused each change in words.
Headless Chromium; screenshots in test-artifacts/console/."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest
from selenium.webdriver.common.by import By

from admin_console_helpers import READ_ONLY, audit_pages, click, message, root_signs_in, signed_in, submit
from browser_helpers import Pages, chromium_binaries, pages_fixture
from console_helpers import console_fixtures
from e2e_helpers import ACCOUNT_ID, ROOT_EMAIL, ROOT_PASSWORD, dumps, unique

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are needed")

server, iam = console_fixtures("console-admin-leftovers")
pages = pages_fixture("203.0.117")

TRUST = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                                                 "Action": "sts:AssumeRole"}]}
def refused(action: str) -> str:
    """A read-only administrator's refusal, in words: what, why, whom to ask; no ARN, no IAM sentence."""
    return (f"You cannot do this: your permissions do not include {action}. Ask an administrator of account "
            f"{ACCOUNT_ID} to allow {action} for you.")


def rows(pages: Pages, table: str) -> list[list[str]]:
    return [[cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
            for row in pages.chrome.find_elements(By.CSS_SELECTOR, f"#{table} tbody tr")]


def test_effective_permissions_from_the_simulator(pages, iam):
    user = unique("sim")
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="reads", PolicyDocument=dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"},
        {"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"}]}))
    signed_in(pages, iam, READ_ONLY, prefix="reader")
    pages.open(f"/console/users/{user}", "permissions-tab")
    assert pages.has("simulate") and not pages.has("effective-permissions")
    submit(pages, "simulate", "simulated", actions="iam:GetUser\ns3:GetObject\niam:DeleteUser")
    pages.chrome.execute_script("document.getElementById('effective-permissions').scrollIntoView()")
    pages.shot("simulated-results")
    assert rows(pages, "effective-permissions") == [
        ["iam:GetUser", "*", "Allowed", "reads", ""],
        ["s3:GetObject", "*", "Denied: no policy allows it", "—", ""],
        ["iam:DeleteUser", "*", "Denied by a statement (explicit deny)", "reads", ""],
    ]
    # The same answer as the API's.
    api = iam.simulate_principal_policy(PolicySourceArn=f"arn:aws:iam::{ACCOUNT_ID}:user/{user}",
                                        ActionNames=["iam:GetUser", "s3:GetObject", "iam:DeleteUser"])
    assert [r["EvalDecision"] for r in api["EvaluationResults"]] == ["allowed", "implicitDeny", "explicitDeny"]
    # A name the API refuses is refused here with its words.
    submit(pages, "simulate", "bad-action", actions="not an action")
    assert "ValidationError" not in message(pages) and message(pages)
    assert not pages.has("effective-permissions")


def test_access_key_actions_on_the_user_page(pages, iam):
    user = unique("keys")
    iam.create_user(UserName=user)
    key = iam.create_access_key(UserName=user)["AccessKey"]["AccessKeyId"]
    signed_in(pages, iam, READ_ONLY, prefix="reader")
    pages.open(f"/console/users/{user}?tab=credentials", "credentials-read-only")
    click(pages, f"key-status-{key}", "deactivate-refused")
    assert message(pages) == refused("iam:UpdateAccessKey")
    click(pages, f"delete-key-{key}", "delete-refused")
    assert message(pages) == refused("iam:DeleteAccessKey")
    assert iam.list_access_keys(UserName=user)["AccessKeyMetadata"][0]["Status"] == "Active"
    pages.chrome.delete_all_cookies()
    signed_in(pages, iam)
    pages.open(f"/console/users/{user}?tab=credentials", "credentials")
    click(pages, f"key-status-{key}", "deactivated")
    assert message(pages) == f"The access key {key} was deactivated."
    assert rows(pages, "user-keys")[0][1] == "Inactive"
    assert iam.list_access_keys(UserName=user)["AccessKeyMetadata"][0]["Status"] == "Inactive"
    click(pages, f"key-status-{key}", "activated")
    assert message(pages) == f"The access key {key} was activated."
    click(pages, f"delete-key-{key}", "deleted")
    assert message(pages).startswith(f"The access key {key} was deleted.")
    assert iam.list_access_keys(UserName=user)["AccessKeyMetadata"] == []
    assert pages.has("user-keys-empty")


def test_trust_policy_in_the_editor(pages, iam):
    role = unique("role")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(TRUST))
    signed_in(pages, iam, READ_ONLY, prefix="reader")
    pages.open(f"/console/roles/{role}", "role")
    click(pages, "edit-trust", "trust-editor-read-only")
    assert json.loads(pages.chrome.find_element(By.NAME, "document").get_attribute("value")) == TRUST
    submit(pages, "policy-form", "trust-save-refused", press="save")
    assert message(pages) == refused("iam:UpdateAssumeRolePolicy")
    pages.chrome.delete_all_cookies()
    signed_in(pages, iam)
    pages.open(f"/console/roles/{role}/trust", "trust-editor")
    # Check shows the API's error with its position, before saving.
    submit(pages, "policy-form", "trust-not-json", press="check", document='{"Version": "2012-10-17",\n  "Statement": [')
    assert pages.text("policy-error").startswith("MalformedPolicyDocument (line 2")
    mfa = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"},
                                                   "Action": "sts:AssumeRole",
                                                   "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]}
    submit(pages, "policy-form", "trust-saved", press="save", document=json.dumps(mfa, indent=2))
    assert message(pages) == f"The trust policy of {role} was saved."
    assert iam.get_role(RoleName=role)["Role"]["AssumeRolePolicyDocument"] == mfa


@pytest.mark.parametrize("entity", ["user", "group", "role"])
def test_inline_policies_in_the_editor(pages, iam, entity):
    name = unique(entity)
    if entity == "user":
        iam.create_user(UserName=name)
    elif entity == "group":
        iam.create_group(GroupName=name)
    else:
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps(TRUST))
    kind = entity.capitalize()
    document = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}
    signed_in(pages, iam, READ_ONLY, prefix="reader")
    pages.open(f"/console/{entity}s/{name}", f"{entity}-page-read-only")
    click(pages, "add-inline", "new-inline-read-only")
    submit(pages, "policy-form", "put-refused", press="save", policy="mine", document=json.dumps(document))
    assert message(pages) == refused(f"iam:Put{kind}Policy")
    assert pages.chrome.find_element(By.ID, "inline-name").get_attribute("value") == "mine"
    getattr(iam, f"put_{entity}_policy")(**{f"{kind}Name": name, "PolicyName": "kept", "PolicyDocument": dumps(document)})
    pages.open(f"/console/{entity}s/{name}/inline?policy=kept", "inline-read-only")
    click(pages, "delete-inline-button", "delete-refused")
    assert message(pages) == refused(f"iam:Delete{kind}Policy")
    pages.chrome.delete_all_cookies()
    signed_in(pages, iam)
    pages.open(f"/console/{entity}s/{name}", f"{entity}-page")
    click(pages, "add-inline", "new-inline")
    submit(pages, "policy-form", "inline-saved", press="save", policy="extra", document=json.dumps(document))
    assert message(pages) == "The inline policy extra was saved."
    assert pages.chrome.find_element(By.TAG_NAME, "h1").text == "Inline policy extra"
    pages.open(f"/console/{entity}s/{name}", f"{entity}-with-inline")
    links = [a.text for a in pages.chrome.find_elements(By.CSS_SELECTOR, "#inline-policies a")]
    assert links == ["extra", "kept"]
    pages.chrome.find_element(By.LINK_TEXT, "extra").click()
    pages.shot("inline-editor")
    wider = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:GetUser", "iam:ListUsers"],
                                                     "Resource": "*"}]}
    submit(pages, "policy-form", "inline-updated", press="save", document=json.dumps(wider))
    stored = getattr(iam, f"get_{entity}_policy")(**{f"{kind}Name": name, "PolicyName": "extra"})["PolicyDocument"]
    assert stored == wider
    click(pages, "delete-inline-button", "inline-deleted")
    assert pages.path() == f"/console/{entity}s/{name}"
    assert getattr(iam, f"list_{entity}_policies")(**{f"{kind}Name": name})["PolicyNames"] == ["kept"]


def test_root_email_and_password_on_the_account_page(pages, server):
    root_signs_in(pages)
    pages.open("/console/account", "account-root")
    assert pages.text("root-email") == ROOT_EMAIL
    new_password = "Another-Root-Passw0rd-2!"
    new_email = unique("root") + "@example.com"
    try:
        submit(pages, "root-password-form", "wrong-current", old="not-it", new=new_password, confirm=new_password)
        # The root user's own refusal, as it is: no administrator to ask (root is the account's owner).
        assert message(pages) == "The current password is not correct."
        submit(pages, "root-password-form", "mismatch", old=ROOT_PASSWORD, new=new_password, confirm="other")
        assert message(pages) == "The new passwords do not match."
        submit(pages, "root-password-form", "password-changed", old=ROOT_PASSWORD, new=new_password,
               confirm=new_password)
        assert message(pages) == "The root user's password was changed."
        submit(pages, "root-email-form", "bad-email", email="x@y", password=new_password)
        assert message(pages).startswith("Enter an email address such as name@example.com")
        submit(pages, "root-email-form", "email-changed", email=new_email, password=new_password)
        assert message(pages) == f"The root user now signs in with {new_email}."
        assert pages.text("root-email") == new_email
        # The new email and password sign in; the old ones do not.
        pages.chrome.delete_all_cookies()
        root_signs_in(pages, label="old")
        assert message(pages).startswith("Your authentication information is incorrect")
        root_signs_in(pages, new_email, new_password, label="new")
        assert pages.path() == "/console"
    finally:
        pages.open("/console/account", "restore")
        if pages.has("root-email-form"):
            submit(pages, "root-email-form", "email-restored", email=ROOT_EMAIL, password=new_password)
            submit(pages, "root-password-form", "password-restored", old=new_password, new=ROOT_PASSWORD,
                   confirm=ROOT_PASSWORD)
    assert pages.text("root-email") == ROOT_EMAIL


def test_the_navigation_keeps_one_row(pages, iam):
    signed_in(pages, iam)
    for width in (1000, 1400):
        pages.chrome.set_window_size(width, 900)
        pages.open("/console/users", f"users-at-{width}")
        tops = pages.chrome.execute_script(
            "return Array.from(document.querySelectorAll(\"nav[aria-label='Console sections'] a\"))"
            ".map(function (a) { return a.getBoundingClientRect().top; });")
        assert len(tops) >= 9 and len(set(tops)) == 1, (width, tops)
        overflow = pages.chrome.execute_script(
            "var nav = document.querySelector(\"nav[aria-label='Console sections']\");"
            "return nav.scrollWidth - nav.clientWidth;")
        assert overflow <= 0, (width, overflow)


def test_the_new_pages_pass_the_audit(pages, iam):
    user = unique("audited")
    iam.create_user(UserName=user)
    iam.create_access_key(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName="inline", PolicyDocument=dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}))
    role = unique("role")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(TRUST))
    signed_in(pages, iam)
    paths = [f"/console/users/{user}?tab=permissions&actions={quote('iam:GetUser s3:GetObject')}",
             f"/console/users/{user}?tab=credentials", f"/console/roles/{role}/trust",
             f"/console/users/{user}/inline", f"/console/users/{user}/inline?policy=inline", "/console/account",
             "/console/security", "/console/security/assign", "/console/security/assign?type=app",
             "/console/security/assign?type=key", "/console/security/assign?type=hardware"]
    found = audit_pages(pages, paths)
    assert found == {}, json.dumps(found, indent=1)
