"""No secret reaches the audit trail. One broad flow makes every kind of secret Rampart handles —
passwords (CreateLoginProfile, UpdateLoginProfile, ChangePassword, console sign-in, a password typed in
the user name field), an access key's secret, temporary credentials (GetSessionToken, AssumeRole: secret
and session token), an outbound web identity token (GetWebIdentityToken), a virtual device's TOTP seed
and the codes sent to EnableMFADevice and GetSessionToken — then reads every event of every account straight from the database (after a lookup
has flushed the queue) and through LookupEvents, and finds none of them."""

from __future__ import annotations

import json

from console_helpers import ConsoleClient
from e2e_helpers import (
    ACCOUNT_ID, CHANGE_PASSWORD_POLICY, account_trust_doc, dumps, session_from_credentials, session_from_key,
    unique,
)
from mfa_helpers import code, create_device, wait_for_fresh_step
from trail_blocks import stored_trail
from trail_helpers import lookup_all, since


def test_no_secret_reaches_the_trail(iam, sts, connect, endpoint, data_dir, admin):
    start = since()
    secrets: list[str] = []   # long enough to search for as substrings
    codes: list[str] = []     # six digits: must not be any value of a record

    name = unique("trail-secret")
    first, second, third = "Secret-Passw0rd-One!", "Secret-Passw0rd-Two!", "Secret-Passw0rd-Three!"
    secrets += [first, second, third]
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn=CHANGE_PASSWORD_POLICY)
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.create_login_profile(UserName=name, Password=first)
    iam.update_login_profile(UserName=name, Password=second, PasswordResetRequired=False)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    secrets.append(key["SecretAccessKey"])
    own = session_from_key(key)
    connect(own, "iam").change_password(OldPassword=second, NewPassword=third)

    browser = ConsoleClient(endpoint)
    assert 'id="arn"' in browser.sign_in(ACCOUNT_ID, name, third).text
    ConsoleClient(endpoint).sign_in(ACCOUNT_ID, name, "Secret-Wrong-Passw0rd!")
    typed_in_name = "Secret-Typed-As-Name-0!"
    ConsoleClient(endpoint).sign_in(ACCOUNT_ID, typed_in_name, third)
    secrets += ["Secret-Wrong-Passw0rd!", typed_in_name]

    serial, seed = create_device(iam, unique("trail-secret-dev"))
    secrets.append(seed)
    wait_for_fresh_step()
    code1, code2 = code(seed, -1), code(seed, 0)
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1=code1, AuthenticationCode2=code2)
    token_code = code(seed, 1)
    codes += [code1, code2, token_code]
    temporary = connect(own, "sts").get_session_token(SerialNumber=serial, TokenCode=token_code)["Credentials"]
    secrets += [temporary["SecretAccessKey"], temporary["SessionToken"]]
    connect(session_from_credentials(temporary), "iam").get_user(UserName=name)
    # A refused code is recorded too, without the code.
    wrong = "000000" if code(seed, 2) != "000000" else "111111"
    try:
        connect(own, "sts").get_session_token(SerialNumber=serial, TokenCode=wrong)
    except Exception:  # noqa: BLE001 - refused, as it should be
        pass

    role = unique("trail-secret-role")
    arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(account_trust_doc()))["Role"]["Arn"]
    assumed = sts.assume_role(RoleArn=arn, RoleSessionName="secret-flow")["Credentials"]
    secrets += [assumed["SecretAccessKey"], assumed["SessionToken"]]
    connect(session_from_credentials(assumed), "sts").get_caller_identity()

    # An outbound web identity token is a bearer credential too.
    try:
        iam.enable_outbound_web_identity_federation()
    except iam.exceptions.FeatureEnabledException:
        pass
    token = sts.get_web_identity_token(Audience=["https://relying.example"], SigningAlgorithm="RS256")
    secrets += [token["WebIdentityToken"], token["WebIdentityToken"].rsplit(".", 1)[1]]

    # Through LookupEvents (which also flushes the queue of reads' events)...
    cloudtrail = connect(admin, "cloudtrail")
    events = lookup_all(cloudtrail, StartTime=start)
    names = {event["EventName"] for event in events}
    for expected in ("CreateLoginProfile", "UpdateLoginProfile", "ChangePassword", "CreateAccessKey",
                     "ConsoleLogin", "CreateVirtualMFADevice", "EnableMFADevice", "GetSessionToken", "AssumeRole",
                     "GetWebIdentityToken"):
        assert expected in names, (expected, sorted(names))
    bodies = [event["CloudTrailEvent"] for event in events]

    # ...and every event of every account, straight from the database.
    # (Reads' events are kept as facts: their strings are searched.)
    trail = stored_trail(data_dir / "rampart.db")
    assert all(trail.holds(body) for body in bodies)
    assert trail.facts, "reads' events are kept as facts, and searched"

    for body in trail.texts():
        for secret in secrets:
            assert secret not in body, f"a secret ({secret[:4]}…) is in {body[:300]}"
    assert not trail.strings() & set(codes + [wrong]), "a code is stored"
    for body in bodies:
        lowered = body.lower()
        for field in ("password", "secretaccesskey", "sessiontoken", "base32stringseed", "qrcodepng",
                      "authenticationcode", "tokencode", "webidentitytoken"):
            assert f'"{field}"' not in lowered, (field, body[:300])
