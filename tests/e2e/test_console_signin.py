"""Console sign-in over plain HTTP: password, forced password change, TOTP second factor (codes from
pyotp), sessions that carry the MFA facts, sign-out, CSRF, cookie and header hardening, and the
throttles — as an attacker would probe them."""

from __future__ import annotations

import pytest

from console_helpers import client_fixture, console_fixtures, console_user, ConsoleClient, admin_iam, start_console_server
from e2e_helpers import ACCOUNT_ID, ROOT_EMAIL, ROOT_PASSWORD, unique
from mfa_helpers import code, create_device, enable, wait_for_fresh_step

PASSWORD = "Correct-Horse-9-Battery"
server, iam = console_fixtures("console")
client = client_fixture("198.51.100")


@pytest.fixture
def user(iam):
    return console_user(iam, "console", PASSWORD)


def signed_in_page(reply) -> bool:
    return reply.status == 200 and 'id="arn"' in reply.text


def test_iam_user_signs_in_with_password(client, user):
    reply = client.sign_in(ACCOUNT_ID, user, PASSWORD)
    assert signed_in_page(reply), reply.text
    assert f"arn:aws:iam::{ACCOUNT_ID}:user/{user}" in reply.text
    assert 'id="mfa-used">no<' in reply.text


def test_account_alias_works_in_place_of_the_id(client, user, iam):
    alias = unique("acct").lower()
    iam.create_account_alias(AccountAlias=alias)
    try:
        assert signed_in_page(client.sign_in(alias, user, PASSWORD))
    finally:
        iam.delete_account_alias(AccountAlias=alias)


def test_root_signs_in_with_email(client):
    # Root must have MFA: without a device it is asked to set one up, and may skip during the grace period.
    prompt = client.sign_in_root(ROOT_EMAIL.upper(), ROOT_PASSWORD)
    assert prompt.url.endswith("/console/enroll") and "Skip for now" in prompt.text, prompt.text
    reply = client.post("/console/enroll", {"action": "skip"})
    assert signed_in_page(reply), reply.text
    assert f"arn:aws:iam::{ACCOUNT_ID}:root" in reply.text


def test_errors_do_not_reveal_whether_a_user_exists(server, user):
    wrong = ConsoleClient(server.endpoint, "198.51.100.201").sign_in(ACCOUNT_ID, user, "not-the-password")
    ghost = ConsoleClient(server.endpoint, "198.51.100.202").sign_in(ACCOUNT_ID, unique("ghost"), PASSWORD)
    bad_account = ConsoleClient(server.endpoint, "198.51.100.203").sign_in("no-such-alias", user, PASSWORD)
    root = ConsoleClient(server.endpoint, "198.51.100.204").sign_in_root("nobody@example.com", PASSWORD)
    messages = {reply.message for reply in (wrong, ghost, bad_account, root)}
    assert messages == {"Your authentication information is incorrect. Please try again."}
    assert all(reply.status == 200 and 'id="arn"' not in reply.text for reply in (wrong, ghost, bad_account, root))


def test_cookies_and_headers_are_hardened(client, user):
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    set_cookies = [line for reply in client.history for line in reply.set_cookies]
    session = [line for line in set_cookies if line.startswith("rampart-session=")]
    assert session, set_cookies
    for line in set_cookies:
        assert "HttpOnly" in line and "SameSite=Strict" in line and "Path=/console" in line, line
        assert "Secure" in line, line  # the console's origin is http://localhost, a secure context
    page = client.get("/console")
    csp = page.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
    assert page.headers["X-Frame-Options"] == "DENY"
    assert page.headers["Cache-Control"] == "no-store"
    assert "<script>" not in page.text and "style=" not in page.text


def test_forms_without_the_csrf_token_are_refused(client, user):
    client.get("/console/signin")
    missing = client.post("/console/signin", {"kind": "iam", "account": ACCOUNT_ID, "username": user,
                                              "password": PASSWORD}, with_csrf=False)
    assert missing.status == 403
    forged = client.request("POST", "/console/signin", data={
        "kind": "iam", "account": ACCOUNT_ID, "username": user, "password": PASSWORD, "csrf": "A" * 43})
    assert forged.status == 403
    cross_site = client.post("/console/signin", {"kind": "iam", "account": ACCOUNT_ID, "username": user,
                                                 "password": PASSWORD}, headers={"Origin": "https://evil.example"})
    assert cross_site.status == 403
    assert "rampart-session" not in client.cookies


def test_sign_out_ends_the_session_for_good(client, user):
    assert signed_in_page(client.sign_in(ACCOUNT_ID, user, PASSWORD))
    stolen = dict(client.cookies)
    client.post("/console/signout", {})
    assert "rampart-session" not in client.cookies
    replay = ConsoleClient(client.endpoint, client.client_ip)
    replay.cookies = stolen
    reply = replay.get("/console")
    assert reply.url.endswith("/console/signin?expired=session") and not signed_in_page(reply)


def test_a_made_up_session_cookie_is_worthless(client):
    client.cookies["rampart-session"] = "x" * 43
    # A cookie that names no live session is treated as one that ended.
    assert client.get("/console").url.endswith("/console/signin?expired=session")


def test_totp_second_factor(client, user, iam):
    serial, seed = create_device(iam, unique("console-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    first = client.sign_in(ACCOUNT_ID, user, PASSWORD)
    assert first.url.endswith("/console/mfa") and 'id="code"' in first.text
    wrong = client.post("/console/mfa", {"code": "000000" if code(seed, 1) != "000000" else "111111"})
    assert wrong.message == "The code is not valid. Enter the current code from your authenticator."
    good = code(seed, 1)
    reply = client.post("/console/mfa", {"code": good})
    assert signed_in_page(reply), reply.text
    assert 'id="mfa-used">yes<' in reply.text
    # The same code again, in a fresh sign-in, is refused: each time step is accepted once.
    again = ConsoleClient(client.endpoint, client.client_ip)
    again.sign_in(ACCOUNT_ID, user, PASSWORD)
    replayed = again.post("/console/mfa", {"code": good})
    assert not signed_in_page(replayed) and replayed.message.startswith("The code is not valid")


def test_the_mfa_step_needs_its_own_flow(client, user, iam):
    serial, seed = create_device(iam, unique("console-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    # No password step: no flow cookie, so the code page sends the browser back to sign in.
    assert client.get("/console/mfa").url.endswith("/console/signin")
    reply = client.post("/console/mfa", {"code": code(seed, 1)})
    assert reply.url.endswith("/console/signin") and not signed_in_page(reply)


def test_forced_password_change(client, user, iam):
    iam.update_login_profile(UserName=user, PasswordResetRequired=True)
    first = client.sign_in(ACCOUNT_ID, user, PASSWORD)
    assert first.url.endswith("/console/password")
    mismatch = client.post("/console/password", {"old": PASSWORD, "new": "Another-Passw0rd!", "confirm": "nope"})
    assert mismatch.message == "The new passwords do not match."
    weak = client.post("/console/password", {"old": PASSWORD, "new": "a", "confirm": "a"})
    assert "password policy" in weak.message
    done = client.post("/console/password", {"old": PASSWORD, "new": "Another-Passw0rd!",
                                             "confirm": "Another-Passw0rd!"})
    assert signed_in_page(done), done.text
    assert iam.get_login_profile(UserName=user)["LoginProfile"].get("PasswordResetRequired") is False
    assert not signed_in_page(ConsoleClient(client.endpoint, "198.51.100.250").sign_in(ACCOUNT_ID, user, PASSWORD))


def test_password_guessing_locks_the_principal_not_others(server, user):
    # Five wrong passwords from five addresses: the principal's own counter locks it.
    for index in range(5):
        ConsoleClient(server.endpoint, f"203.0.113.{index + 1}").sign_in(ACCOUNT_ID, user, "wrong-password")
    locked = ConsoleClient(server.endpoint, "203.0.113.50").sign_in(ACCOUNT_ID, user, PASSWORD)
    # The first lockout lasts a minute, and the page says so.
    assert locked.message == "Too many failed attempts. Sign-in is locked for 1 minute; try again after that."
    assert not signed_in_page(locked)


def test_one_address_guessing_across_users_is_stopped(server, iam):
    names = []
    for _ in range(2):
        name = unique("console")
        iam.create_user(UserName=name)
        iam.create_login_profile(UserName=name, Password=PASSWORD)
        names.append(name)
    attacker = ConsoleClient(server.endpoint, "203.0.113.99")
    for index in range(20):
        attacker.sign_in(ACCOUNT_ID, unique(f"guess{index}"), "wrong-password")
    blocked = attacker.sign_in(ACCOUNT_ID, names[0], PASSWORD)
    assert blocked.message == "Too many failed attempts. Sign-in is locked for 1 minute; try again after that."
    # Another address is not affected.
    assert signed_in_page(ConsoleClient(server.endpoint, "203.0.113.100").sign_in(ACCOUNT_ID, names[1], PASSWORD))


def test_an_administrator_lifts_lockouts(server, user):
    from e2e_helpers import ADMIN_KEY_ID, ADMIN_SECRET, run_rampart
    from mfa_helpers import admin_call
    for index in range(5):
        ConsoleClient(server.endpoint, f"203.0.114.{index + 1}").sign_in(ACCOUNT_ID, user, "wrong-password")
    assert ConsoleClient(server.endpoint, "203.0.114.50").sign_in(ACCOUNT_ID, user, PASSWORD).message.startswith(
        "Too many failed attempts")
    out = run_rampart("admin", "clear-sign-in-lockout", "--endpoint", server.endpoint, "--data", server.data_dir,
                      "--user-name", user).stdout
    assert f"Cleared the sign-in lockout of {user}" in out
    assert signed_in_page(ConsoleClient(server.endpoint, "203.0.114.51").sign_in(ACCOUNT_ID, user, PASSWORD))
    # An address's lockout, through the admin API.
    attacker = ConsoleClient(server.endpoint, "203.0.114.99")
    for index in range(20):
        attacker.sign_in(ACCOUNT_ID, unique(f"guess{index}"), "wrong-password")
    assert attacker.sign_in(ACCOUNT_ID, user, PASSWORD).message.startswith("Too many failed attempts")
    resp = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "ClearSignInLockout", {"SourceIp": "203.0.114.99"})
    assert resp.status_code == 200, resp.text
    assert signed_in_page(attacker.sign_in(ACCOUNT_ID, user, PASSWORD))
    missing = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "ClearSignInLockout", {"UserName": "nobody-x"})
    assert missing.status_code == 404 and "NoSuchEntity" in missing.text
