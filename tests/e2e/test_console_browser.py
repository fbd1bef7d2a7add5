"""The console in a real browser: headless Chromium (Selenium, WebDriver) on http://localhost:PORT,
codes from pyotp, a screenshot of every page in test-artifacts/console/."""

from __future__ import annotations

import itertools

import pytest

from browser_helpers import Pages, chromium_binaries, start_browser
from console_helpers import admin_iam, start_console_server
from e2e_helpers import ACCOUNT_ID, ROOT_EMAIL, ROOT_PASSWORD, unique
from mfa_helpers import code, create_device, enable, wait_for_fresh_step

PASSWORD = "Correct-Horse-9-Battery"
_addresses = itertools.count(1)

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are not installed")


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    server = start_console_server(tmp_path_factory, "console-browser")
    yield server
    server.stop()


@pytest.fixture
def pages(server, request):
    chrome = start_browser(client_ip=f"192.0.2.{next(_addresses)}")
    try:
        yield Pages(chrome, f"http://localhost:{server.port}", request.node.name)
    finally:
        chrome.quit()


@pytest.fixture
def user(server):
    iam = admin_iam(server)
    name = unique("browser")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password=PASSWORD)
    return name


def sign_in(pages: Pages, user: str, password: str = PASSWORD):
    pages.open("/console", "redirected-to-sign-in")
    assert pages.path() == "/console/signin"
    pages.fill("account", ACCOUNT_ID)
    pages.fill("username", user)
    pages.fill("password", password)
    pages.click("sign-in", "after-password")


def test_password_and_totp_sign_in(pages, user, server):
    iam = admin_iam(server)
    serial, seed = create_device(iam, unique("browser-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    sign_in(pages, user)
    assert pages.path() == "/console/mfa"
    pages.fill("code", code(seed, 1))
    pages.click("verify", "signed-in")
    assert pages.path() == "/console"
    assert pages.text("arn") == f"arn:aws:iam::{ACCOUNT_ID}:user/{user}"
    assert pages.text("mfa-used") == "yes"
    # HttpOnly: the session cookie is invisible to script.
    assert "rampart-session" not in pages.chrome.execute_script("return document.cookie")
    pages.click("sign-out-button", "signed-out")
    assert pages.path() == "/console/signin"
    pages.open("/console", "after-sign-out")
    assert pages.path() == "/console/signin"


def test_wrong_password_and_root_sign_in(pages, user):
    sign_in(pages, user, "not-the-password")
    assert pages.text("message") == "Your authentication information is incorrect. Please try again."
    pages.fill("root-email", ROOT_EMAIL)
    pages.fill("root-password", ROOT_PASSWORD)
    pages.click("root-sign-in", "root-signed-in")
    assert pages.text("arn") == f"arn:aws:iam::{ACCOUNT_ID}:root"
    assert pages.text("mfa-used") == "no"


def test_forced_password_change_in_the_browser(pages, user, server):
    admin_iam(server).update_login_profile(UserName=user, PasswordResetRequired=True)
    sign_in(pages, user)
    assert pages.path() == "/console/password"
    pages.fill("old-password", PASSWORD)
    pages.fill("new-password", "Brand-New-Passw0rd")
    pages.fill("confirm-password", "Brand-New-Passw0rd")
    pages.click("change", "password-changed")
    assert pages.path() == "/console"
