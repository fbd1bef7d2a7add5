"""Account password policy: UpdateAccountPasswordPolicy GetAccountPasswordPolicy
DeleteAccountPasswordPolicy, and its enforcement on login profiles and ChangePassword."""

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_POLICY, CHANGE_PASSWORD_POLICY, STRONG_PASSWORD, STRONG_PASSWORD_2, aws_error,
)

pytestmark = pytest.mark.usefixtures("clean_password_policy")

BOOLEAN_FIELDS = ["RequireSymbols", "RequireNumbers", "RequireUppercaseCharacters",
                  "RequireLowercaseCharacters", "AllowUsersToChangePassword", "HardExpiry"]


def test_no_custom_policy_is_no_such_entity(iam):
    with aws_error("NoSuchEntity", 404) as err:
        iam.get_account_password_policy()
    assert ACCOUNT_ID in err.message
    with aws_error("NoSuchEntity", 404):
        iam.delete_account_password_policy()


def test_update_and_get_full_policy(iam):
    iam.update_account_password_policy(
        MinimumPasswordLength=12, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True, AllowUsersToChangePassword=True, MaxPasswordAge=90,
        PasswordReusePrevention=5, HardExpiry=True)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 12
    for field in BOOLEAN_FIELDS:
        assert policy[field] is True, field
    assert policy["MaxPasswordAge"] == 90
    assert policy["PasswordReusePrevention"] == 5
    assert policy["ExpirePasswords"] is True


def test_update_is_not_partial(iam):
    iam.update_account_password_policy(MinimumPasswordLength=20, RequireSymbols=True, MaxPasswordAge=30,
                                       PasswordReusePrevention=3, AllowUsersToChangePassword=True)
    # Omitted parameters go back to their defaults (UpdateAccountPasswordPolicy docs:
    # "This operation does not support partial updates").
    iam.update_account_password_policy(RequireNumbers=True)
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 6
    assert policy["RequireNumbers"] is True
    for field in BOOLEAN_FIELDS:
        if field != "RequireNumbers":
            assert policy[field] is False, field
    assert policy["ExpirePasswords"] is False
    assert policy.get("MaxPasswordAge", 0) == 0
    assert policy.get("PasswordReusePrevention", 0) == 0


def test_empty_update_creates_the_default_custom_policy(iam):
    iam.update_account_password_policy()
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 6
    assert all(policy[field] is False for field in BOOLEAN_FIELDS)
    assert policy["ExpirePasswords"] is False


def test_delete_policy(iam):
    iam.update_account_password_policy(MinimumPasswordLength=10)
    iam.delete_account_password_policy()
    with aws_error("NoSuchEntity", 404):
        iam.get_account_password_policy()


@pytest.mark.parametrize("field,bad,good", [
    ("MinimumPasswordLength", 5, 6),
    ("MinimumPasswordLength", 129, 128),
    ("MaxPasswordAge", 0, 1),
    ("MaxPasswordAge", 1096, 1095),
    ("PasswordReusePrevention", 0, 1),
    ("PasswordReusePrevention", 25, 24),
])
def test_policy_ranges(iam, field, bad, good):
    with aws_error("ValidationError", 400):
        iam.update_account_password_policy(**{field: bad})
    with aws_error("NoSuchEntity", 404):
        iam.get_account_password_policy()
    iam.update_account_password_policy(**{field: good})
    assert iam.get_account_password_policy()["PasswordPolicy"][field] == good


def test_expire_passwords_follows_max_age(iam):
    iam.update_account_password_policy(MaxPasswordAge=1)
    assert iam.get_account_password_policy()["PasswordPolicy"]["ExpirePasswords"] is True
    iam.update_account_password_policy(MinimumPasswordLength=8)
    assert iam.get_account_password_policy()["PasswordPolicy"]["ExpirePasswords"] is False


STRICT = dict(MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True,
              RequireUppercaseCharacters=True, RequireLowercaseCharacters=True)
COMPLIANT = "Compliant-Pass1"       # 15 characters, all four classes
VIOLATIONS = {
    "too-short": "Short-Pass1!",        # 12
    "no-symbol": "NoSymbolsHere123",
    "no-number": "No-Numbers-Here!",
    "no-uppercase": "no-uppercase-123",
    "no-lowercase": "NO-LOWERCASE-123",
}


@pytest.mark.parametrize("case", sorted(VIOLATIONS))
def test_policy_enforced_on_create_login_profile(iam, make_user, case):
    iam.update_account_password_policy(**STRICT)
    name, _ = make_user(with_key=False)
    with aws_error("PasswordPolicyViolation", 400):
        iam.create_login_profile(UserName=name, Password=VIOLATIONS[case])
    with aws_error("NoSuchEntity", 404):
        iam.get_login_profile(UserName=name)


def test_minimum_length_edge(iam, make_user):
    iam.update_account_password_policy(MinimumPasswordLength=14)
    name, _ = make_user(with_key=False)
    with aws_error("PasswordPolicyViolation", 400):
        iam.create_login_profile(UserName=name, Password="Abcdefghij12!")      # 13
    iam.create_login_profile(UserName=name, Password="Abcdefghij123!")         # 14


def test_policy_enforced_on_update_login_profile(iam, make_user):
    name, _ = make_user(with_key=False)
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)
    iam.update_account_password_policy(**STRICT)
    with aws_error("PasswordPolicyViolation", 400):
        iam.update_login_profile(UserName=name, Password=VIOLATIONS["too-short"])
    iam.update_login_profile(UserName=name, Password=COMPLIANT)


def test_policy_enforced_on_change_password(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)
    iam.update_account_password_policy(**STRICT)
    client = connect(session, "iam")
    with aws_error("PasswordPolicyViolation", 400):
        client.change_password(OldPassword=STRONG_PASSWORD, NewPassword=VIOLATIONS["no-symbol"])
    client.change_password(OldPassword=STRONG_PASSWORD, NewPassword=COMPLIANT)


def test_password_reuse_prevention(iam, make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    iam.update_account_password_policy(MinimumPasswordLength=8, PasswordReusePrevention=2)
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)
    client = connect(session, "iam")
    client.change_password(OldPassword=STRONG_PASSWORD, NewPassword=STRONG_PASSWORD_2)
    with aws_error("PasswordPolicyViolation", 400):
        client.change_password(OldPassword=STRONG_PASSWORD_2, NewPassword=STRONG_PASSWORD)


def test_allow_users_to_change_password_grants_change_password(iam, make_user, connect):
    # AllowUsersToChangePassword grants iam:ChangePassword on the user's own password
    # without any policy (IAM User Guide, id_credentials_passwords_account-policy).
    name, session = make_user()
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)
    client = connect(session, "iam")
    with aws_error("AccessDenied", 403):
        client.change_password(OldPassword=STRONG_PASSWORD, NewPassword=STRONG_PASSWORD_2)
    iam.update_account_password_policy(AllowUsersToChangePassword=True)
    client.change_password(OldPassword=STRONG_PASSWORD, NewPassword=STRONG_PASSWORD_2)


def test_iam_user_change_password_policy_grants_change_password(iam, make_user, connect):
    name, session = make_user(policy_arns=[CHANGE_PASSWORD_POLICY])
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)
    connect(session, "iam").change_password(OldPassword=STRONG_PASSWORD, NewPassword=STRONG_PASSWORD_2)
