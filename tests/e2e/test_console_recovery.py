"""Recovery codes: ten single-use codes of 80 bits, shown once, kept only as keyed hashes (the
database file never holds one), usable in any order, replaced by a new set, every use shown, and
guessing them limited by the principal's MFA lockout."""

from __future__ import annotations

import itertools
import re

import pytest

from console_helpers import console_fixtures, ConsoleClient, admin_iam, start_console_server
from e2e_helpers import ACCOUNT_ID, unique
from mfa_helpers import code, create_device, enable, wait_for_fresh_step

PASSWORD = "Correct-Horse-9-Battery"
_addresses = itertools.count(1)
server, iam = console_fixtures("console-recovery")


def client_for(server) -> ConsoleClient:
    return ConsoleClient(server.endpoint, client_ip=f"198.51.100.{next(_addresses)}")


@pytest.fixture
def user_with_codes(server, iam):
    """A user with an authenticator, signed in with it, who has just generated recovery codes."""
    user = unique("rec")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    serial, seed = create_device(iam, unique("rec-dev"))
    wait_for_fresh_step()
    enable(iam, user, serial, seed)
    client = client_for(server)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    client.post("/console/mfa", {"code": code(seed, 1)})
    page = client.post("/console/security/recovery", {})
    codes = re.findall(r'class="recovery-code">([^<]+)<', page.text)
    return user, codes, client


def sign_in_to_code_page(server, user) -> ConsoleClient:
    client = client_for(server)
    page = client.sign_in(ACCOUNT_ID, user, PASSWORD)
    assert page.url.endswith("/console/mfa") and 'id="recovery-code"' in page.text
    return client


def test_codes_are_strong_and_shown_once(user_with_codes, server):
    user, codes, client = user_with_codes
    assert len(codes) == 10 and len(set(codes)) == 10
    for value in codes:
        assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", value), value  # 16 base32 characters = 80 bits
    page = client.get("/console/security")
    assert "10 of 10 codes left" in page.text
    assert not any(value in page.text for value in codes)
    if hasattr(server, "url"):  # a fleet: the records are in PostgreSQL
        from fleet import psql
        database = psql(server.url, "SELECT string_agg(encode(body, 'escape'), '') FROM records").encode()
        assert len(database) > 1000
    else:
        database = (server.data_dir / "rampart.db").read_bytes()
    for value in codes:
        assert value.encode() not in database and value.replace("-", "").encode() not in database


def test_each_code_signs_in_once_in_any_order(user_with_codes, server):
    user, codes, _ = user_with_codes
    third = codes[2]
    client = sign_in_to_code_page(server, user)
    reply = client.post("/console/mfa/recovery", {"recovery": third.lower().replace("-", " ")})
    assert 'id="mfa-used">yes<' in reply.text, reply.text
    security = client.get("/console/security")
    assert "9 of 10 codes left" in security.text and client.client_ip in security.text
    again = sign_in_to_code_page(server, user)
    refused = again.post("/console/mfa/recovery", {"recovery": third})
    assert refused.message == "That recovery code is not valid or was already used."
    assert 'id="mfa-used">yes<' in again.post("/console/mfa/recovery", {"recovery": codes[9]}).text


def test_a_new_set_replaces_the_old(user_with_codes, server):
    user, codes, client = user_with_codes
    fresh = re.findall(r'class="recovery-code">([^<]+)<', client.post("/console/security/recovery", {}).text)
    assert len(fresh) == 10 and not set(fresh) & set(codes)
    stale = sign_in_to_code_page(server, user).post("/console/mfa/recovery", {"recovery": codes[0]})
    assert stale.message == "That recovery code is not valid or was already used."
    assert 'id="mfa-used">yes<' in sign_in_to_code_page(server, user).post(
        "/console/mfa/recovery", {"recovery": fresh[0]}).text


def test_guessing_codes_locks_the_second_factor(user_with_codes, server):
    user, codes, _ = user_with_codes
    for index in range(5):
        sign_in_to_code_page(server, user).post("/console/mfa/recovery", {"recovery": f"AAAA-AAAA-AAAA-AAA{index + 2}"})
    locked = sign_in_to_code_page(server, user).post("/console/mfa/recovery", {"recovery": codes[1]})
    # The principal's first MFA lockout lasts a minute (LockoutRule.mfaCodes' base): the page says so.
    assert locked.message == "Too many failed attempts. Codes are refused for 1 minute; try again after that."
    assert 'id="arn"' not in locked.text
