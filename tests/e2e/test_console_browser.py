"""The console in a real browser: headless Chromium (Selenium, WebDriver) on http://localhost:PORT,
codes from pyotp, a screenshot of every page in test-artifacts/console/."""

from __future__ import annotations

import pytest

from browser_helpers import Pages, chromium_binaries, pages_fixture
from console_helpers import console_fixtures, admin_iam, start_console_server
from e2e_helpers import ACCOUNT_ID, ROOT_EMAIL, ROOT_PASSWORD, dumps, unique
from mfa_helpers import code, create_device, enable, wait_for_fresh_step

PASSWORD = "Correct-Horse-9-Battery"
server, iam = console_fixtures("console-browser")
pages = pages_fixture("192.0.2")

pytestmark = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are not installed")


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
    pages.click("root-sign-in", "root-asked-to-set-up-mfa")
    assert pages.path() == "/console/enroll"
    assert pages.chrome.find_element("id", "skip").text.startswith("Skip for now")
    pages.click("skip", "root-signed-in")
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


def add_virtual_authenticator(chrome, internal: bool):
    from selenium.webdriver.common.virtual_authenticator import Protocol, Transport, VirtualAuthenticatorOptions
    options = VirtualAuthenticatorOptions()
    options.protocol = Protocol.CTAP2
    options.transport = Transport.INTERNAL if internal else Transport.USB
    options.has_resident_key = True
    options.has_user_verification = True
    options.is_user_verified = True
    options.is_user_consenting = True
    chrome.add_virtual_authenticator(options)


def assign(pages: Pages, kind: str):
    """From the security page: "Assign MFA device", then the kind ("app", "key", "hardware")."""
    pages.click("assign-mfa", "choose-type")
    pages.chrome.find_element("id", f"type-{kind}").click()
    pages.click("assign-next", f"add-{kind}")


def wait_for_path(pages: Pages, path: str, label: str):
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(pages.chrome, 15).until(lambda c: pages.path() == path)
    pages.shot(label)


@pytest.mark.parametrize("internal", [True, False], ids=["passkey-internal", "security-key-usb"])
def test_register_a_key_then_sign_in_with_it(pages, server, internal):
    iam = admin_iam(server)
    user = unique("keyuser")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    iam.put_user_policy(UserName=user, PolicyName="self", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice"],
                                               "Resource": "arn:aws:iam::*:user/${aws:username}"}]}))
    add_virtual_authenticator(pages.chrome, internal)
    sign_in(pages, user)
    assert pages.path() == "/console"
    pages.click("security-link", "security-page")
    assign(pages, "key")
    pages.fill("key-label", "laptop")
    pages.chrome.find_element("id", "add-security-key").click()
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(pages.chrome, 15).until(lambda c: "u2f/user/" in c.page_source)
    pages.shot("key-registered")
    devices = iam.list_mfa_devices(UserName=user)["MFADevices"]
    assert [d["SerialNumber"] for d in devices] == [f"arn:aws:iam::{ACCOUNT_ID}:u2f/user/{user}/laptop"]
    assert len(pages.chrome.get_credentials()) == 1
    pages.open("/console", "home-before-sign-out")
    pages.click("sign-out-button", "signed-out")
    sign_in(pages, user)
    assert pages.path() == "/console/mfa"
    pages.chrome.find_element("id", "use-security-key").click()
    wait_for_path(pages, "/console", "signed-in-with-key")
    assert pages.text("mfa-used") == "yes"
    # The counter moved on and the key was used once.
    assert len(iam.list_mfa_devices(UserName=user)["MFADevices"]) == 1


def test_a_lost_key_cannot_answer_and_the_page_says_so(pages, server):
    iam = admin_iam(server)
    user = unique("keyuser")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    iam.put_user_policy(UserName=user, PolicyName="self", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice"],
                                               "Resource": "arn:aws:iam::*:user/${aws:username}"}]}))
    add_virtual_authenticator(pages.chrome, internal=False)
    sign_in(pages, user)
    pages.click("security-link", "security-page")
    assign(pages, "key")
    pages.fill("key-label", "usb")
    pages.chrome.find_element("id", "add-security-key").click()
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(pages.chrome, 15).until(lambda c: "u2f/user/" in c.page_source)
    pages.open("/console", "home")
    pages.click("sign-out-button", "signed-out")
    # The authenticator loses its key: the browser has nothing to answer with, and the page says so.
    pages.chrome.remove_all_credentials()
    sign_in(pages, user)
    pages.chrome.find_element("id", "use-security-key").click()
    WebDriverWait(pages.chrome, 20).until(lambda c: c.find_element("id", "webauthn-message").is_displayed())
    pages.shot("refused")
    assert pages.path() == "/console/mfa"


def test_passkey_first_sign_in(pages, server):
    from mfa_helpers import admin_call
    from e2e_helpers import ADMIN_KEY_ID, ADMIN_SECRET
    iam = admin_iam(server)
    user = unique("passkey")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    iam.put_user_policy(UserName=user, PolicyName="self", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice"],
                                               "Resource": "arn:aws:iam::*:user/${aws:username}"}]}))
    add_virtual_authenticator(pages.chrome, internal=True)
    sign_in(pages, user)
    pages.click("security-link", "security-page")
    assign(pages, "key")
    pages.fill("key-label", "phone")
    pages.chrome.find_element("id", "add-security-key").click()
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(pages.chrome, 15).until(lambda c: "u2f/user/" in c.page_source)
    assert pages.chrome.get_credentials()[0].is_resident_credential is True
    pages.open("/console", "home")
    pages.click("sign-out-button", "signed-out")
    # Off by default: the sign-in page offers no passkey button.
    assert not pages.has("passkey-sign-in")
    resp = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings", {"PasskeySignIn": True})
    assert resp.status_code == 200, resp.text
    try:
        pages.chrome.get(pages.origin + "/console/signin")
        # Chromium offers passkeys through autofill (conditional mediation), and the virtual authenticator
        # consents at once; where that does not happen, the button does the same explicitly.
        from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException
        try:
            WebDriverWait(pages.chrome, 3).until(lambda c: pages.path() == "/console")
        except Exception:
            try:
                pages.chrome.find_element("id", "passkey-sign-in").click()
            except (NoSuchElementException, StaleElementReferenceException):
                pass
        wait_for_path(pages, "/console", "signed-in-with-passkey")
        assert pages.text("arn") == f"arn:aws:iam::{ACCOUNT_ID}:user/{user}"
        assert pages.text("mfa-used") == "yes"
    finally:
        admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings", {"PasskeySignIn": False})


SELF_SERVICE = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice", "iam:DeactivateMFADevice"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"],
     "Resource": "arn:aws:iam::*:mfa/*"},
]}


def test_enroll_an_authenticator_from_the_screenshot_then_remove_it_with_step_up(pages, server, tmp_path):
    import subprocess
    from urllib.parse import parse_qs, urlsplit
    iam = admin_iam(server)
    user = unique("totp")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    iam.put_user_policy(UserName=user, PolicyName="self", PolicyDocument=dumps(SELF_SERVICE))
    sign_in(pages, user)
    pages.click("security-link", "security-page")
    assign(pages, "app")
    pages.fill("device-name", unique("phone"))
    pages.click("add-authenticator-button", "qr-code")
    # Read the QR code the way a phone would: from the screen.
    shot = tmp_path / "qr.png"
    pages.chrome.find_element("id", "qr").screenshot(str(shot))
    uri = subprocess.run(["zbarimg", "--quiet", "--raw", str(shot)], capture_output=True, text=True,
                         check=True).stdout.strip()
    seed = parse_qs(urlsplit(uri).query)["secret"][0]
    assert uri.startswith("otpauth://totp/") and seed == pages.text("seed").replace(" ", "")
    wait_for_fresh_step()
    pages.fill("code1", code(seed, -1))
    pages.fill("code2", code(seed, 0))
    pages.click("enable", "device-added")
    assert "The device was added." in pages.chrome.page_source
    assert len(iam.list_mfa_devices(UserName=user)["MFADevices"]) == 1
    # This session proved no device, so removing one asks to confirm first: once, on its own page.
    assert not pages.chrome.find_elements("css selector", "#remove-0 input[name=code]")
    pages.click("remove-button-0", "confirm-first")
    assert pages.path().startswith("/console/verify?next=security&pending=")
    pages.fill("code", code(seed, 1))
    # The confirmation completes the removal that asked for it: no second click.
    pages.click("verify", "confirmed-and-removed")
    assert "The device was removed." in pages.chrome.page_source
    assert iam.list_mfa_devices(UserName=user)["MFADevices"] == []


def test_recovery_code_sign_in_in_the_browser(pages, server):
    iam = admin_iam(server)
    user = unique("recovery")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    serial, seed = create_device(iam, unique("rec-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    sign_in(pages, user)
    pages.fill("code", code(seed, 1))
    pages.click("verify", "signed-in-with-code")
    pages.click("security-link", "security-page")
    pages.click("generate-recovery-button", "recovery-codes")
    codes = [element.text for element in pages.chrome.find_elements("css selector", ".recovery-code")]
    assert len(codes) == 10
    # "Done" needs "I have saved these codes" first.
    pages.click("done", "not-yet-saved")
    assert pages.has("recovery-codes")
    pages.chrome.find_element("id", "saved").click()
    pages.click("done", "saved")
    # (This user may not list its devices: that refusal comes first, the notice after it.)
    assert "Your new recovery codes are in use. Any earlier codes no longer work." in pages.chrome.page_source
    pages.open("/console", "home")
    pages.click("sign-out-button", "signed-out")
    # A browser that never proved a device here (context-aware prompting would let this one through).
    pages.chrome.delete_cookie("rampart-device")
    sign_in(pages, user)
    pages.fill("recovery-code", codes[4])
    pages.click("use-recovery-code", "signed-in-with-recovery-code")
    assert pages.text("mfa-used") == "yes"
    pages.open("/console/security", "one-code-used")
    assert pages.text("recovery-remaining").startswith("9 of 10 codes left")


def test_grace_period_skip_then_blocked_in_the_browser(pages, server):
    import requests as http
    from e2e_helpers import ADMIN_KEY_ID, ADMIN_SECRET
    from mfa_helpers import admin_call
    iam = admin_iam(server)
    user = unique("grace")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings",
               {"RequireForConsoleUsers": True, "GracePeriodDays": 2})
    try:
        sign_in(pages, user)
        assert pages.path() == "/console/enroll"
        assert pages.chrome.find_element("id", "skip").text == "Skip for now — 2 days left"
        pages.click("skip", "skipped")
        assert pages.path() == "/console"
        pages.click("sign-out-button", "signed-out")
        http.post(server.endpoint + "/_rampart/clock", json={"offset_seconds": 3 * 86_400}, timeout=10)
        sign_in(pages, user)
        assert pages.has("grace-over") and not pages.has("skip")
        pages.click("setup", "must-set-up")
        assert pages.path() == "/console/security"
        assert "set up a device to continue" in pages.chrome.page_source
    finally:
        http.post(server.endpoint + "/_rampart/clock", json={"offset_seconds": 0}, timeout=10)
        admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings",
                   {"RequireForConsoleUsers": False, "GracePeriodDays": 35})


def test_an_assertion_made_for_another_origin_is_refused(pages, server, tmp_path):
    """A phishing relay: the victim's browser, on another origin under the same RP id, answers the
    challenge of the attacker's real sign-in. The server refuses it for its origin."""
    import json as jsonlib
    from console_helpers import ConsoleClient
    iam = admin_iam(server)
    user = unique("phished")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    iam.put_user_policy(UserName=user, PolicyName="self", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice"],
                                               "Resource": "arn:aws:iam::*:user/${aws:username}"}]}))
    add_virtual_authenticator(pages.chrome, internal=False)
    sign_in(pages, user)
    pages.click("security-link", "security-page")
    assign(pages, "key")
    pages.fill("key-label", "usb")
    pages.chrome.find_element("id", "add-security-key").click()
    from selenium.webdriver.support.ui import WebDriverWait
    WebDriverWait(pages.chrome, 15).until(lambda c: "u2f/user/" in c.page_source)
    # The attacker signs in with the stolen password and gets a real challenge.
    attacker = ConsoleClient(server.endpoint, client_ip="192.0.2.250")
    assert attacker.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
    status, options = attacker.post_json("/console/webauthn/authenticate/options", {})
    assert status == 200
    # The victim's browser answers it on the attacker's page: another origin (another port) under the
    # same RP id, which browsers allow.
    import subprocess
    import sys as system
    from e2e_helpers import free_port
    (tmp_path / "index.html").write_text("<!DOCTYPE html><title>totally the console</title>")
    evil_port = free_port()
    site = subprocess.Popen([system.executable, "-m", "http.server", str(evil_port), "--bind", "127.0.0.1",
                             "--directory", str(tmp_path)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    evil = f"http://localhost:{evil_port}"
    import time
    for _ in range(50):
        try:
            pages.chrome.get(evil + "/index.html")
            if "totally" in pages.chrome.title:
                break
        except Exception:
            pass
        time.sleep(0.1)
    script = """
        const done = arguments[arguments.length - 1];
        const options = arguments[0];
        const decode = (t) => Uint8Array.from(atob(t.replace(/-/g, '+').replace(/_/g, '/') + '==='.slice((t.length + 3) % 4)), c => c.charCodeAt(0));
        const encode = (b) => btoa(String.fromCharCode(...new Uint8Array(b))).replace(/\\+/g, '-').replace(/\\//g, '_').replace(/=+$/, '');
        navigator.credentials.get({publicKey: {challenge: decode(options.challenge), rpId: options.rpId,
            allowCredentials: options.allowCredentials.map(c => ({type: 'public-key', id: decode(c.id)})),
            userVerification: 'preferred'}})
          .then(a => done({id: a.id, clientDataJSON: encode(a.response.clientDataJSON),
                           authenticatorData: encode(a.response.authenticatorData),
                           signature: encode(a.response.signature), userHandle: null}))
          .catch(e => done({error: String(e)}));
    """
    try:
        relayed = pages.chrome.execute_async_script(script, options)
    finally:
        site.terminate()
    assert "error" not in relayed, relayed
    assert jsonlib.loads(__import__("base64").urlsafe_b64decode(relayed["clientDataJSON"] + "==="))["origin"] == evil
    status, body = attacker.post_json("/console/webauthn/authenticate", relayed)
    assert status == 400 and body["error"] == "The security key's response could not be verified.", body
    assert 'id="arn"' not in attacker.get("/console").text
