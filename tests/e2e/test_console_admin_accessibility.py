"""The accessibility audit of every administrator's page: axe-core (through axe-selenium-python) finds
no serious or critical violation, with content in every table and form, and with an error shown."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from admin_console_helpers import audit, audit_pages, signed_in, submit
from browser_helpers import chromium_binaries, pages_fixture
from console_helpers import console_fixtures
from e2e_helpers import ACCOUNT_ID, dumps, unique
from mfa_helpers import create_device, enable, wait_for_fresh_step

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are needed")

server, iam = console_fixtures("console-admin-a11y")
pages = pages_fixture("203.0.116")


def test_every_administrator_page_passes_the_audit(pages, iam):
    user = unique("audited")
    iam.create_user(UserName=user)
    iam.create_access_key(UserName=user)
    serial, seed = create_device(iam, unique("app"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    group = unique("grp")
    iam.create_group(GroupName=group)
    iam.add_user_to_group(GroupName=group, UserName=user)
    role = unique("role")
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, "Action": "sts:AssumeRole"}]}))
    policy = iam.create_policy(PolicyName=unique("pol"), Description="Audited", PolicyDocument=dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}))[
        "Policy"]["Arn"]
    iam.attach_user_policy(UserName=user, PolicyArn=policy)
    signed_in(pages, iam)
    paths = [
        "/console", "/console/users", f"/console/users/{user}", f"/console/users/{user}?tab=credentials",
        f"/console/users/{user}?tab=sign-ins", f"/console/users/{user}/delete", "/console/groups",
        f"/console/groups/{group}", "/console/roles", f"/console/roles/{role}", "/console/policies",
        "/console/policies?scope=AWS", "/console/policies/new", f"/console/policies/view?arn={quote(policy)}",
        "/console/account", "/console/users/nobody-here",
    ]
    found = audit_pages(pages, paths)
    # A page with a refusal, and the editor with an error and lint findings.
    pages.open("/console/policies/new", "editor")
    weak = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*",
                                                    "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}]}
    submit(pages, "policy-form", "editor-findings", press="check", name=unique("p"), document=json.dumps(weak))
    for label in ("editor-findings",):
        violations = audit(pages)
        if violations:
            found[label] = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
    submit(pages, "policy-form", "editor-error", press="check", document="{")
    violations = audit(pages)
    if violations:
        found["editor-error"] = [(v["id"], v["impact"]) for v in violations]
    assert found == {}, json.dumps(found, indent=1)
