"""The administrator's console, groups, roles and policies: lists, pages, create, delete (after a
confirmation), attach and detach, and the policy editor that shows the API's validation error and the
MFA linter's findings (line and column) before saving. Names and descriptions are escaped: a role
description or policy description that holds markup is shown as text."""

from __future__ import annotations

import json

import pytest
from selenium.webdriver.common.by import By

from admin_console_helpers import click, press, READ_ONLY, message, signed_in, submit
from browser_helpers import chromium_binaries, pages_fixture
from console_helpers import console_fixtures
from e2e_helpers import ACCOUNT_ID, dumps, unique

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are needed")

server, iam = console_fixtures("console-admin-directory")
pages = pages_fixture("203.0.114")

MARKUP = '<script>document.title="owned"</script><img src=x onerror="document.title=1">'


def test_groups_create_attach_detach_and_delete(pages, iam):
    signed_in(pages, iam)
    pages.open("/console/groups", "groups")
    group = unique("ops")
    submit(pages, "create-group", "group-created", name=group)
    assert message(pages) == f"The group {group} was created."
    member = unique("member")
    iam.create_user(UserName=member)
    iam.add_user_to_group(GroupName=group, UserName=member)
    press(pages, pages.chrome.find_element(By.LINK_TEXT, group), "group-page")
    assert member in pages.text("group-members")
    submit(pages, "attach-policy", "attached", policy="ReadOnlyAccess")
    assert message(pages) == f"The policy ReadOnlyAccess was attached to {group}."
    assert [p["PolicyName"] for p in iam.list_attached_group_policies(GroupName=group)["AttachedPolicies"]] == [
        "ReadOnlyAccess"]
    press(pages, pages.chrome.find_element(By.CSS_SELECTOR, "#attached-policies button"), "detached")
    assert message(pages) == f"The policy ReadOnlyAccess was detached from {group}."
    iam.attach_group_policy(GroupName=group, PolicyArn=READ_ONLY)
    pages.open(f"/console/groups/{group}/delete", "confirm")
    submit(pages, "confirm-delete", "group-deleted", confirm=group)
    assert message(pages) == f"The group {group} was deleted."
    assert group not in [g["GroupName"] for g in iam.list_groups()["Groups"]]
    assert iam.get_user(UserName=member)  # the member stays


def test_roles_create_with_trust_policy_escape_the_description_and_delete(pages, iam):
    signed_in(pages, iam)
    pages.open("/console/roles", "roles")
    role = unique("deploy")
    submit(pages, "create-role", "role-created", name=role, description=MARKUP)
    assert message(pages) == f"The role {role} was created."
    created = iam.get_role(RoleName=role)["Role"]
    assert created["Description"] == MARKUP
    assert created["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {
        "AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}
    assert pages.chrome.title != "owned" and pages.chrome.title != "1"
    pages.open(f"/console/roles/{role}", "role-page")
    assert pages.text("role-description") == MARKUP  # shown as text, not run
    assert pages.chrome.title.startswith(role)
    assert "<script>document" not in pages.chrome.page_source.split('id="role-description">')[1][:40]
    assert '"sts:AssumeRole"' in pages.text("trust-policy")
    pages.open("/console/roles", "roles-again")
    bad = unique("bad")
    submit(pages, "create-role", "bad-trust", name=bad, trust='{"Version": "2012-10-17"')
    assert message(pages) == "This policy contains invalid Json"  # CreateRole's own words
    assert pages.chrome.find_element(By.ID, "new-role-name").get_attribute("value") == bad  # kept what was typed
    iam.attach_role_policy(RoleName=role, PolicyArn=READ_ONLY)
    pages.open(f"/console/roles/{role}/delete", "confirm")
    submit(pages, "confirm-delete", "role-deleted", confirm=role)
    assert message(pages) == f"The role {role} was deleted."
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_role(RoleName=role)


def test_policy_editor_checks_before_saving_and_saves_versions(pages, iam):
    signed_in(pages, iam)
    pages.open("/console/policies/new", "new-policy")
    name = unique("pol")
    # Not JSON: the API's error, with where it stops.
    submit(pages, "policy-form", "malformed", press="check", name=name, description=MARKUP,
           document='{\n  "Version": "2012-10-17",\n  "Statement": [\n    {"Effect": "Allow",, }\n  ]\n}')
    error = pages.text("policy-error")
    assert error.startswith("MalformedPolicyDocument (line 4, column")
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_policy(PolicyArn=f"arn:aws:iam::{ACCOUNT_ID}:policy/{name}")
    # Valid, but MFA is required the way that lets long-term keys through: the linter says where.
    weak = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "iam:*", "Resource": "*",
        "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}
    submit(pages, "policy-form", "lint", press="check", document=json.dumps(weak, indent=2))
    assert not pages.has("policy-error")
    findings = pages.chrome.find_elements(By.CSS_SELECTOR, "#lint-findings tbody tr")
    assert findings
    first = [c.text for c in findings[0].find_elements(By.TAG_NAME, "td")]
    assert first[:3] == ["error", "9", "9"], first  # the line and column of "Bool"
    submit(pages, "policy-form", "created", press="save")
    assert message(pages) == f"The policy {name} was created."
    arn = f"arn:aws:iam::{ACCOUNT_ID}:policy/{name}"
    assert iam.get_policy(PolicyArn=arn)["Policy"]["Description"] == MARKUP
    assert pages.text("policy-description-text") == MARKUP
    assert pages.chrome.title.startswith(name)
    # A version the API refuses is not saved, and the editor keeps the text.
    submit(pages, "policy-form", "refused-version", press="save", document='{"Version": "2012-10-17"}')
    assert "MalformedPolicyDocument" in pages.text("policy-error")
    assert pages.chrome.find_element(By.ID, "policy-document").get_attribute("value") == '{"Version": "2012-10-17"}'
    assert len(iam.list_policy_versions(PolicyArn=arn)["Versions"]) == 1
    good = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}
    submit(pages, "policy-form", "saved-version", press="save", document=json.dumps(good))
    assert message(pages) == "Saved as version v2 and made the default."
    assert iam.get_policy(PolicyArn=arn)["Policy"]["DefaultVersionId"] == "v2"
    assert "v1" in pages.text("policy-versions")
    pages.open("/console/policies", "policies")
    assert name in pages.text("policies")
    click(pages, "scope-aws", "aws-managed")
    assert "AdministratorAccess" in pages.text("policies")
    pages.open(f"/console/policies/view?arn={arn}", "policy-page")
    click(pages, "delete-policy", "confirm")
    submit(pages, "confirm-delete", "policy-deleted", confirm=name)
    assert message(pages) == f"The policy {name} was deleted."
    with pytest.raises(iam.exceptions.NoSuchEntityException):
        iam.get_policy(PolicyArn=arn)


def test_a_read_only_administrator_reads_policies_and_is_refused_changes(pages, iam):
    name = unique("kept")
    arn = iam.create_policy(PolicyName=name, PolicyDocument=dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}))[
        "Policy"]["Arn"]
    group = unique("kept")
    iam.create_group(GroupName=group)
    signed_in(pages, iam, policy_arn=READ_ONLY, prefix="reader")
    pages.open(f"/console/policies/view?arn={arn}", "read-only-policy")
    assert '"iam:GetUser"' in pages.chrome.find_element(By.ID, "policy-document").get_attribute("value")
    submit(pages, "policy-form", "save-refused", press="save", document=dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}))
    assert "iam:CreatePolicyVersion" in message(pages) and "Ask an administrator" in message(pages)
    assert len(iam.list_policy_versions(PolicyArn=arn)["Versions"]) == 1
    pages.open(f"/console/groups/{group}/delete", "group-delete")
    submit(pages, "confirm-delete", "group-delete-refused", confirm=group)
    assert "iam:DeleteGroup" in message(pages)
    assert iam.get_group(GroupName=group)
    pages.open("/console/roles", "roles")
    submit(pages, "create-role", "role-refused", name=unique("never"))
    assert "iam:CreateRole" in message(pages)
