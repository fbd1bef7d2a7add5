"""SetSecurityTokenServicePreferences: the account's choice of global endpoint token version, which
GetAccountSummary reports as GlobalEndpointTokenVersion (1 or 2). AWS's API reference: the member is
required and takes v1Token or v2Token; the call answers an empty result."""

from __future__ import annotations

import pytest

from e2e_helpers import aws_error, dumps, make_session


@pytest.fixture
def restore_token_version(iam):
    yield
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v1Token")


def token_version(iam) -> int:
    return iam.get_account_summary()["SummaryMap"]["GlobalEndpointTokenVersion"]


def test_version_is_reflected_in_the_account_summary(iam, restore_token_version):
    assert token_version(iam) == 1, "version 1 until the account chooses"
    reply = iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v2Token")
    assert set(reply) == {"ResponseMetadata"}
    assert token_version(iam) == 2
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v2Token")  # idempotent
    assert token_version(iam) == 2
    iam.set_security_token_service_preferences(GlobalEndpointTokenVersion="v1Token")
    assert token_version(iam) == 1


def test_only_the_model_values(iam):
    for bad in ("v3Token", "V2TOKEN", ""):
        with aws_error("ValidationError", 400, "Member must satisfy enum value set: [v1Token, v2Token]"):
            iam.set_security_token_service_preferences(GlobalEndpointTokenVersion=bad)
    assert token_version(iam) == 1


def test_needs_permission(iam, make_user, connect, restore_token_version):
    _, session = make_user(policy_arns=())
    with aws_error("AccessDenied", 403, "iam:SetSecurityTokenServicePreferences"):
        connect(session, "iam").set_security_token_service_preferences(GlobalEndpointTokenVersion="v2Token")
    assert token_version(iam) == 1


def test_cli(aws, iam, restore_token_version):
    assert aws("iam", "set-security-token-service-preferences", "--global-endpoint-token-version", "v2Token") is None
    assert aws("iam", "get-account-summary")["SummaryMap"]["GlobalEndpointTokenVersion"] == 2
