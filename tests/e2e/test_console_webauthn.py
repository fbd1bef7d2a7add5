"""Passkeys and security keys at the HTTP level, attacked: a software authenticator (ES256, none
attestation) registers and signs in, then replays, lies about its origin, signs with another key,
winds its counter back, claims crossOrigin, reuses a challenge from another sign-in, registers one
credential twice, and goes past the limit of eight devices. Each attempt must fail cleanly."""

from __future__ import annotations

import itertools

import pytest
from cryptography.hazmat.primitives.asymmetric import ec

from console_helpers import console_fixtures, ConsoleClient, admin_iam, start_console_server
from e2e_helpers import ACCOUNT_ID, dumps, unique
from soft_authenticator import SoftAuthenticator

PASSWORD = "Correct-Horse-9-Battery"
_addresses = itertools.count(1)
server, iam = console_fixtures("console-webauthn")
SELF = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice"],
    "Resource": "arn:aws:iam::*:user/${aws:username}"}]}


@pytest.fixture
def origin(server):
    return f"http://localhost:{server.port}"


def new_client(server) -> ConsoleClient:
    return ConsoleClient(server.endpoint, client_ip=f"198.51.100.{next(_addresses)}")


def make_user(iam, policy=SELF) -> str:
    name = unique("wa")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password=PASSWORD)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="self", PolicyDocument=dumps(policy))
    return name


def register(client: ConsoleClient, key: SoftAuthenticator, label: str, **lies) -> tuple[int, dict]:
    # The console's script sends the name with the options request: it is checked before the ceremony.
    status, options = client.post_json("/console/webauthn/register/options", {"label": label})
    assert status == 200, options
    assert options["rp"]["id"] == "localhost"
    return client.post_json("/console/webauthn/register", key.register(options, label, **lies))


def enrolled_user(server, iam, origin) -> tuple[str, SoftAuthenticator]:
    user = make_user(iam)
    key = SoftAuthenticator("localhost", origin)
    client = new_client(server)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    status, body = register(client, key, "key1")
    # The security page then says the key was added.
    assert status == 200 and body == {"redirect": "/console/security?notice=key-added"}, body
    return user, key


def second_step(server, user) -> ConsoleClient:
    client = new_client(server)
    reply = client.sign_in(ACCOUNT_ID, user, PASSWORD)
    assert reply.url.endswith("/console/mfa") and 'id="use-security-key"' in reply.text
    return client


def authenticate(client, authenticator, **lies) -> tuple[int, dict]:
    status, options = client.post_json("/console/webauthn/authenticate/options", {})
    assert status == 200, options
    return client.post_json("/console/webauthn/authenticate", authenticator.assertion(options, **lies))


def test_register_and_sign_in(server, iam, origin):
    user, key = enrolled_user(server, iam, origin)
    [device] = iam.list_mfa_devices(UserName=user)["MFADevices"]
    assert device["SerialNumber"] == f"arn:aws:iam::{ACCOUNT_ID}:u2f/user/{user}/key1"
    client = second_step(server, user)
    status, body = authenticate(client, key)
    assert status == 200 and body == {"redirect": "/console"}, body
    assert 'id="mfa-used">yes<' in client.get("/console").text
    # The user cannot be deleted while the key is in use; deactivating it removes it.
    with pytest.raises(iam.exceptions.DeleteConflictException):
        iam.delete_user(UserName=user)
    iam.deactivate_mfa_device(UserName=user, SerialNumber=device["SerialNumber"])
    assert iam.list_mfa_devices(UserName=user)["MFADevices"] == []


def test_a_replayed_assertion_is_refused(server, iam, origin):
    user, key = enrolled_user(server, iam, origin)
    first = second_step(server, user)
    status, options = first.post_json("/console/webauthn/authenticate/options", {})
    response = key.assertion(options)
    assert first.post_json("/console/webauthn/authenticate", response)[0] == 200
    # The same response again, in the same browser or another sign-in: the challenge is gone.
    again = second_step(server, user)
    again.post_json("/console/webauthn/authenticate/options", {})
    status, body = again.post_json("/console/webauthn/authenticate", response)
    assert status == 400 and "expired or was already used" in body["error"]


def test_a_challenge_from_another_sign_in_is_refused(server, iam, origin):
    user, key = enrolled_user(server, iam, origin)
    victim = second_step(server, user)
    _, victim_options = victim.post_json("/console/webauthn/authenticate/options", {})
    attacker = second_step(server, user)
    attacker.post_json("/console/webauthn/authenticate/options", {})
    status, body = attacker.post_json("/console/webauthn/authenticate", key.assertion(victim_options))
    assert status == 400 and "expired or was already used" in body["error"]


@pytest.mark.parametrize("lie", ["origin", "key", "rp_id", "cross_origin"])
def test_lies_are_refused(server, iam, origin, lie):
    user, key = enrolled_user(server, iam, origin)
    client = second_step(server, user)
    lies = {"origin": {"origin": "http://localhost:1"}, "key": {"key": ec.generate_private_key(ec.SECP256R1())},
            "rp_id": {"rp_id": "evil.example"}, "cross_origin": {"cross_origin": True}}[lie]
    status, body = authenticate(client, key, **lies)
    assert status == 400 and body["error"] == "The security key's response could not be verified.", body
    assert 'id="arn"' not in client.get("/console").text


def test_a_counter_that_goes_backwards_is_a_clone(server, iam, origin):
    user, key = enrolled_user(server, iam, origin)
    assert authenticate(second_step(server, user), key, counter=10)[0] == 200
    status, body = authenticate(second_step(server, user), key, counter=7)
    assert status == 400 and "may be cloned" in body["error"]
    assert authenticate(second_step(server, user), key, counter=11)[0] == 200


def test_registration_attacks(server, iam, origin):
    user = make_user(iam)
    client = new_client(server)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    key = SoftAuthenticator("localhost", origin)
    status, body = register(client, key, "k", origin="https://evil.example")
    assert status == 400 and body["error"] == "The security key's response could not be verified."
    status, body = register(client, key, "k", cross_origin=True)
    assert status == 400
    assert register(client, key, "k")[0] == 200
    # One credential id, registered once on the whole server (here by another user).
    other = make_user(iam)
    thief = new_client(server)
    thief.sign_in(ACCOUNT_ID, other, PASSWORD)
    assert "rampart-session" in thief.cookies
    status, body = register(thief, key, "stolen")
    assert status == 400 and body["error"] == "This security key is already registered."
    # Without the CSRF header, or with another site's, nothing happens.
    status, body = client.post_json("/console/webauthn/register/options", {}, csrf="")
    assert status == 403


def test_eight_devices_at_most(server, iam, origin):
    user = make_user(iam)
    client = new_client(server)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    keys = [SoftAuthenticator("localhost", origin) for _ in range(9)]
    status, body = register(client, keys[0], "k0")
    assert status == 200
    # From now on each change needs a fresh second factor: prove the first key by signing in with it.
    client = second_step(server, user)
    assert authenticate(client, keys[0])[0] == 200
    for index in range(1, 8):
        status, body = register(client, keys[index], f"k{index}")
        assert status == 200, (index, body)
    assert len(iam.list_mfa_devices(UserName=user)["MFADevices"]) == 8
    status, body = register(client, keys[8], "k8")
    assert status == 400 and body["error"] == "You already have 8 MFA devices, the most allowed."
    assert iam.get_account_summary()["SummaryMap"]["MFADevicesInUse"] >= 8


def test_registration_follows_the_principals_policies(server, iam, origin):
    user = make_user(iam, policy=None)
    client = new_client(server)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    status, body = client.post_json("/console/webauthn/register/options", {"label": "key"})
    assert status == 403 and "iam:EnableMFADevice" in body["error"]


def test_passkey_first_sign_in_over_http(server, iam, origin):
    from e2e_helpers import ADMIN_KEY_ID, ADMIN_SECRET
    from mfa_helpers import admin_call
    user, key = enrolled_user(server, iam, origin)

    def attempt(**lies):
        client = new_client(server)
        client.get("/console/signin")
        status, options = client.post_json("/console/webauthn/passkey/options", {})
        assert status == 200 and options["allowCredentials"] == [] and options["userVerification"] == "required"
        return client, client.post_json("/console/webauthn/passkey", key.assertion(options, **lies))

    _, (status, body) = attempt()
    assert status == 400 and body["error"] == "Signing in with a passkey alone is not enabled for this account."
    assert admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings",
                      {"PasskeySignIn": True}).status_code == 200
    try:
        client, (status, body) = attempt()
        assert status == 200 and body == {"redirect": "/console"}, body
        home = client.get("/console").text
        assert f":user/{user}<" in home and 'id="mfa-used">yes<' in home
        # Without user verification a passkey is only one factor: refused.
        _, (status, body) = attempt(flags=0x01)
        assert status == 400 and body["error"] == "The security key's response could not be verified."
        # A key nobody registered.
        stranger = SoftAuthenticator("localhost", origin)
        client = new_client(server)
        client.get("/console/signin")
        _, options = client.post_json("/console/webauthn/passkey/options", {})
        status, body = client.post_json("/console/webauthn/passkey", stranger.assertion(options))
        assert status == 400 and body["error"] == "This security key is not registered for this user."
    finally:
        admin_call(server.endpoint, (ADMIN_KEY_ID, ADMIN_SECRET), "UpdateMFASettings", {"PasskeySignIn": False})
