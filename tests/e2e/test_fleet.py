"""Three instances on one PostgreSQL database (scripts/test's fleet pass, RAMPART_TEST_FLEET=3):
the limits and one-time uses hold when competing requests land on different instances at the same
moment, and a change made on one instance is in force on the others by the time it is acknowledged.

Each race sends two requests to two different instances directly (not through HAProxy), released
together by a barrier, 200 rounds each; exactly one may win every round.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import botocore.exceptions
import pytest

from e2e_helpers import ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, make_session, unique
from mfa_helpers import code, create_device, enable, wait_for_fresh_step

ROUNDS = 200
READ_SELF = '{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}'


@pytest.fixture(scope="module")
def instances(rampart_server):
    found = getattr(rampart_server, "instances", None)
    if not found:
        pytest.skip("runs against a fleet: RAMPART_TEST_FLEET=3 with RAMPART_TEST_POSTGRES_URL (scripts/test)")
    return found


def client(instance, service="iam", key=(ADMIN_KEY_ID, ADMIN_SECRET)):
    return make_session(*key).client(service, endpoint_url=instance.endpoint, config=BOTO_CONFIG)


def race(first, second):
    """Runs both calls at once; returns each one's error code, or None for success."""
    barrier = threading.Barrier(2)

    def run(call):
        barrier.wait()
        try:
            call()
            return None
        except botocore.exceptions.ClientError as error:
            return error.response["Error"]["Code"]

    with ThreadPoolExecutor(2) as pool:
        return [future.result() for future in [pool.submit(run, first), pool.submit(run, second)]]


def rounds(play):
    """Plays ROUNDS independent rounds, four at a time (each on users of its own); returns their results."""
    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(play, range(ROUNDS)))


def test_two_instances_racing_for_a_users_last_access_key_slot(instances):
    one, two = client(instances[0]), client(instances[1])

    def play(_):
        user = unique("race-key")
        one.create_user(UserName=user)
        one.create_access_key(UserName=user)
        outcome = race(lambda: one.create_access_key(UserName=user), lambda: two.create_access_key(UserName=user))
        keys = two.list_access_keys(UserName=user)["AccessKeyMetadata"]
        for key in keys:
            one.delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
        one.delete_user(UserName=user)
        return sorted(outcome, key=str), len(keys)

    assert rounds(play) == [(["LimitExceeded", None], 2)] * ROUNDS


def test_two_instances_racing_for_a_users_eighth_mfa_device(instances):
    """Each round's user holds seven devices; two instances enable an eighth at once."""
    one, two = client(instances[0]), client(instances[1])
    wait_for_fresh_step(margin=20)
    users = []
    for _ in range(4):
        user = unique("race-mfa")
        one.create_user(UserName=user)
        for _ in range(7):
            enable(one, user, *create_device(one, unique("dev")))
        users.append(user)
    free = list(users)
    lock = threading.Lock()

    def play(_):
        with lock:
            user = free.pop()
        try:
            (serial_a, seed_a), (serial_b, seed_b) = create_device(one, unique("a")), create_device(two, unique("b"))
            outcome = race(lambda: enable(one, user, serial_a, seed_a), lambda: enable(two, user, serial_b, seed_b))
            listed = {device["SerialNumber"] for device in two.list_mfa_devices(UserName=user)["MFADevices"]}
            # Back to seven: the winner's device goes, and the loser's, never assigned.
            for serial in (serial_a, serial_b):
                if serial in listed:
                    one.deactivate_mfa_device(UserName=user, SerialNumber=serial)
                one.delete_virtual_mfa_device(SerialNumber=serial)
            return sorted(outcome, key=str), len(listed)
        finally:
            with lock:
                free.append(user)

    assert rounds(play) == [(["LimitExceeded", None], 8)] * ROUNDS


def test_the_same_totp_code_is_accepted_once_across_instances(instances):
    """A user of its own each round (a refused code counts toward the user's MFA lockout). The users,
    their keys and devices are made first, eight at a time; a round enables its device and races."""
    admin = client(instances[0])

    def prepare(_):
        user = unique("race-totp")
        admin.create_user(UserName=user)
        key = admin.create_access_key(UserName=user)["AccessKey"]
        creds = (key["AccessKeyId"], key["SecretAccessKey"])
        return user, creds, create_device(admin, unique("totp"))

    with ThreadPoolExecutor(8) as pool:
        prepared = list(pool.map(prepare, range(ROUNDS)))

    def play(round_number):
        user, creds, (serial, seed) = prepared[round_number]
        one, two = client(instances[1], "sts", creds), client(instances[2], "sts", creds)
        wait_for_fresh_step(margin=5)
        enable(admin, user, serial, seed)  # the steps before and at now
        token = code(seed, 1)  # the next step: in the window, unused
        outcome = race(
            lambda: one.get_session_token(SerialNumber=serial, TokenCode=token, DurationSeconds=900),
            lambda: two.get_session_token(SerialNumber=serial, TokenCode=token, DurationSeconds=900))
        return sorted(outcome, key=str)

    assert rounds(play) == [["AccessDenied", None]] * ROUNDS


def test_a_change_on_one_instance_is_in_force_on_the_others_once_acknowledged(instances):
    """A deleted key, a deactivated key, a deleted user: refused by every other instance at once."""
    admin = [client(instance) for instance in instances]
    for round_number in range(20):
        user = unique("visible")
        admin[0].create_user(UserName=user)
        key = admin[0].create_access_key(UserName=user)["AccessKey"]
        admin[0].put_user_policy(UserName=user, PolicyName="read", PolicyDocument=READ_SELF)
        creds = (key["AccessKeyId"], key["SecretAccessKey"])
        # Created on the first: usable on the others at once.
        for instance in instances[1:]:
            assert client(instance, "iam", creds).get_user()["User"]["UserName"] == user
        if round_number % 2:
            admin[1].update_access_key(UserName=user, AccessKeyId=key["AccessKeyId"], Status="Inactive")
        else:
            admin[1].delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
        for instance in (instances[0], instances[2]):
            with pytest.raises(botocore.exceptions.ClientError) as refused:
                client(instance, "iam", creds).get_user()
            assert refused.value.response["Error"]["Code"] == "InvalidClientTokenId"
        admin[2].delete_user_policy(UserName=user, PolicyName="read")
        if round_number % 2:
            admin[2].delete_access_key(UserName=user, AccessKeyId=key["AccessKeyId"])
        admin[2].delete_user(UserName=user)
        for instance in instances[:2]:
            with pytest.raises(botocore.exceptions.ClientError) as gone:
                client(instance).get_user(UserName=user)
            assert gone.value.response["Error"]["Code"] == "NoSuchEntity"


def test_instances_follow_the_change_log_within_the_stated_bound(instances):
    """Visibility of a write on another instance, measured without the writer's wait: the write goes
    through the database by hand (psql would be another client); here, a CreateUser on one instance
    and a poll on another, whose first success is at most the follow delay after acknowledgement."""
    one, two = client(instances[0]), client(instances[1])
    delays = []
    for _ in range(30):
        user = unique("follow")
        one.create_user(UserName=user)
        acknowledged = time.monotonic()
        while True:
            try:
                two.get_user(UserName=user)
                break
            except two.exceptions.NoSuchEntityException:
                assert time.monotonic() - acknowledged < 1.0, "not visible on another instance within a second"
        delays.append(time.monotonic() - acknowledged)
        one.delete_user(UserName=user)
    delays.sort()
    # The first poll already sees it: acknowledged writes are applied everywhere (p99 is the poll's own time).
    assert delays[int(len(delays) * 0.99) - 1] < 0.05, delays


USERS = 50  # each plays ROUNDS / USERS rounds one after another: fewer than the 5 failures that lock MFA
PASSWORD = "Correct-Horse-9-Battery"
_addresses = iter(range(1, 1_000_000))


def console(instance, cookies=None, address=None):
    """A browser's session on one instance (cookies copied from another's to continue its sign-in)."""
    from console_helpers import ConsoleClient

    ip = address or f"10.{(n := next(_addresses)) // 65536 % 256}.{n // 256 % 256}.{n % 256}"
    browser = ConsoleClient(instance.endpoint, client_ip=ip)
    browser.cookies = dict(cookies or {})
    return browser


def console_users(admin, prepare):
    """USERS users with a console password, each prepared by `prepare(name)`, four at a time."""
    def make(_):
        name = unique("race-console")
        admin.create_user(UserName=name)
        admin.create_login_profile(UserName=name, Password=PASSWORD)
        return name, prepare(name)

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(make, range(USERS)))


def test_the_same_recovery_code_signs_in_once_across_instances(instances):
    """Two sign-ins of one user, at their MFA step on two instances, send the same recovery code at
    once: exactly one gets in."""
    import re

    from e2e_helpers import ACCOUNT_ID

    admin = client(instances[0])

    def with_codes(user):
        serial, seed = create_device(admin, unique("race-rec"))
        wait_for_fresh_step(margin=5)
        enable(admin, user, serial, seed)
        browser = console(instances[0])
        browser.sign_in(ACCOUNT_ID, user, PASSWORD)
        assert 'id="mfa-used">yes<' in browser.post("/console/mfa", {"code": code(seed, 1)}).text
        codes = re.findall(r'class="recovery-code">([^<]+)<', browser.post("/console/security/recovery", {}).text)
        assert len(codes) == 10
        return codes

    users = console_users(admin, with_codes)

    def play(round_number):
        user, codes = users[round_number % USERS]
        recovery = codes[round_number // USERS]
        one, two = console(instances[1]), console(instances[2])
        for browser in (one, two):
            assert browser.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
        outcome = race(lambda: one.post("/console/mfa/recovery", {"recovery": recovery}),
                       lambda: two.post("/console/mfa/recovery", {"recovery": recovery}))
        assert outcome == [None, None]  # neither raised; who got in is in the pages
        got_in = ['id="mfa-used">yes<' in browser.history[-1].text for browser in (one, two)]
        refused = [browser.history[-1].message == "That recovery code is not valid or was already used."
                   for browser in (one, two)]
        if sorted(got_in) != [False, True] or sorted(refused) != [False, True]:
            # What each browser saw and what the two instances last complained of, so a failure says
            # which page the odd one ended on and why.
            logged = [[line for line in instance.output().splitlines()
                       if any(level in line for level in (" error ", " warning ", " critical "))][-4:]
                      for instance in instances[1:3]]
            return [[(r.status, r.url, r.message) for r in b.history[-3:]] for b in (one, two)], logged
        return sorted(got_in), sorted(refused)

    assert rounds(play) == [([False, True], [False, True])] * ROUNDS


def test_one_webauthn_challenge_is_answered_once_across_instances(instances, rampart_server):
    """One sign-in's passkey assertion sent to two instances at once (the browser's cookies on
    both): exactly one is accepted, the other finds the challenge used."""
    from e2e_helpers import ACCOUNT_ID, dumps
    from soft_authenticator import SoftAuthenticator

    admin = client(instances[0])
    origin = f"http://localhost:{rampart_server.port}"
    policy = {"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice"],
        "Resource": "arn:aws:iam::*:user/${aws:username}"}]}

    def with_key(user):
        admin.put_user_policy(UserName=user, PolicyName="self", PolicyDocument=dumps(policy))
        key = SoftAuthenticator("localhost", origin)
        browser = console(instances[0])
        browser.sign_in(ACCOUNT_ID, user, PASSWORD)
        status, options = browser.post_json("/console/webauthn/register/options", {"label": "key1"})
        assert status == 200, options
        status, body = browser.post_json("/console/webauthn/register", key.register(options, "key1"))
        assert status == 200, body
        return key

    users = console_users(admin, with_key)

    def play(round_number):
        user, key = users[round_number % USERS]
        first = console(instances[1])
        assert first.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
        status, options = first.post_json("/console/webauthn/authenticate/options", {})
        assert status == 200, options
        second = console(instances[2], cookies=first.cookies, address=first.client_ip)
        assertion = key.assertion(options)
        statuses = [None, None]

        def send(index, browser):
            statuses[index] = browser.post_json("/console/webauthn/authenticate", assertion)

        outcome = race(lambda: send(0, first), lambda: send(1, second))
        assert outcome == [None, None]
        return sorted(status for status, _ in statuses)

    assert rounds(play) == [[200, 400]] * ROUNDS
