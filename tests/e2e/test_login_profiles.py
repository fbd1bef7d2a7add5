"""Console passwords: CreateLoginProfile GetLoginProfile UpdateLoginProfile DeleteLoginProfile ChangePassword.

Every test here runs without a custom password policy (fixture `clean_password_policy`), so
AWS's default password policy applies: 8 to 128 characters, at least three of uppercase,
lowercase, numbers and symbols.
"""

import datetime as dt

import pytest
from botocore.exceptions import ClientError

from e2e_helpers import (
    ADMIN_POLICY, STRONG_PASSWORD, STRONG_PASSWORD_2, STRONG_PASSWORD_3, aws_error, unique, utcnow,
)

pytestmark = pytest.mark.usefixtures("clean_password_policy")


def test_create_and_get_login_profile(iam, make_user):
    name, _ = make_user(with_key=False)
    with aws_error("NoSuchEntity", 404):
        iam.get_login_profile(UserName=name)
    before = utcnow() - dt.timedelta(seconds=60)
    profile = iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD,
                                       PasswordResetRequired=True)["LoginProfile"]
    assert profile["UserName"] == name
    assert profile["PasswordResetRequired"] is True
    assert before <= profile["CreateDate"] <= utcnow() + dt.timedelta(seconds=60)
    got = iam.get_login_profile(UserName=name)["LoginProfile"]
    assert got["UserName"] == name
    assert got["PasswordResetRequired"] is True
    assert got["CreateDate"] == profile["CreateDate"]


def test_password_reset_required_defaults_to_false(iam, make_user):
    name, _ = make_user(with_key=False)
    profile = iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)["LoginProfile"]
    assert profile.get("PasswordResetRequired", False) is False
    assert iam.get_login_profile(UserName=name)["LoginProfile"].get("PasswordResetRequired", False) is False


def test_second_login_profile_already_exists(iam, make_user):
    name, _ = make_user(with_key=False)
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)
    with aws_error("EntityAlreadyExists", 409):
        iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD_2)


def test_login_profile_for_unknown_user(iam):
    ghost = unique("ghost")
    with aws_error("NoSuchEntity", 404):
        iam.create_login_profile(UserName=ghost, Password=STRONG_PASSWORD)
    with aws_error("NoSuchEntity", 404):
        iam.get_login_profile(UserName=ghost)


def test_update_login_profile(iam, make_user):
    name, _ = make_user(with_key=False)
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD, PasswordResetRequired=True)
    iam.update_login_profile(UserName=name, PasswordResetRequired=False)
    assert iam.get_login_profile(UserName=name)["LoginProfile"]["PasswordResetRequired"] is False
    iam.update_login_profile(UserName=name, Password=STRONG_PASSWORD_2, PasswordResetRequired=True)
    assert iam.get_login_profile(UserName=name)["LoginProfile"]["PasswordResetRequired"] is True


def test_update_login_profile_without_profile(iam, make_user):
    name, _ = make_user(with_key=False)
    with aws_error("NoSuchEntity", 404):
        iam.update_login_profile(UserName=name, Password=STRONG_PASSWORD)
    with aws_error("NoSuchEntity", 404):
        iam.update_login_profile(UserName=unique("ghost"), Password=STRONG_PASSWORD)


def test_delete_login_profile(iam, make_user):
    name, _ = make_user(with_key=False)
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)
    iam.delete_login_profile(UserName=name)
    with aws_error("NoSuchEntity", 404):
        iam.get_login_profile(UserName=name)
    with aws_error("NoSuchEntity", 404):
        iam.delete_login_profile(UserName=name)
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD_2)


@pytest.mark.parametrize("weak", ["short1!", "alllowercaseletters", "ALLUPPER1234", "Ab1!"])
def test_default_password_policy_is_enforced(iam, make_user, weak):
    # Without a custom policy AWS applies its default policy (IAM User Guide,
    # id_credentials_passwords_account-policy: 8-128 characters, 3 of 4 character types).
    name, _ = make_user(with_key=False)
    with aws_error("PasswordPolicyViolation", 400):
        iam.create_login_profile(UserName=name, Password=weak)
    with aws_error("NoSuchEntity", 404):
        iam.get_login_profile(UserName=name)


def test_password_length_limits(iam, make_user):
    name, _ = make_user(with_key=False)
    with aws_error("ValidationError", 400):
        iam.create_login_profile(UserName=name, Password="Aa1!" + "x" * 125)
    longest = "Aa1!" + "x" * 124
    assert len(longest) == 128
    iam.create_login_profile(UserName=name, Password=longest)
    with aws_error("ValidationError", 400):
        iam.update_login_profile(UserName=name, Password="Aa1!" + "x" * 125)


def _password_user(make_user, iam):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    iam.create_login_profile(UserName=name, Password=STRONG_PASSWORD)
    return name, session


def test_change_password_with_own_credentials(iam, make_user, connect):
    name, session = _password_user(make_user, iam)
    client = connect(session, "iam")
    client.change_password(OldPassword=STRONG_PASSWORD, NewPassword=STRONG_PASSWORD_2)
    # The new password is now the current one.
    client.change_password(OldPassword=STRONG_PASSWORD_2, NewPassword=STRONG_PASSWORD_3)
    assert iam.get_login_profile(UserName=name)["LoginProfile"]["UserName"] == name


def test_change_password_with_wrong_old_password(iam, make_user, connect):
    name, session = _password_user(make_user, iam)
    client = connect(session, "iam")
    with pytest.raises(ClientError) as exc:
        client.change_password(OldPassword="Wr0ng-Passw0rd!", NewPassword=STRONG_PASSWORD_2)
    # AWS documents no dedicated error for a wrong old password; it is refused as a
    # permission/user error (the model lists InvalidUserType; clients report AccessDenied).
    error = exc.value.response["Error"]
    assert error["Code"] in {"AccessDenied", "InvalidUserType"}, error
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] in {400, 403}
    # The password did not change: the original one still works.
    client.change_password(OldPassword=STRONG_PASSWORD, NewPassword=STRONG_PASSWORD_2)


def test_change_password_new_password_must_follow_policy(iam, make_user, connect):
    name, session = _password_user(make_user, iam)
    client = connect(session, "iam")
    with aws_error("PasswordPolicyViolation", 400):
        client.change_password(OldPassword=STRONG_PASSWORD, NewPassword="weak")
    client.change_password(OldPassword=STRONG_PASSWORD, NewPassword=STRONG_PASSWORD_2)


def test_change_password_as_root_is_invalid_user_type(root_iam):
    # awscli docs (examples/iam/change-password.rst): called with root credentials,
    # change-password returns InvalidUserType.
    with aws_error("InvalidUserType", 400):
        root_iam.change_password(OldPassword="Root-Passw0rd!", NewPassword=STRONG_PASSWORD)


def test_change_password_without_login_profile_fails(make_user, connect):
    name, session = make_user(policy_arns=[ADMIN_POLICY])
    with pytest.raises(ClientError) as exc:
        connect(session, "iam").change_password(OldPassword=STRONG_PASSWORD, NewPassword=STRONG_PASSWORD_2)
    assert exc.value.response["ResponseMetadata"]["HTTPStatusCode"] in {400, 403, 404}
