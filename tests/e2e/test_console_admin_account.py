"""The administrator's console, the account page: alias (CreateAccountAlias, DeleteAccountAlias), the
password policy (UpdateAccountPasswordPolicy), the MFA settings in words, and the person's own console
sessions with "Sign out" and "Sign out everywhere else"."""

from __future__ import annotations

import pytest
from selenium.webdriver.common.by import By

from admin_console_helpers import click, press, PASSWORD, READ_ONLY, message, signed_in, submit
from browser_helpers import chromium_binaries, pages_fixture
from console_helpers import ConsoleClient, console_fixtures
from e2e_helpers import ACCOUNT_ID, unique

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are needed")

server, iam = console_fixtures("console-admin-account", scope="function")
pages = pages_fixture("203.0.115")


def test_alias_and_password_policy(pages, iam):
    signed_in(pages, iam)
    pages.open("/console/account", "account")
    assert pages.text("account-id") == ACCOUNT_ID
    assert pages.text("account-alias").startswith("none")
    alias = unique("corp")
    submit(pages, "alias-form", "alias-set", alias=alias)
    assert message(pages) == f"The account alias is now {alias}."
    assert iam.list_account_aliases()["AccountAliases"] == [alias]
    submit(pages, "alias-form", "alias-refused", alias="Not_Valid")
    assert "Value at 'accountAlias' failed to satisfy constraint" in message(pages)
    assert iam.list_account_aliases()["AccountAliases"] == [alias]
    click(pages, "delete-alias", "alias-removed")
    assert message(pages) == "The account alias was removed."
    assert iam.list_account_aliases()["AccountAliases"] == []
    form = pages.chrome.find_element(By.ID, "password-policy")
    form.find_element(By.ID, "pp-symbols").click()
    submit(pages, "password-policy", "policy-saved", length="14", age="90")
    assert message(pages) == "The password policy was saved."
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 14 and policy["RequireSymbols"] is True
    assert policy["MaxPasswordAge"] == 90
    assert pages.text("password-policy-summary") == "Passwords need at least 14 characters, expire after 90 days."
    submit(pages, "password-policy", "policy-refused", length="3")
    assert "minimumPasswordLength" in message(pages)
    assert iam.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 14
    settings = pages.text("mfa-settings")
    assert "Everyone with an MFA device is asked for it at every console sign-in." in settings
    assert "Only the root user changes these settings." in pages.chrome.page_source


def test_own_sessions_sign_out_one_and_everywhere(pages, iam, server):
    admin = signed_in(pages, iam)
    others = [ConsoleClient(server.endpoint, client_ip=f"198.18.9.{i}") for i in (1, 2)]
    for other in others:
        other.sign_in(ACCOUNT_ID, admin, PASSWORD)
        assert other.get("/console").url.endswith("/console")
    pages.open("/console/account", "sessions")
    rows = pages.chrome.find_elements(By.CSS_SELECTOR, "#sessions tbody tr")
    assert len(rows) == 3
    assert [("(this browser)" in r.text) for r in rows].count(True) == 1
    row = next(r for r in rows if "198.18.9.2" in r.text)
    press(pages, row.find_element(By.TAG_NAME, "button"), "one-signed-out")
    assert message(pages) == "One session was signed out."
    assert others[1].get("/console").url.endswith("/console/signin?expired=session")
    assert others[0].get("/console").url.endswith("/console")
    click(pages, "sign-out-everywhere-button", "everywhere")
    assert message(pages) == "One session was signed out."
    assert others[0].get("/console").url.endswith("/console/signin?expired=session")
    pages.open("/console/account", "still-signed-in")
    assert pages.path() == "/console/account"


def test_a_read_only_administrator_is_refused_account_changes(pages, iam):
    signed_in(pages, iam, policy_arn=READ_ONLY, prefix="reader")
    pages.open("/console/account", "read-only-account")
    assert "rampart:GetMFASettings" in pages.text("mfa-unreadable")  # said where it belongs, not hidden
    submit(pages, "alias-form", "alias-refused", alias=unique("never"))
    assert "iam:CreateAccountAlias" in message(pages)
    assert iam.list_account_aliases()["AccountAliases"] == []
    submit(pages, "password-policy", "policy-refused", length="20")
    assert "iam:UpdateAccountPasswordPolicy" in message(pages)
