"""AWS Config rules: PutConfigRule with AWS's checks, DescribeConfigRules, DeleteConfigRule,
StartConfigRulesEvaluation, DescribeConfigRuleEvaluationStatus and rule tags, through boto3.

Error texts are AWS's as public reports quote them: "You must create a configuration recorder
before you can create or update a Config rule." (boto/boto3#2178), "The sourceIdentifier … is
invalid. Please refer to the documentation …" (awslabs/aws-config-rules#437), "A maximum execution
frequency for this rule is not allowed because only a change in resources triggers this managed
rule." (trussworks/terraform-aws-config#171), "The required parameter … is not present in the
inputParameters, …" (niaid/terraform-aws-managed-config-rules#57), and the quota of 1000 rules
per account (MaxNumberOfConfigRulesExceededException in botocore's documentation).
"""

from __future__ import annotations

import re
import time

import pytest

from config_helpers import Account, account, config_module_fixture  # noqa: F401
from e2e_helpers import aws_error

org = config_module_fixture("config-rules")

RULE_ARN = re.compile(r"^arn:aws:config:us-east-1:\d{12}:config-rule/config-rule-[a-z0-9]{6}$")


def test_a_rule_needs_a_recorder(account: Account):
    with aws_error("NoAvailableConfigurationRecorderException", 400,
                   "You must create a configuration recorder before you can create or update a Config rule."):
        account.put_rule("IAM_USER_MFA_ENABLED", "mfa")


def test_put_and_describe_a_rule(account: Account):
    account.with_recorder()
    account.put_rule("ACCESS_KEYS_ROTATED", "keys", parameters={"maxAccessKeyAge": "30"},
                     Description="rotate keys", MaximumExecutionFrequency="Six_Hours")
    rule = account.config.describe_config_rules(ConfigRuleNames=["keys"])["ConfigRules"][0]
    assert RULE_ARN.match(rule["ConfigRuleArn"]), rule
    assert rule["ConfigRuleId"] == rule["ConfigRuleArn"].rsplit("/", 1)[1]
    assert rule["Source"] == {"Owner": "AWS", "SourceIdentifier": "ACCESS_KEYS_ROTATED"}
    assert rule["InputParameters"] == '{"maxAccessKeyAge": "30"}'
    assert rule["MaximumExecutionFrequency"] == "Six_Hours"
    assert rule["ConfigRuleState"] == "ACTIVE"
    assert rule["Description"] == "rotate keys"
    assert rule["EvaluationModes"] == [{"Mode": "DETECTIVE"}]
    # A put of the same name updates the rule and keeps its id.
    account.put_rule("ACCESS_KEYS_ROTATED", "keys")
    again = account.config.describe_config_rules(ConfigRuleNames=["keys"])["ConfigRules"][0]
    assert again["ConfigRuleId"] == rule["ConfigRuleId"]
    assert again["InputParameters"] == "{}" and "MaximumExecutionFrequency" not in again
    # ... and so does a put by id.
    account.config.put_config_rule(ConfigRule={
        "ConfigRuleId": rule["ConfigRuleId"], "Description": "by id",
        "Source": {"Owner": "AWS", "SourceIdentifier": "ACCESS_KEYS_ROTATED"}})
    assert account.config.describe_config_rules(ConfigRuleNames=["keys"])["ConfigRules"][0]["Description"] == "by id"


def test_rules_are_listed_and_paged(account: Account):
    account.with_recorder()
    names = sorted(account.put_rule("IAM_GROUP_HAS_USERS_CHECK", f"rule-{i:02d}") for i in range(30))
    first = account.config.describe_config_rules()
    assert [r["ConfigRuleName"] for r in first["ConfigRules"]] == names[:25]
    second = account.config.describe_config_rules(NextToken=first["NextToken"])
    assert [r["ConfigRuleName"] for r in second["ConfigRules"]] == names[25:]
    assert "NextToken" not in second
    with aws_error("InvalidNextTokenException", 400):
        account.config.describe_config_rules(NextToken="not-a-token!")
    assert account.config.describe_config_rules(Filters={"EvaluationMode": "PROACTIVE"})["ConfigRules"] == []


def test_unknown_source_identifier(account: Account):
    account.with_recorder()
    with aws_error("InvalidParameterValueException", 400,
                   "The sourceIdentifier NOT_A_RULE is invalid. Please refer to the documentation for a list of "
                   "valid sourceIdentifiers that can be used when AWS is the Owner."):
        account.put_rule("NOT_A_RULE", "x")


def test_custom_rules_are_refused_with_a_clear_error(account: Account):
    account.with_recorder()
    with aws_error("InvalidParameterValueException", 400, "AWS managed rules only"):
        account.config.put_config_rule(ConfigRule={
            "ConfigRuleName": "lambda", "Source": {
                "Owner": "CUSTOM_LAMBDA", "SourceIdentifier": f"arn:aws:lambda:us-east-1:{account.id}:function:f",
                "SourceDetails": [{"EventSource": "aws.config", "MessageType": "ScheduledNotification"}]}})


def test_bad_input_parameters(account: Account):
    account.with_recorder()
    with aws_error("InvalidParameterValueException", 400, "Invalid json {not json passed in the InputParameters field"):
        account.config.put_config_rule(ConfigRule={
            "ConfigRuleName": "x", "InputParameters": "{not json",
            "Source": {"Owner": "AWS", "SourceIdentifier": "ACCESS_KEYS_ROTATED"}})
    with aws_error("InvalidParameterValueException", 400,
                   "The required parameter policyARN is not present in the inputParameters, please refer to Config "
                   "rules documentation for the required parameters."):
        account.put_rule("IAM_POLICY_IN_USE", "x")
    with aws_error("InvalidParameterValueException", 400, "maxAccessKeyAge"):
        account.put_rule("ACCESS_KEYS_ROTATED", "x", parameters={"maxAccessKeyAge": "ninety"})
    with aws_error("ValidationException", 400, "Member must have length less than or equal to 1024"):
        account.put_rule("ACCESS_KEYS_ROTATED", "x", parameters={"pad": "p" * 1024})
    assert account.config.describe_config_rules()["ConfigRules"] == []


def test_maximum_execution_frequency_on_change_triggered_rules(account: Account):
    account.with_recorder()
    with aws_error("InvalidParameterValueException", 400,
                   "A maximum execution frequency for this rule is not allowed because only a change in resources "
                   "triggers this managed rule."):
        account.put_rule("IAM_USER_NO_POLICIES_CHECK", "x", MaximumExecutionFrequency="One_Hour")
    with aws_error("ValidationException", 400, "maximumExecutionFrequency"):
        account.put_rule("ROOT_ACCOUNT_MFA_ENABLED", "x", MaximumExecutionFrequency="Hourly")


def test_model_validations(account: Account):
    account.with_recorder()
    with aws_error("ValidationException", 400, "Member must have length less than or equal to 128"):
        account.put_rule("IAM_USER_MFA_ENABLED", "r" * 129)
    with aws_error("InvalidParameterValueException", 400, "ACTIVE"):
        account.put_rule("IAM_USER_MFA_ENABLED", "x", ConfigRuleState="DELETING")
    with aws_error("InvalidParameterValueException", 400, "can not be specified when creating"):
        account.config.put_config_rule(ConfigRule={
            "ConfigRuleName": "new", "ConfigRuleId": "config-rule-abcdef",
            "Source": {"Owner": "AWS", "SourceIdentifier": "IAM_USER_MFA_ENABLED"}})
    with aws_error("InvalidParameterValueException", 400, "Provide Name or Id or Arn"):
        account.config.put_config_rule(ConfigRule={
            "Source": {"Owner": "AWS", "SourceIdentifier": "IAM_USER_MFA_ENABLED"}})
    with aws_error("InvalidParameterValueException", 400, "SourceDetails should be null/empty if the owner is AWS"):
        account.config.put_config_rule(ConfigRule={
            "ConfigRuleName": "x", "Source": {
                "Owner": "AWS", "SourceIdentifier": "IAM_USER_MFA_ENABLED",
                "SourceDetails": [{"EventSource": "aws.config", "MessageType": "ScheduledNotification"}]}})


def test_delete_a_rule(account: Account):
    account.with_recorder()
    name = account.put_rule("IAM_USER_MFA_ENABLED")
    account.config.delete_config_rule(ConfigRuleName=name)
    assert account.config.describe_config_rules()["ConfigRules"] == []
    message = f"The ConfigRule '{name}' provided in the request is invalid. Please check the configRule name."
    for call in (lambda: account.config.delete_config_rule(ConfigRuleName=name),
                 lambda: account.config.describe_config_rules(ConfigRuleNames=[name]),
                 lambda: account.config.start_config_rules_evaluation(ConfigRuleNames=[name]),
                 lambda: account.config.describe_config_rule_evaluation_status(ConfigRuleNames=[name]),
                 lambda: account.config.get_compliance_details_by_config_rule(ConfigRuleName=name)):
        with aws_error("NoSuchConfigRuleException", 400, message):
            call()


def test_evaluation_status(account: Account):
    account.with_recorder()
    name = account.put_rule("IAM_USER_MFA_ENABLED")
    status = account.config.describe_config_rule_evaluation_status(ConfigRuleNames=[name])
    status = status["ConfigRulesEvaluationStatus"][0]
    assert status["ConfigRuleName"] == name and status["FirstEvaluationStarted"] is True
    first = status["LastSuccessfulInvocationTime"]
    time.sleep(1.1)
    account.config.start_config_rules_evaluation(ConfigRuleNames=[name])
    status = account.config.describe_config_rule_evaluation_status()["ConfigRulesEvaluationStatus"][0]
    assert status["LastSuccessfulInvocationTime"] > first
    assert status["LastSuccessfulEvaluationTime"] >= status["LastSuccessfulInvocationTime"]
    with aws_error("ValidationException", 400, "Member must have length less than or equal to 25"):
        account.config.start_config_rules_evaluation(ConfigRuleNames=[f"r{i}" for i in range(26)])


def test_rule_tags(account: Account):
    account.with_recorder()
    account.config.put_config_rule(
        ConfigRule={"ConfigRuleName": "tagged", "Source": {"Owner": "AWS", "SourceIdentifier": "IAM_USER_MFA_ENABLED"}},
        Tags=[{"Key": "team", "Value": "sec"}])
    arn = account.config.describe_config_rules(ConfigRuleNames=["tagged"])["ConfigRules"][0]["ConfigRuleArn"]
    assert account.config.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "sec"}]
    account.config.tag_resource(ResourceArn=arn, Tags=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "iam"}])
    assert account.config.list_tags_for_resource(ResourceArn=arn)["Tags"] == [
        {"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "iam"}]
    account.config.untag_resource(ResourceArn=arn, TagKeys=["team"])
    assert account.config.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "env", "Value": "prod"}]
    page = account.config.list_tags_for_resource(ResourceArn=arn, Limit=1)
    assert len(page["Tags"]) == 1
    # Fifty tags in all, no more.
    account.config.tag_resource(ResourceArn=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(49)])
    with aws_error("TooManyTagsException", 400):
        account.config.tag_resource(ResourceArn=arn, Tags=[{"Key": "one-more", "Value": "v"}])
    missing = arn[:-6] + "zzzzzz"
    for call in (lambda: account.config.list_tags_for_resource(ResourceArn=missing),
                 lambda: account.config.tag_resource(ResourceArn=missing, Tags=[{"Key": "a", "Value": "b"}]),
                 lambda: account.config.untag_resource(ResourceArn=missing, TagKeys=["a"])):
        with aws_error("ResourceNotFoundException", 400, f"ResourceArn '{missing}' does not exist"):
            call()


def test_rules_of_other_accounts_are_invisible(org, account: Account):
    account.with_recorder()
    name = account.put_rule("IAM_USER_MFA_ENABLED")
    other = Account(org).with_recorder()
    assert other.config.describe_config_rules()["ConfigRules"] == []
    with aws_error("NoSuchConfigRuleException", 400):
        other.config.describe_config_rules(ConfigRuleNames=[name])


def test_at_most_1000_rules_per_account(account: Account):
    account.with_recorder()
    for i in range(1000):
        account.put_rule("IAM_GROUP_HAS_USERS_CHECK", f"r{i:04d}")
    with aws_error("MaxNumberOfConfigRulesExceededException", 400,
                   "Failed to add the Config rule because the account already contains the maximum number of 1000 "
                   "rules."):
        account.put_rule("IAM_GROUP_HAS_USERS_CHECK", "one-too-many")
    # Updating one of the thousand is still allowed, and a delete makes room.
    account.put_rule("IAM_GROUP_HAS_USERS_CHECK", "r0000", Description="updated")
    account.config.delete_config_rule(ConfigRuleName="r0999")
    account.put_rule("IAM_GROUP_HAS_USERS_CHECK", "one-more")


def test_scope_narrows_what_a_rule_reports(account: Account):
    account.with_recorder()
    user, uid = account.user()
    role = account.iam.create_role(RoleName="scoped-role", AssumeRolePolicyDocument=(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},'
        '"Action":"sts:AssumeRole"}]}' % account.id))["Role"]
    roles = account.put_rule("IAM_NO_INLINE_POLICY_CHECK", Scope={"ComplianceResourceTypes": ["AWS::IAM::Role"]})
    assert set(account.results(roles)) == {("AWS::IAM::Role", role["RoleId"])}
    one = account.put_rule("IAM_NO_INLINE_POLICY_CHECK", Scope={
        "ComplianceResourceTypes": ["AWS::IAM::User"], "ComplianceResourceId": uid})
    assert set(account.results(one)) == {("AWS::IAM::User", uid)}
    rule = account.config.describe_config_rules(ConfigRuleNames=[one])["ConfigRules"][0]
    assert rule["Scope"] == {"ComplianceResourceTypes": ["AWS::IAM::User"], "ComplianceResourceId": uid}
    with aws_error("InvalidParameterValueException", 400, "exactly one resource type"):
        account.put_rule("IAM_NO_INLINE_POLICY_CHECK", Scope={"ComplianceResourceId": uid})
    with aws_error("InvalidParameterValueException", 400, "tag-scoped"):
        account.put_rule("IAM_NO_INLINE_POLICY_CHECK", Scope={"TagKey": "team"})
