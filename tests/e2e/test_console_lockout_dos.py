"""Lockouts as a denial of service, tried as an attacker would: wrong passwords (and, knowing the
password, wrong codes) from other addresses and from the owner's own address must not keep the owner
out of the browser it signed in from before, while guessing stays capped for everyone else."""

from __future__ import annotations

import time

import pytest
import requests

from console_helpers import ConsoleClient, console_fixtures, console_user
from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, unique
from mfa_helpers import admin_call, code, create_device, enable, wait_for_fresh_step

PASSWORD = "Correct-Horse-9-Battery"
LOCKED = "Too many failed attempts. Codes are refused for 1 minute; try again after that."


def signin_locked(message: str | None) -> bool:
    """The sign-in page's lockout, which says how long it lasts."""
    import re
    return bool(re.fullmatch(r"Too many failed attempts\. Sign-in is locked for \d+ (minutes?|hours); try again "
                             r"after that\.", message or ""))
server, iam = console_fixtures("lockout-dos")


def signed_in(reply) -> bool:
    return reply.status == 200 and 'id="arn"' in reply.text


@pytest.fixture
def user(iam):
    return console_user(iam, "owner", PASSWORD)


def set_clock(server, seconds: float) -> None:
    resp = requests.post(server.endpoint + "/_rampart/clock", json={"offset_seconds": seconds}, timeout=10)
    assert resp.status_code == 200


def sign_out(client: ConsoleClient) -> None:
    client.post("/console/signout", {})
    client.cookies.pop("rampart-session", None)


def test_wrong_passwords_from_strangers_do_not_lock_the_owners_browser(server, user):
    owner = ConsoleClient(server.endpoint, "192.0.2.10")
    assert signed_in(owner.sign_in(ACCOUNT_ID, user, PASSWORD))
    sign_out(owner)
    assert "rampart-device" in owner.cookies
    # Ten wrong passwords from another address, then 25 more from the owner's own address (a shared NAT).
    for _ in range(10):
        ConsoleClient(server.endpoint, "203.0.113.66").sign_in(ACCOUNT_ID, user, "guess-password")
    for _ in range(25):
        ConsoleClient(server.endpoint, "192.0.2.10").sign_in(ACCOUNT_ID, user, "guess-password")
    # Everyone without the owner's browser is locked out, the attacker with the right password included...
    assert signin_locked(ConsoleClient(server.endpoint, "203.0.113.67").sign_in(ACCOUNT_ID, user, PASSWORD).message)
    # ...but the owner, in the browser it signed in from, is judged by that browser's counter alone.
    assert signed_in(owner.sign_in(ACCOUNT_ID, user, PASSWORD))


def test_a_device_cookie_of_another_principal_earns_nothing(server, user, iam):
    other = console_user(iam, "other", PASSWORD)
    attacker = ConsoleClient(server.endpoint, "203.0.113.70")
    assert signed_in(attacker.sign_in(ACCOUNT_ID, other, PASSWORD))
    sign_out(attacker)
    # The attacker's browser is trusted for its own user, not for the owner: five guesses lock as before.
    for _ in range(5):
        attacker.sign_in(ACCOUNT_ID, user, "guess-password")
    assert signin_locked(attacker.sign_in(ACCOUNT_ID, user, PASSWORD).message)
    assert signin_locked(ConsoleClient(server.endpoint, "203.0.113.71").sign_in(ACCOUNT_ID, user, PASSWORD).message)


def test_wrong_codes_from_someone_with_the_password_do_not_lock_the_owners_browser(server, user, iam):
    # Every sign-in asks for a code, so the owner's second sign-in goes through the code check too.
    resp = admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings", {"Prompt": "EVERY_SIGN_IN"})
    assert resp.status_code == 200, resp.text
    serial, seed = create_device(iam, unique("owner-app"))
    wait_for_fresh_step(margin=20)
    enable(iam, user, serial, seed)  # steps -1 and 0 are used up
    # The server's clock two steps ahead, so that three more steps are free without waiting for them.
    set_clock(server, 60)
    try:
        server_now = time.time() + 60
        owner = ConsoleClient(server.endpoint, "192.0.2.20")
        assert owner.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
        assert signed_in(owner.post("/console/mfa", {"code": code(seed, -1, server_now)}))
        sign_out(owner)
        # The attacker knows the password and guesses codes until the principal's MFA lockout stops it.
        attacker = ConsoleClient(server.endpoint, "203.0.113.80")
        wrong = "000000" if code(seed, 0, server_now) != "000000" else "111111"
        replies = []
        for _ in range(6):
            attacker.sign_in(ACCOUNT_ID, user, PASSWORD)
            replies.append(attacker.post("/console/mfa", {"code": wrong}).message)
        assert replies[-1] == LOCKED, replies
        # The owner's browser still takes the owner's code...
        assert owner.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
        reply = owner.post("/console/mfa", {"code": code(seed, 0, server_now)})
        assert signed_in(reply), reply.message
        # ...while a fresh browser, even with the right code, meets the principal's lockout.
        fresh = ConsoleClient(server.endpoint, "192.0.2.20")
        assert fresh.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
        assert fresh.post("/console/mfa", {"code": code(seed, 1, server_now)}).message == LOCKED
    finally:
        set_clock(server, 0)
