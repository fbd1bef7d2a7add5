"""Organizations: quotas at their edges through the API (1,000 OUs, 1,000 policies of a type, 20
invitations a day), the all-features move through handshakes, and inputs the model refuses."""

from __future__ import annotations

import json
import time

from e2e_helpers import aws_error, unique
from org_helpers import Org, organization_fixture, root_id

org = organization_fixture("org-limits")


def test_a_thousand_organizational_units(org: Org):
    client = org.organizations
    root = root_id(org)
    existing = len(client.get_paginator("list_organizational_units_for_parent").paginate(ParentId=root)
                   .build_full_result()["OrganizationalUnits"])
    for index in range(1000 - existing):
        client.create_organizational_unit(ParentId=root, Name=f"ou-{index}")
    with aws_error("ConstraintViolationException", 400) as err:
        client.create_organizational_unit(ParentId=root, Name="one-too-many")
    assert err.response["Reason"] == "OU_NUMBER_LIMIT_EXCEEDED"


def test_a_thousand_policies_of_a_type(org: Org):
    client = org.organizations
    content = json.dumps({"Version": "2012-10-17",
                          "Statement": [{"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}]})
    for index in range(1000):
        client.create_policy(Name=f"p{index}", Description="", Type="SERVICE_CONTROL_POLICY", Content=content)
    with aws_error("ConstraintViolationException", 400) as err:
        client.create_policy(Name="p1000", Description="", Type="SERVICE_CONTROL_POLICY", Content=content)
    assert err.response["Reason"] == "POLICY_NUMBER_LIMIT_EXCEEDED"
    # Another type has its own count.
    client.create_policy(Name="rcp", Description="", Type="RESOURCE_CONTROL_POLICY", Content=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Principal": "*", "Action": "sts:AssumeRole",
                                                 "Resource": "*", "Condition": {"Bool": {"aws:SecureTransport": "false"}}}]}))


def test_twenty_invitations_a_day(org: Org):
    client = org.organizations
    sent = len(client.list_handshakes_for_organization(Filter={"ActionType": "INVITE"})["Handshakes"])
    for _ in range(20 - sent):
        account, _ = org.standalone_account()
        client.invite_account_to_organization(Target={"Id": account, "Type": "ACCOUNT"})
    account, _ = org.standalone_account()
    with aws_error("HandshakeConstraintViolationException", 400) as err:
        client.invite_account_to_organization(Target={"Id": account, "Type": "ACCOUNT"})
    assert err.response["Reason"] == "HANDSHAKE_RATE_LIMIT_EXCEEDED"


def test_moving_to_all_features(org: Org):
    _, management = org.standalone_account()
    client = org.client(management, "organizations")
    client.create_organization(FeatureSet="CONSOLIDATED_BILLING")
    root = client.list_roots()["Roots"][0]["Id"]
    with aws_error("PolicyTypeNotAvailableForOrganizationException", 400):
        client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    member, member_root = org.standalone_account()
    invited = client.invite_account_to_organization(Target={"Id": member, "Type": "ACCOUNT"})["Handshake"]["Id"]
    member_client = org.client(member_root, "organizations")
    member_client.accept_handshake(HandshakeId=invited)
    parent = client.enable_all_features()["Handshake"]
    assert parent["Action"] == "ENABLE_ALL_FEATURES"
    with aws_error("HandshakeConstraintViolationException", 400):
        client.accept_handshake(HandshakeId=parent["Id"])
    approvals = member_client.list_handshakes_for_account(
        Filter={"ActionType": "APPROVE_ALL_FEATURES"})["Handshakes"]
    member_client.accept_handshake(HandshakeId=approvals[0]["Id"])
    client.accept_handshake(HandshakeId=parent["Id"])
    assert client.describe_organization()["Organization"]["FeatureSet"] == "ALL"
    client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")


def test_inputs_the_model_refuses(org: Org):
    client = org.organizations
    with aws_error("ValidationException", 400):
        client.describe_effective_policy(PolicyType="SERVICE_CONTROL_POLICY")
    with aws_error("ValidationException", 400):
        client.create_organizational_unit(ParentId="not-a-parent", Name="x")
    with aws_error("ValidationException", 400):
        client.describe_handshake(HandshakeId="h-UPPER")
    with aws_error("ValidationException", 400):
        client.create_policy(Name=unique("n"), Description="", Type="NOT_A_TYPE", Content="{}")


def test_management_policy_sizes_per_type(org: Org):
    client = org.organizations
    try:
        client.enable_policy_type(RootId=root_id(org), PolicyType="TAG_POLICY")
    except client.exceptions.PolicyTypeAlreadyEnabledException:
        pass

    def sized(size: int) -> str:
        text = json.dumps({"tags": {"team": {"tag_key": {"@@assign": ""}}}})
        return text.replace('"@@assign": ""', '"@@assign": "' + "T" * (size - len(text)) + '"')

    assert len(sized(10_000)) == 10_000
    client.create_policy(Name=unique("tag"), Description="", Type="TAG_POLICY", Content=sized(10_000))
    with aws_error("ConstraintViolationException", 400) as err:
        client.create_policy(Name=unique("tag"), Description="", Type="TAG_POLICY", Content=sized(10_001))
    assert err.response["Reason"] == "POLICY_CONTENT_LIMIT_EXCEEDED"


def test_one_delegated_administrator_per_service(org: Org):
    client = org.organizations
    client.enable_aws_service_access(ServicePrincipal="securityhub.amazonaws.com")
    first, second = org.create_account(), org.create_account()
    client.register_delegated_administrator(AccountId=first, ServicePrincipal="securityhub.amazonaws.com")
    with aws_error("ConstraintViolationException", 400) as err:
        client.register_delegated_administrator(AccountId=second, ServicePrincipal="securityhub.amazonaws.com")
    assert err.response["Reason"] == "MAX_DELEGATED_ADMINISTRATORS_FOR_SERVICE_LIMIT_EXCEEDED"


def test_closing_at_most_ten_accounts_in_thirty_days(org: Org):
    """An organization of up to 100 members may close 10 in 30 days (10%, at least 10)."""
    _, management = org.standalone_account()
    own = org.client(management, "organizations")
    own.create_organization(FeatureSet="ALL")
    accounts = []
    for index in range(11):
        name = unique(f"c{index}")[:40]
        status = own.create_account(Email=f"{name}@example.com", AccountName=name)["CreateAccountStatus"]["Id"]
        while (done := own.describe_create_account_status(CreateAccountRequestId=status)["CreateAccountStatus"])[
                "State"] == "IN_PROGRESS":
            time.sleep(0.02)
        accounts.append(done["AccountId"])
    for account in accounts[:10]:
        own.close_account(AccountId=account)
    with aws_error("ConstraintViolationException", 400) as err:
        own.close_account(AccountId=accounts[10])
    assert err.response["Reason"] == "CLOSE_ACCOUNT_QUOTA_EXCEEDED"
