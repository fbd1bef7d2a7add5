"""Organizations: trusted access, delegated administrators, tags and effective management policies."""

from __future__ import annotations

import json

from e2e_helpers import ACCOUNT_ID, aws_error, unique
from org_helpers import Org, organization_fixture, root_id

org = organization_fixture("org-delegation")


def test_trusted_access(org: Org):
    client = org.organizations
    client.enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    client.enable_aws_service_access(ServicePrincipal="iam.amazonaws.com")  # idempotent, as on AWS
    enabled = client.list_aws_service_access_for_organization()["EnabledServicePrincipals"]
    assert [s["ServicePrincipal"] for s in enabled] == ["iam.amazonaws.com"]
    assert "DateEnabled" in enabled[0]
    with aws_error("InvalidInputException", 400) as err:
        client.enable_aws_service_access(ServicePrincipal="nothing.example.com")
    assert err.response["Reason"] == "UNRECOGNIZED_SERVICE_PRINCIPAL"
    client.disable_aws_service_access(ServicePrincipal="iam.amazonaws.com")
    assert client.list_aws_service_access_for_organization()["EnabledServicePrincipals"] == []


def test_delegated_administrators(org: Org):
    client = org.organizations
    account = org.create_account()
    with aws_error("ConstraintViolationException", 400) as err:
        client.register_delegated_administrator(AccountId=account, ServicePrincipal="config.amazonaws.com")
    assert err.response["Reason"] == "SERVICE_ACCESS_NOT_ENABLED"
    client.enable_aws_service_access(ServicePrincipal="config.amazonaws.com")
    client.register_delegated_administrator(AccountId=account, ServicePrincipal="config.amazonaws.com")
    with aws_error("AccountAlreadyRegisteredException", 400):
        client.register_delegated_administrator(AccountId=account, ServicePrincipal="config.amazonaws.com")
    with aws_error("ConstraintViolationException", 400) as err:
        client.register_delegated_administrator(AccountId=ACCOUNT_ID, ServicePrincipal="config.amazonaws.com")
    assert err.response["Reason"] == "CANNOT_REGISTER_MASTER_AS_DELEGATED_ADMINISTRATOR"
    admins = client.list_delegated_administrators(ServicePrincipal="config.amazonaws.com")["DelegatedAdministrators"]
    assert [a["Id"] for a in admins] == [account] and "DelegationEnabledDate" in admins[0]
    services = client.list_delegated_services_for_account(AccountId=account)["DelegatedServices"]
    assert [s["ServicePrincipal"] for s in services] == ["config.amazonaws.com"]
    # A delegated administrator reads the organization; it still cannot change it.
    delegated = org.client(org.member_session(account), "organizations")
    assert ACCOUNT_ID in [a["Id"] for a in delegated.list_accounts()["Accounts"]]
    with aws_error("AccessDeniedException", 400):
        delegated.create_organizational_unit(ParentId=root_id(org), Name="nope")
    with aws_error("ConstraintViolationException", 400) as err:
        client.remove_account_from_organization(AccountId=account)
    assert err.response["Reason"] == "CANNOT_REMOVE_DELEGATED_ADMINISTRATOR_FROM_ORG"
    client.deregister_delegated_administrator(AccountId=account, ServicePrincipal="config.amazonaws.com")
    with aws_error("AccountNotRegisteredException", 400):
        client.deregister_delegated_administrator(AccountId=account, ServicePrincipal="config.amazonaws.com")
    with aws_error("AccessDeniedException", 400):
        delegated.list_accounts()


def test_tags_on_every_kind_of_resource(org: Org):
    client = org.organizations
    unit = client.create_organizational_unit(ParentId=root_id(org), Name=unique("tags"))["OrganizationalUnit"]["Id"]
    account = org.create_account()
    client.enable_policy_type(RootId=root_id(org), PolicyType="TAG_POLICY")
    policy = client.create_policy(Name=unique("tp"), Description="", Type="TAG_POLICY",
                                  Content=json.dumps({"tags": {"team": {"tag_key": {"@@assign": "Team"}}}}))
    policy_id = policy["Policy"]["PolicySummary"]["Id"]
    for resource in (root_id(org), unit, account, policy_id):
        client.tag_resource(ResourceId=resource, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
        client.untag_resource(ResourceId=resource, TagKeys=["a"])
        assert client.list_tags_for_resource(ResourceId=resource)["Tags"] == [{"Key": "b", "Value": "2"}]
    many = [{"Key": f"k{i}", "Value": "v"} for i in range(49)]
    client.tag_resource(ResourceId=unit, Tags=many)  # with "b": fifty, the quota
    with aws_error("ConstraintViolationException", 400) as err:
        client.tag_resource(ResourceId=unit, Tags=[{"Key": "one-more", "Value": "v"}])
    assert err.response["Reason"] == "MAX_TAG_LIMIT_EXCEEDED"
    with aws_error("TargetNotFoundException", 400):
        client.tag_resource(ResourceId="ou-abcd-12345678", Tags=[{"Key": "a", "Value": "1"}])


def test_effective_tag_policy(org: Org):
    client = org.organizations
    root = root_id(org)
    account = org.create_account()
    try:
        client.enable_policy_type(RootId=root, PolicyType="TAG_POLICY")
    except client.exceptions.PolicyTypeAlreadyEnabledException:
        pass
    with aws_error("EffectivePolicyNotFoundException", 400):
        client.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=account)
    parent = client.create_policy(Name=unique("parent"), Description="", Type="TAG_POLICY", Content=json.dumps(
        {"tags": {"costcenter": {"tag_key": {"@@assign": "CostCenter"}}}}))["Policy"]["PolicySummary"]["Id"]
    child = client.create_policy(Name=unique("child"), Description="", Type="TAG_POLICY", Content=json.dumps(
        {"tags": {"team": {"tag_key": {"@@assign": "Team"}}}}))["Policy"]["PolicySummary"]["Id"]
    client.attach_policy(PolicyId=parent, TargetId=root)
    client.attach_policy(PolicyId=child, TargetId=account)
    effective = client.describe_effective_policy(PolicyType="TAG_POLICY", TargetId=account)["EffectivePolicy"]
    assert effective["TargetId"] == account and effective["PolicyType"] == "TAG_POLICY"
    assert set(json.loads(effective["PolicyContent"])["tags"]) == {"costcenter", "team"}
    # A member asks about itself.
    member = org.client(org.member_session(account), "organizations")
    assert member.describe_effective_policy(PolicyType="TAG_POLICY")["EffectivePolicy"]["TargetId"] == account
