"""AWS Config across an organization, through boto3: organization rules (PutOrganizationConfigRule,
DescribeOrganizationConfigRules, DescribeOrganizationConfigRuleStatuses,
GetOrganizationConfigRuleDetailedStatus, DeleteOrganizationConfigRule) deployed into every account,
into accounts that join later and out of those that leave; configuration aggregators over the
organization or over accounts that authorized them (PutConfigurationAggregator,
DescribeConfigurationAggregators, DeleteConfigurationAggregator, Put/Describe/DeleteAggregationAuthorization)
and the aggregate compliance reads (DescribeAggregateComplianceByConfigRules,
GetAggregateComplianceDetailsByConfigRule, GetAggregateConfigRuleComplianceSummary).

AWS's texts used: "Organization is no longer available." (NoAvailableOrganizationException), "Config
resource cannot be created because your organization does not have all features enabled."
(OrganizationAllFeaturesNotEnabledException), "An AWS service owns ServiceLinkedConfigRule. You do
not have permissions to take action on this rule." (gruntwork-io/cloud-nuke#411), "This action can
only be made by accounts in an AWS Organization" without a final period (aws-samples/aws2tf#86), "The
configuration aggregator does not exist. Check the configuration aggregator name and try again." (moto).
"""

from __future__ import annotations

import json
import re

import pytest

from e2e_helpers import ACCOUNT_ID, REGION, aws_error, unique
from org_helpers import Org, organization_fixture

org = organization_fixture("config-organization")

ORG_RULE_ARN = re.compile(
    r"^arn:aws:config:us-east-1:(\d{12}):organization-config-rule/([A-Za-z0-9_-]+)-([a-z0-9]{8})$")
AGGREGATOR_ARN = re.compile(r"^arn:aws:config:us-east-1:\d{12}:config-aggregator/config-aggregator-[a-z0-9]{8}$")
SERVICE = "config-multiaccountsetup.amazonaws.com"
RECORDER = {"name": "default", "roleARN": "arn:aws:iam::123456789012:role/config-role",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}}


def config(org: Org, session=None):
    return org.client(session or org.admin, "config")


def with_recorder(org: Org, session=None) -> None:
    config(org, session).put_configuration_recorder(ConfigurationRecorder=RECORDER)


def member(org: Org, recorder: bool = True):
    """A member made with CreateAccount: (id, session in it through its access role)."""
    account = org.create_account()
    session = org.member_session(account)
    if recorder:
        with_recorder(org, session)
    return account, session


def put_org_rule(org: Org, identifier="IAM_USER_MFA_ENABLED", name=None, session=None, **metadata) -> tuple[str, str]:
    name = name or unique("org")[:60]
    excluded = metadata.pop("ExcludedAccounts", None)
    extra = {"ExcludedAccounts": excluded} if excluded is not None else {}
    arn = config(org, session).put_organization_config_rule(
        OrganizationConfigRuleName=name,
        OrganizationManagedRuleMetadata={"RuleIdentifier": identifier, **metadata}, **extra)["OrganizationConfigRuleArn"]
    return name, arn


def detailed(org: Org, name: str, session=None) -> dict[str, dict]:
    """{account: member status} of an organization rule, every page read."""
    out, kwargs = {}, {"OrganizationConfigRuleName": name, "Limit": 2}
    while True:
        page = config(org, session).get_organization_config_rule_detailed_status(**kwargs)
        for status in page["OrganizationConfigRuleDetailedStatus"]:
            out[status["AccountId"]] = status
        if not page.get("NextToken"):
            return out
        kwargs["NextToken"] = page["NextToken"]


def member_rule(org: Org, session, name: str) -> dict | None:
    rules = config(org, session).describe_config_rules()["ConfigRules"]
    found = [r for r in rules if r["ConfigRuleName"].startswith(f"OrgConfigRule-{name}-")]
    return found[0] if found else None


@pytest.fixture(scope="module", autouse=True)
def management_recorder(org: Org):
    with_recorder(org)


def test_a_rule_reaches_every_account_and_says_where_it_failed(org: Org):
    a, a_session = member(org)
    b, b_session = member(org, recorder=False)
    name, arn = put_org_rule(org, Description="users need MFA")
    match = ORG_RULE_ARN.match(arn)
    assert match and match.group(1) == ACCOUNT_ID and match.group(2) == name, arn
    suffix = match.group(3)

    rule = member_rule(org, a_session, name)
    assert rule["ConfigRuleName"] == f"OrgConfigRule-{name}-{suffix}"
    assert rule["CreatedBy"] == SERVICE
    assert rule["Source"] == {"Owner": "AWS", "SourceIdentifier": "IAM_USER_MFA_ENABLED"}
    assert rule["Description"] == "users need MFA"
    assert member_rule(org, None, name) is not None  # the management account is judged too
    assert member_rule(org, b_session, name) is None

    statuses = detailed(org, name)
    assert statuses[a]["MemberAccountRuleStatus"] == "CREATE_SUCCESSFUL"
    assert statuses[a]["ConfigRuleName"] == rule["ConfigRuleName"]
    assert statuses[ACCOUNT_ID]["MemberAccountRuleStatus"] == "CREATE_SUCCESSFUL"
    assert statuses[b]["MemberAccountRuleStatus"] == "CREATE_FAILED"
    assert statuses[b]["ErrorCode"] == "NoAvailableConfigurationRecorderException"
    overall = config(org).describe_organization_config_rule_statuses(
        OrganizationConfigRuleNames=[name])["OrganizationConfigRuleStatuses"][0]
    assert overall["OrganizationRuleStatus"] == "CREATE_FAILED" and b in overall["ErrorMessage"]
    only_failed = config(org).get_organization_config_rule_detailed_status(
        OrganizationConfigRuleName=name, Filters={"MemberAccountRuleStatus": "CREATE_FAILED"})
    assert {s["AccountId"] for s in only_failed["OrganizationConfigRuleDetailedStatus"]} >= {b}
    assert ACCOUNT_ID not in {s["AccountId"] for s in only_failed["OrganizationConfigRuleDetailedStatus"]}
    one = config(org).get_organization_config_rule_detailed_status(
        OrganizationConfigRuleName=name, Filters={"AccountId": a})["OrganizationConfigRuleDetailedStatus"]
    assert [s["AccountId"] for s in one] == [a]

    # A recorder in the failed account deploys the rule there.
    with_recorder(org, b_session)
    assert detailed(org, name)[b]["MemberAccountRuleStatus"] == "CREATE_SUCCESSFUL"
    assert member_rule(org, b_session, name) is not None

    # The member's copy judges the member: a user without MFA there is non-compliant at once.
    iam = org.client(a_session, "iam")
    user = iam.create_user(UserName=unique("u"))["User"]
    cfg = config(org, a_session)
    cfg.start_config_rules_evaluation(ConfigRuleNames=[rule["ConfigRuleName"]])
    results = cfg.get_compliance_details_by_config_rule(ConfigRuleName=rule["ConfigRuleName"])["EvaluationResults"]
    verdicts = {r["EvaluationResultIdentifier"]["EvaluationResultQualifier"]["ResourceId"]: r["ComplianceType"]
                for r in results}
    assert verdicts[user["UserId"]] == "NON_COMPLIANT"

    # Only the organization rule changes the member's copy.
    with aws_error("AccessDeniedException", 400,
                   "An AWS service owns ServiceLinkedConfigRule. You do not have permissions to take action on this rule."):
        cfg.delete_config_rule(ConfigRuleName=rule["ConfigRuleName"])
    with aws_error("AccessDeniedException", 400):
        cfg.put_config_rule(ConfigRule={"ConfigRuleName": rule["ConfigRuleName"],
                                        "Source": {"Owner": "AWS", "SourceIdentifier": "IAM_USER_MFA_ENABLED"}})

    config(org).delete_organization_config_rule(OrganizationConfigRuleName=name)
    assert member_rule(org, a_session, name) is None and member_rule(org, None, name) is None
    with aws_error("NoSuchOrganizationConfigRuleException", 400):
        config(org).describe_organization_config_rules(OrganizationConfigRuleNames=[name])


def test_joining_accounts_get_the_rules_and_leaving_ones_lose_them(org: Org):
    name, _ = put_org_rule(org, "ROOT_ACCOUNT_MFA_ENABLED", MaximumExecutionFrequency="One_Hour")
    # Created later, without a recorder: listed as failed at once.
    created, created_session = member(org, recorder=False)
    assert detailed(org, name)[created]["MemberAccountRuleStatus"] == "CREATE_FAILED"
    # Invited later, with a recorder already: deployed and evaluated on acceptance.
    invited, root = org.standalone_account()
    with_recorder(org, root)
    handshake = org.organizations.invite_account_to_organization(Target={"Id": invited, "Type": "ACCOUNT"})
    org.client(root, "organizations").accept_handshake(HandshakeId=handshake["Handshake"]["Id"])
    assert detailed(org, name)[invited]["MemberAccountRuleStatus"] == "CREATE_SUCCESSFUL"
    copy = member_rule(org, root, name)
    assert copy["MaximumExecutionFrequency"] == "One_Hour"
    evaluated = config(org, root).describe_config_rule_evaluation_status(
        ConfigRuleNames=[copy["ConfigRuleName"]])["ConfigRulesEvaluationStatus"][0]
    assert "LastSuccessfulInvocationTime" in evaluated
    # Leaving removes the copy, its results and its line in the status.
    org.organizations.remove_account_from_organization(AccountId=invited)
    assert member_rule(org, root, name) is None
    assert invited not in detailed(org, name)
    # An update that excludes an account takes the rule out of it and reports UPDATE_ statuses.
    with_recorder(org, created_session)
    assert member_rule(org, created_session, name) is not None
    put_org_rule(org, "ROOT_ACCOUNT_MFA_ENABLED", name=name, ExcludedAccounts=[created])
    assert member_rule(org, created_session, name) is None
    statuses = detailed(org, name)
    assert created not in statuses
    assert statuses[ACCOUNT_ID]["MemberAccountRuleStatus"] == "UPDATE_SUCCESSFUL"
    described = config(org).describe_organization_config_rules(OrganizationConfigRuleNames=[name])
    described = described["OrganizationConfigRules"][0]
    assert described["ExcludedAccounts"] == [created]
    assert described["OrganizationManagedRuleMetadata"]["RuleIdentifier"] == "ROOT_ACCOUNT_MFA_ENABLED"
    assert "MaximumExecutionFrequency" not in described["OrganizationManagedRuleMetadata"]
    assert "LastUpdateTime" in described
    config(org).delete_organization_config_rule(OrganizationConfigRuleName=name)


def test_who_may_put_organization_rules(org: Org):
    account, session = member(org)
    with aws_error("OrganizationAccessDeniedException", 400):
        put_org_rule(org, session=session)
    with aws_error("OrganizationAccessDeniedException", 400):
        config(org, session).describe_organization_config_rules()
    _, standalone = org.standalone_account()
    with aws_error("NoAvailableOrganizationException", 400, "Organization is no longer available."):
        put_org_rule(org, session=standalone)
    with aws_error("OrganizationAccessDeniedException", 400) as err:
        config(org, standalone).describe_organization_config_rule_statuses()
    assert err.message == "This action can only be made by accounts in an AWS Organization"  # no final period
    with aws_error("OrganizationAccessDeniedException", 400):
        config(org, standalone).delete_organization_config_rule(OrganizationConfigRuleName="x")
    # A delegated administrator for Config alone is not one for organization rules.
    orgs = org.organizations
    orgs.enable_aws_service_access(ServicePrincipal="config.amazonaws.com")
    orgs.register_delegated_administrator(AccountId=account, ServicePrincipal="config.amazonaws.com")
    with aws_error("OrganizationAccessDeniedException", 400):
        put_org_rule(org, session=session)
    # The management account's first rule turned on trusted access for the service; then it may delegate.
    put_org_rule(org, name=unique("first")[:60])
    enabled = [s["ServicePrincipal"] for s in orgs.list_aws_service_access_for_organization()["EnabledServicePrincipals"]]
    assert SERVICE in enabled
    orgs.register_delegated_administrator(AccountId=account, ServicePrincipal=SERVICE)
    name, arn = put_org_rule(org, "IAM_ROOT_ACCESS_KEY_CHECK", session=session)
    assert ORG_RULE_ARN.match(arn).group(1) == account  # named in the delegated administrator's account
    # Both administrators see it.
    assert [r["OrganizationConfigRuleName"] for r in config(org).describe_organization_config_rules(
        OrganizationConfigRuleNames=[name])["OrganizationConfigRules"]] == [name]
    assert detailed(org, name, session)[ACCOUNT_ID]["MemberAccountRuleStatus"] == "CREATE_SUCCESSFUL"
    config(org, session).delete_organization_config_rule(OrganizationConfigRuleName=name)
    orgs.deregister_delegated_administrator(AccountId=account, ServicePrincipal=SERVICE)
    orgs.deregister_delegated_administrator(AccountId=account, ServicePrincipal="config.amazonaws.com")


def test_organization_rule_input_is_checked(org: Org):
    cfg = config(org)
    name = unique("bad")[:60]
    with aws_error("InvalidParameterValueException", 400) as err:
        cfg.put_organization_config_rule(
            OrganizationConfigRuleName=name, OrganizationManagedRuleMetadata={"RuleIdentifier": "NO_SUCH_RULE"})
    assert "sourceIdentifier NO_SUCH_RULE is invalid" in err.message
    with aws_error("InvalidParameterValueException", 400) as err:
        cfg.put_organization_config_rule(OrganizationConfigRuleName=name)
    with aws_error("InvalidParameterValueException", 400):
        cfg.put_organization_config_rule(
            OrganizationConfigRuleName=name, OrganizationCustomRuleMetadata={
                "LambdaFunctionArn": "arn:aws:lambda:us-east-1:123456789012:function:f",
                "OrganizationConfigRuleTriggerTypes": ["ScheduledNotification"]})
    with aws_error("InvalidParameterValueException", 400, "A maximum execution frequency for this rule is not allowed "
                   "because only a change in resources triggers this managed rule."):
        put_org_rule(org, "IAM_USER_NO_POLICIES_CHECK", name=name, MaximumExecutionFrequency="One_Hour")
    with aws_error("InvalidParameterValueException", 400):
        put_org_rule(org, "ACCESS_KEYS_ROTATED", name=name, InputParameters=json.dumps({"maxAccessKeyAge": "abc"}))
    with aws_error("InvalidParameterValueException", 400):
        put_org_rule(org, "IAM_USER_MFA_ENABLED", name=name, TagKeyScope="team")
    with aws_error("ValidationException", 400):
        put_org_rule(org, name="has space")
    with aws_error("ValidationException", 400):
        put_org_rule(org, name="x" * 65)
    put_org_rule(org, name="y" * 64, ExcludedAccounts=[])
    with aws_error("ValidationException", 400):
        put_org_rule(org, name=name, ExcludedAccounts=["12345"])
    cfg.delete_organization_config_rule(OrganizationConfigRuleName="y" * 64)
    for call in (lambda: cfg.delete_organization_config_rule(OrganizationConfigRuleName=name),
                 lambda: cfg.get_organization_config_rule_detailed_status(OrganizationConfigRuleName=name),
                 lambda: cfg.describe_organization_config_rule_statuses(OrganizationConfigRuleNames=[name])):
        with aws_error("NoSuchOrganizationConfigRuleException", 400) as err:
            call()
        assert name in err.message
    with aws_error("ValidationException", 400):
        cfg.describe_organization_config_rules(Limit=101)
    with aws_error("ValidationException", 400):
        cfg.describe_organization_config_rules(OrganizationConfigRuleNames=[f"n{i}" for i in range(26)])


def test_organization_rules_are_paged_and_limited(org: Org):
    cfg = config(org)
    existing = len(cfg.describe_organization_config_rules(Limit=100)["OrganizationConfigRules"])
    names = [f"lim-{i:03d}-{unique('r')[-6:]}" for i in range(150 - existing)]
    try:
        for name in names:
            put_org_rule(org, "IAM_ROOT_ACCESS_KEY_CHECK", name=name)
        with aws_error("MaxNumberOfOrganizationConfigRulesExceededException", 400) as err:
            put_org_rule(org, "IAM_ROOT_ACCESS_KEY_CHECK", name="one-too-many")
        assert "150" in err.message
        # An update of an existing rule is not a new one.
        put_org_rule(org, "IAM_ROOT_ACCESS_KEY_CHECK", name=names[0], Description="updated")
        seen, kwargs = [], {"Limit": 40}
        while True:
            page = cfg.describe_organization_config_rules(**kwargs)
            seen += [r["OrganizationConfigRuleName"] for r in page["OrganizationConfigRules"]]
            if not page.get("NextToken"):
                break
            kwargs["NextToken"] = page["NextToken"]
        assert len(seen) == 150 and seen == sorted(seen)
        statuses = cfg.describe_organization_config_rule_statuses(Limit=100)
        assert len(statuses["OrganizationConfigRuleStatuses"]) == 100 and statuses["NextToken"]
        with aws_error("InvalidNextTokenException", 400):
            cfg.describe_organization_config_rules(NextToken="%%%")
    finally:
        for name in names:
            cfg.delete_organization_config_rule(OrganizationConfigRuleName=name)


def test_an_organization_aggregator_sees_every_account(org: Org):
    a, a_session = member(org)
    iam = org.client(org.admin, "iam")
    role = iam.create_role(RoleName=unique("aggregator"), AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "config.amazonaws.com"},
                                                "Action": "sts:AssumeRole"}]}))["Role"]
    name, _ = put_org_rule(org)
    org.client(a_session, "iam").create_user(UserName=unique("nomfa"))
    config(org, a_session).start_config_rules_evaluation(ConfigRuleNames=[member_rule(org, a_session, name)["ConfigRuleName"]])
    aggregator_name = unique("org-agg")
    made = config(org).put_configuration_aggregator(
        ConfigurationAggregatorName=aggregator_name,
        OrganizationAggregationSource={"RoleArn": role["Arn"], "AllAwsRegions": True},
        Tags=[{"Key": "team", "Value": "sec"}])["ConfigurationAggregator"]
    assert AGGREGATOR_ARN.match(made["ConfigurationAggregatorArn"])
    assert made["OrganizationAggregationSource"] == {"RoleArn": role["Arn"], "AllAwsRegions": True}
    again = config(org).put_configuration_aggregator(
        ConfigurationAggregatorName=aggregator_name,
        OrganizationAggregationSource={"RoleArn": role["Arn"], "AwsRegions": [REGION]})["ConfigurationAggregator"]
    assert again["ConfigurationAggregatorArn"] == made["ConfigurationAggregatorArn"]
    assert again["OrganizationAggregationSource"]["AwsRegions"] == [REGION]
    assert again["CreationTime"] == made["CreationTime"]
    listed = config(org).describe_configuration_aggregators(ConfigurationAggregatorNames=[aggregator_name])
    assert listed["ConfigurationAggregators"][0]["ConfigurationAggregatorArn"] == made["ConfigurationAggregatorArn"]

    copy = member_rule(org, a_session, name)["ConfigRuleName"]
    rows = config(org).describe_aggregate_compliance_by_config_rules(
        ConfigurationAggregatorName=aggregator_name, Filters={"ConfigRuleName": copy})["AggregateComplianceByConfigRules"]
    by_account = {r["AccountId"]: r for r in rows}
    assert by_account[a]["Compliance"]["ComplianceType"] == "NON_COMPLIANT"
    assert by_account[a]["AwsRegion"] == REGION
    assert by_account[a]["Compliance"]["ComplianceContributorCount"]["CappedCount"] >= 1
    assert ACCOUNT_ID in by_account
    # The same verdicts the member reads itself.
    own = config(org, a_session).describe_compliance_by_config_rule(ConfigRuleNames=[copy])["ComplianceByConfigRules"][0]
    assert own["Compliance"] == by_account[a]["Compliance"]
    only = config(org).describe_aggregate_compliance_by_config_rules(
        ConfigurationAggregatorName=aggregator_name, Filters={"AccountId": a, "ComplianceType": "NON_COMPLIANT"})
    assert {r["AccountId"] for r in only["AggregateComplianceByConfigRules"]} == {a}

    details = config(org).get_aggregate_compliance_details_by_config_rule(
        ConfigurationAggregatorName=aggregator_name, ConfigRuleName=copy, AccountId=a, AwsRegion=REGION,
        ComplianceType="NON_COMPLIANT")["AggregateEvaluationResults"]
    mine = config(org, a_session).get_compliance_details_by_config_rule(
        ConfigRuleName=copy, ComplianceTypes=["NON_COMPLIANT"])["EvaluationResults"]
    assert sorted(d["EvaluationResultIdentifier"]["EvaluationResultQualifier"]["ResourceId"] for d in details) == sorted(
        m["EvaluationResultIdentifier"]["EvaluationResultQualifier"]["ResourceId"] for m in mine)
    assert all(d["AccountId"] == a and d["AwsRegion"] == REGION for d in details)

    summary = config(org).get_aggregate_config_rule_compliance_summary(
        ConfigurationAggregatorName=aggregator_name, GroupByKey="ACCOUNT_ID")
    assert summary["GroupByKey"] == "ACCOUNT_ID"
    groups = {c["GroupName"]: c["ComplianceSummary"] for c in summary["AggregateComplianceCounts"]}
    assert groups[a]["NonCompliantResourceCount"]["CappedCount"] >= 1
    by_region = config(org).get_aggregate_config_rule_compliance_summary(
        ConfigurationAggregatorName=aggregator_name, GroupByKey="AWS_REGION", Filters={"AccountId": a})
    assert [c["GroupName"] for c in by_region["AggregateComplianceCounts"]] == [REGION]
    # A member outside the aggregator's regions is not seen.
    other = config(org).describe_aggregate_compliance_by_config_rules(
        ConfigurationAggregatorName=aggregator_name, Filters={"AwsRegion": "eu-west-1"})
    assert other["AggregateComplianceByConfigRules"] == []

    config(org).delete_configuration_aggregator(ConfigurationAggregatorName=aggregator_name)
    with aws_error("NoSuchConfigurationAggregatorException", 400):
        config(org).describe_aggregate_compliance_by_config_rules(ConfigurationAggregatorName=aggregator_name)
    config(org).delete_organization_config_rule(OrganizationConfigRuleName=name)


def test_an_account_aggregator_needs_each_accounts_authorization(org: Org):
    owner, owner_session = org.standalone_account()
    source, source_session = org.standalone_account()
    silent, silent_session = org.standalone_account()
    for session in (source_session, silent_session, owner_session):
        with_recorder(org, session)
        config(org, session).put_config_rule(ConfigRule={
            "ConfigRuleName": "root-keys", "Source": {"Owner": "AWS", "SourceIdentifier": "IAM_ROOT_ACCESS_KEY_CHECK"}})
    cfg = config(org, owner_session)
    name = unique("acct-agg")
    cfg.put_configuration_aggregator(ConfigurationAggregatorName=name, AccountAggregationSources=[
        {"AccountIds": [source, silent, source], "AllAwsRegions": True}])
    described = cfg.describe_configuration_aggregators()["ConfigurationAggregators"][0]
    assert described["AccountAggregationSources"] == [{"AccountIds": [source, silent], "AllAwsRegions": True}]

    def accounts() -> set[str]:
        rows = cfg.describe_aggregate_compliance_by_config_rules(ConfigurationAggregatorName=name)
        return {r["AccountId"] for r in rows["AggregateComplianceByConfigRules"]}

    assert accounts() == set()
    made = config(org, source_session).put_aggregation_authorization(
        AuthorizedAccountId=owner, AuthorizedAwsRegion=REGION)["AggregationAuthorization"]
    assert made["AggregationAuthorizationArn"] == f"arn:aws:config:{REGION}:{source}:aggregation-authorization/{owner}/{REGION}"
    # An authorization for another region does not count.
    config(org, silent_session).put_aggregation_authorization(AuthorizedAccountId=owner, AuthorizedAwsRegion="eu-west-1")
    assert accounts() == {source}
    listed = config(org, source_session).describe_aggregation_authorizations()["AggregationAuthorizations"]
    assert [(a["AuthorizedAccountId"], a["AuthorizedAwsRegion"]) for a in listed] == [(owner, REGION)]
    verdict = cfg.get_aggregate_compliance_details_by_config_rule(
        ConfigurationAggregatorName=name, ConfigRuleName="root-keys", AccountId=source, AwsRegion=REGION)
    assert [r["ComplianceType"] for r in verdict["AggregateEvaluationResults"]] == ["NON_COMPLIANT"]
    # The silent account's data stays out of reach, whatever is asked.
    assert cfg.get_aggregate_compliance_details_by_config_rule(
        ConfigurationAggregatorName=name, ConfigRuleName="root-keys", AccountId=silent,
        AwsRegion=REGION)["AggregateEvaluationResults"] == []
    config(org, source_session).delete_aggregation_authorization(AuthorizedAccountId=owner, AuthorizedAwsRegion=REGION)
    config(org, source_session).delete_aggregation_authorization(AuthorizedAccountId=owner, AuthorizedAwsRegion=REGION)
    assert accounts() == set()
    summary = cfg.get_aggregate_config_rule_compliance_summary(ConfigurationAggregatorName=name)
    assert len(summary["AggregateComplianceCounts"]) == 1
    assert summary["AggregateComplianceCounts"][0]["ComplianceSummary"]["NonCompliantResourceCount"]["CappedCount"] == 0


def test_aggregator_input_is_checked(org: Org):
    _, standalone = org.standalone_account()
    cfg = config(org, standalone)
    name = unique("agg")
    role = {"RoleArn": "arn:aws:iam::123456789012:role/none", "AllAwsRegions": True}
    with aws_error("InvalidParameterValueException", 400):
        cfg.put_configuration_aggregator(ConfigurationAggregatorName=name)
    with aws_error("InvalidParameterValueException", 400):
        cfg.put_configuration_aggregator(
            ConfigurationAggregatorName=name, OrganizationAggregationSource=role,
            AccountAggregationSources=[{"AccountIds": [ACCOUNT_ID], "AllAwsRegions": True}])
    with aws_error("InvalidParameterValueException", 400):
        cfg.put_configuration_aggregator(ConfigurationAggregatorName=name, AccountAggregationSources=[
            {"AccountIds": [ACCOUNT_ID], "AllAwsRegions": True, "AwsRegions": [REGION]}])
    with aws_error("InvalidParameterValueException", 400):
        cfg.put_configuration_aggregator(ConfigurationAggregatorName=name, AccountAggregationSources=[
            {"AccountIds": [ACCOUNT_ID]}])
    with aws_error("InvalidParameterValueException", 400):
        cfg.put_configuration_aggregator(
            ConfigurationAggregatorName=name, AccountAggregationSources=[{"AccountIds": [ACCOUNT_ID], "AllAwsRegions": True}],
            AggregatorFilters={"ResourceType": {"Type": "INCLUDE", "Value": ["AWS::IAM::User"]}})
    with aws_error("ValidationException", 400):
        cfg.put_configuration_aggregator(ConfigurationAggregatorName=name, AccountAggregationSources=[
            {"AccountIds": [ACCOUNT_ID], "AllAwsRegions": True}, {"AccountIds": [ACCOUNT_ID], "AllAwsRegions": True}])
    with aws_error("ValidationException", 400):
        cfg.put_configuration_aggregator(ConfigurationAggregatorName="bad name", AccountAggregationSources=[
            {"AccountIds": [ACCOUNT_ID], "AllAwsRegions": True}])
    with aws_error("NoAvailableOrganizationException", 400):
        cfg.put_configuration_aggregator(ConfigurationAggregatorName=name, OrganizationAggregationSource=role)
    _, member_session = member(org)
    with aws_error("OrganizationAccessDeniedException", 400):
        config(org, member_session).put_configuration_aggregator(
            ConfigurationAggregatorName=name, OrganizationAggregationSource=role)
    with aws_error("InvalidRoleException", 400):
        config(org).put_configuration_aggregator(ConfigurationAggregatorName=name, OrganizationAggregationSource=role)
    for call in (lambda: cfg.describe_configuration_aggregators(ConfigurationAggregatorNames=[name]),
                 lambda: cfg.delete_configuration_aggregator(ConfigurationAggregatorName=name),
                 lambda: cfg.describe_aggregate_compliance_by_config_rules(ConfigurationAggregatorName=name),
                 lambda: cfg.get_aggregate_config_rule_compliance_summary(ConfigurationAggregatorName=name),
                 lambda: cfg.get_aggregate_compliance_details_by_config_rule(
                     ConfigurationAggregatorName=name, ConfigRuleName="r", AccountId=ACCOUNT_ID, AwsRegion=REGION)):
        with aws_error("NoSuchConfigurationAggregatorException", 400) as err:
            call()
        # AWS's text (as moto records it) names no aggregator.
        assert err.message == ("The configuration aggregator does not exist. "
                               "Check the configuration aggregator name and try again.")
    with aws_error("ValidationException", 400):
        cfg.describe_configuration_aggregators(ConfigurationAggregatorNames=[f"a{i}" for i in range(11)])
    with aws_error("ValidationException", 400):
        cfg.put_aggregation_authorization(AuthorizedAccountId="123", AuthorizedAwsRegion=REGION)


def test_aggregators_per_account_are_limited(org: Org):
    _, standalone = org.standalone_account()
    cfg = config(org, standalone)
    source = [{"AccountIds": [ACCOUNT_ID], "AllAwsRegions": True}]
    for i in range(50):
        cfg.put_configuration_aggregator(ConfigurationAggregatorName=f"agg-{i:02d}", AccountAggregationSources=source)
    with aws_error("LimitExceededException", 400) as err:
        cfg.put_configuration_aggregator(ConfigurationAggregatorName="agg-50", AccountAggregationSources=source)
    assert "50" in err.message
    cfg.put_configuration_aggregator(ConfigurationAggregatorName="agg-00", AccountAggregationSources=source)
    first = cfg.describe_configuration_aggregators(Limit=20)
    assert len(first["ConfigurationAggregators"]) == 20
    rest = cfg.describe_configuration_aggregators(NextToken=first["NextToken"])
    assert len(rest["ConfigurationAggregators"]) == 30 and "NextToken" not in rest
    cfg.delete_configuration_aggregator(ConfigurationAggregatorName="agg-07")
    cfg.put_configuration_aggregator(ConfigurationAggregatorName="agg-50", AccountAggregationSources=source)
