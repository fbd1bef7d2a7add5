"""AWS Config's managed identity rules judging real IAM state, and the compliance queries.

Every rule goes from one verdict to the other after a real change made through boto3 (or, for the
root user's MFA, through the console, the only way AWS offers): periodic rules are re-run with
StartConfigRulesEvaluation or by moving the server clock past their frequency; change-triggered
rules re-evaluate on their own within seconds of the IAM write. Each test works in a fresh
standalone account (root with an access key and no password) of this module's own server.
"""

from __future__ import annotations

import base64
import json
import os
import time

import pytest

import mfa_helpers
from config_helpers import Account, account, config_module_fixture, shifted  # noqa: F401
from console_helpers import ConsoleClient, add_own_authenticator
from e2e_helpers import (
    ADMIN_POLICY, ROOT_PASSWORD, aws_error, cli_env, dumps, run_cli, run_rampart, trust_doc, unique,
)

org = config_module_fixture("config-compliance")

USER = "AWS::IAM::User"
ROLE = "AWS::IAM::Role"
GROUP = "AWS::IAM::Group"
POLICY = "AWS::IAM::Policy"
DAY = 86_400
# A change-triggered rule follows an IAM write within this many seconds.
CHANGE_LATENCY = 5.0


def enable_user_mfa(account: Account, user: str) -> str:
    serial, seed = mfa_helpers.create_device(account.iam, unique("mfa"))
    mfa_helpers.wait_for_fresh_step()
    mfa_helpers.enable(account.iam, user, serial, seed)
    return serial


def enroll_root_authenticator(org, account: Account) -> str:
    """Root gets a password (the admin's recovery), signs in to the console and adds an authenticator."""
    run_rampart("admin", "recover-root-password", "--endpoint", org.server.endpoint, "--data", org.server.data_dir,
                "--email", account.email, "--password", ROOT_PASSWORD)
    client = ConsoleClient(org.server.endpoint)
    if client.sign_in_root(account.email, ROOT_PASSWORD).url.endswith("/console/enroll"):
        client.post("/console/enroll", {"action": "setup"})
    serial, _ = add_own_authenticator(client)
    return serial


def drop_root_key(account: Account) -> Account:
    """Deletes root's only credential, acting from then on as an IAM administrator of the account."""
    admin = account.admin_session()
    key = account.iam.list_access_keys()["AccessKeyMetadata"][0]["AccessKeyId"]
    account.iam.delete_access_key(AccessKeyId=key)
    account.root = admin
    account.iam = account.org.client(admin, "iam")
    account.config = account.org.client(admin, "config")
    return account


# ---------------------------------------------------------------------------------------------
# Root user rules (periodic, on the account)
# ---------------------------------------------------------------------------------------------
def test_root_account_mfa_enabled(org, account: Account):
    account.with_recorder()
    rule = account.put_rule("ROOT_ACCOUNT_MFA_ENABLED")
    assert account.account_verdict(rule, evaluate=False) == "NON_COMPLIANT"
    serial = enroll_root_authenticator(org, account)
    assert account.account_verdict(rule) == "COMPLIANT"
    hardware = account.put_rule("ROOT_ACCOUNT_HARDWARE_MFA_ENABLED")
    # A virtual device is not hardware.
    assert account.account_verdict(hardware) == "NON_COMPLIANT"
    account.iam.deactivate_mfa_device(SerialNumber=serial)
    assert account.account_verdict(rule) == "NON_COMPLIANT"


def test_root_account_hardware_mfa_enabled(org, account: Account):
    account.with_recorder()
    rule = account.put_rule("ROOT_ACCOUNT_HARDWARE_MFA_ENABLED")
    assert account.account_verdict(rule, evaluate=False) == "NON_COMPLIANT"
    # The account imports a hardware token (Rampart's admin API) and root enables it on its security page.
    seed = base64.b32encode(os.urandom(20)).decode().rstrip("=")
    serial = "GAHT" + unique("").replace("-", "").upper()[:10]
    creds = account.root.get_credentials()
    resp = mfa_helpers.admin_call(org.server.endpoint, (creds.access_key, creds.secret_key),
                                  "ImportHardwareMFADevices", {"Devices": [{"SerialNumber": serial,
                                                                            "Base32StringSeed": seed}]})
    assert resp.ok, resp.text
    run_rampart("admin", "recover-root-password", "--endpoint", org.server.endpoint, "--data", org.server.data_dir,
                "--email", account.email, "--password", ROOT_PASSWORD)
    client = ConsoleClient(org.server.endpoint)
    if client.sign_in_root(account.email, ROOT_PASSWORD).url.endswith("/console/enroll"):
        client.post("/console/enroll", {"action": "setup"})
    mfa_helpers.wait_for_fresh_step()
    client.post("/console/security/authenticator/enable", {
        "serial": serial, "code1": mfa_helpers.code(seed, -1), "code2": mfa_helpers.code(seed, 0)})
    assert account.account_verdict(rule) == "COMPLIANT"
    account.iam.deactivate_mfa_device(SerialNumber=serial)
    assert account.account_verdict(rule) == "NON_COMPLIANT"


def test_root_rules_do_not_apply_without_root_credentials(account: Account):
    account.with_recorder()
    mfa = account.put_rule("ROOT_ACCOUNT_MFA_ENABLED")
    hardware = account.put_rule("ROOT_ACCOUNT_HARDWARE_MFA_ENABLED")
    keys = account.put_rule("IAM_ROOT_ACCESS_KEY_CHECK")
    assert account.account_verdict(mfa) == "NON_COMPLIANT"
    assert account.account_verdict(hardware) == "NON_COMPLIANT"
    assert account.account_verdict(keys) == "NON_COMPLIANT"
    drop_root_key(account)
    assert account.account_verdict(mfa) == "NOT_APPLICABLE"
    assert account.account_verdict(hardware) == "NOT_APPLICABLE"
    assert account.account_verdict(keys) == "COMPLIANT"
    # NOT_APPLICABLE is a verdict of its own: the rule then has insufficient data.
    summary = account.config.describe_compliance_by_config_rule(ConfigRuleNames=[mfa])["ComplianceByConfigRules"]
    assert summary == [{"ConfigRuleName": mfa, "Compliance": {"ComplianceType": "INSUFFICIENT_DATA"}}]


def test_root_access_key_check_follows_a_new_root_key(account: Account):
    account.with_recorder()
    drop_root_key(account)
    rule = account.put_rule("IAM_ROOT_ACCESS_KEY_CHECK")
    assert account.account_verdict(rule, evaluate=False) == "COMPLIANT"


# ---------------------------------------------------------------------------------------------
# User credential rules (periodic)
# ---------------------------------------------------------------------------------------------
def test_iam_user_mfa_enabled(account: Account):
    account.with_recorder()
    name, uid = account.user()
    rule = account.put_rule("IAM_USER_MFA_ENABLED")
    assert account.verdict(rule, USER, uid, evaluate=False) == "NON_COMPLIANT"
    serial = enable_user_mfa(account, name)
    assert account.verdict(rule, USER, uid) == "COMPLIANT"
    account.iam.deactivate_mfa_device(UserName=name, SerialNumber=serial)
    assert account.verdict(rule, USER, uid) == "NON_COMPLIANT"


def test_mfa_enabled_for_iam_console_access(account: Account):
    account.with_recorder()
    name, uid = account.user()
    rule = account.put_rule("MFA_ENABLED_FOR_IAM_CONSOLE_ACCESS")
    assert account.verdict(rule, USER, uid, evaluate=False) == "COMPLIANT"
    account.iam.create_login_profile(UserName=name, Password="Correct-Horse-9-battery")
    assert account.verdict(rule, USER, uid) == "NON_COMPLIANT"
    enable_user_mfa(account, name)
    assert account.verdict(rule, USER, uid) == "COMPLIANT"


def test_access_keys_rotated(account: Account, shifted):
    account.with_recorder()
    name, uid = account.user()
    account.iam.create_access_key(UserName=name)
    default = account.put_rule("ACCESS_KEYS_ROTATED")
    longer = account.put_rule("ACCESS_KEYS_ROTATED", parameters={"maxAccessKeyAge": "100"})
    assert account.verdict(default, USER, uid, evaluate=False) == "COMPLIANT"
    shifted(91 * DAY)
    assert account.verdict(default, USER, uid) == "NON_COMPLIANT"
    assert account.verdict(longer, USER, uid) == "COMPLIANT"
    # Deactivating the old key is a rotation's end.
    key = account.iam.list_access_keys(UserName=name)["AccessKeyMetadata"][0]["AccessKeyId"]
    account.iam.update_access_key(UserName=name, AccessKeyId=key, Status="Inactive")
    assert account.verdict(default, USER, uid) == "COMPLIANT"


def test_iam_user_unused_credentials_check(account: Account, shifted):
    account.with_recorder()
    name, uid = account.user()
    account.iam.create_access_key(UserName=name)
    rule = account.put_rule("IAM_USER_UNUSED_CREDENTIALS_CHECK", parameters={"maxCredentialUsageAge": "45"})
    assert account.verdict(rule, USER, uid, evaluate=False) == "COMPLIANT"
    shifted(46 * DAY)
    assert account.verdict(rule, USER, uid) == "NON_COMPLIANT"
    key = account.iam.list_access_keys(UserName=name)["AccessKeyMetadata"][0]["AccessKeyId"]
    account.iam.delete_access_key(UserName=name, AccessKeyId=key)
    assert account.verdict(rule, USER, uid) == "COMPLIANT"


def test_iam_password_policy(account: Account):
    account.with_recorder()
    rule = account.put_rule("IAM_PASSWORD_POLICY")
    assert account.account_verdict(rule, evaluate=False) == "NON_COMPLIANT"
    strict = dict(MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
                  RequireLowercaseCharacters=True, MaxPasswordAge=90, PasswordReusePrevention=24)
    account.iam.update_account_password_policy(**strict)
    assert account.account_verdict(rule) == "COMPLIANT"
    account.iam.update_account_password_policy(**{**strict, "MinimumPasswordLength": 12})
    assert account.account_verdict(rule) == "NON_COMPLIANT"
    relaxed = account.put_rule("IAM_PASSWORD_POLICY", parameters={"MinimumPasswordLength": "12"})
    assert account.account_verdict(relaxed, evaluate=False) == "COMPLIANT"
    account.iam.delete_account_password_policy()
    assert account.account_verdict(relaxed) == "NON_COMPLIANT"


# ---------------------------------------------------------------------------------------------
# Change-triggered rules: no StartConfigRulesEvaluation, the IAM write is enough
# ---------------------------------------------------------------------------------------------
def policy_id(account: Account, arn: str) -> str:
    return account.iam.get_policy(PolicyArn=arn)["Policy"]["PolicyId"]


def test_iam_policy_no_statements_with_admin_access(account: Account):
    account.with_recorder()
    rule = account.put_rule("IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS")
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    arn = account.iam.create_policy(PolicyName=unique("p"), PolicyDocument=dumps(doc))["Policy"]["Arn"]
    pid = policy_id(account, arn)
    took = account.wait_verdict(rule, POLICY, pid, "NON_COMPLIANT", timeout=CHANGE_LATENCY)
    narrow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}
    account.iam.create_policy_version(PolicyArn=arn, PolicyDocument=dumps(narrow), SetAsDefault=True)
    took = max(took, account.wait_verdict(rule, POLICY, pid, "COMPLIANT", timeout=CHANGE_LATENCY))
    print(f"change-triggered re-evaluation took up to {took:.2f}s")


def test_iam_policy_no_statements_with_full_access(account: Account):
    account.with_recorder()
    rule = account.put_rule("IAM_POLICY_NO_STATEMENTS_WITH_FULL_ACCESS")
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]}
    arn = account.iam.create_policy(PolicyName=unique("p"), PolicyDocument=dumps(doc))["Policy"]["Arn"]
    pid = policy_id(account, arn)
    account.wait_verdict(rule, POLICY, pid, "NON_COMPLIANT", timeout=CHANGE_LATENCY)
    narrow = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]}
    account.iam.create_policy_version(PolicyArn=arn, PolicyDocument=dumps(narrow), SetAsDefault=True)
    account.wait_verdict(rule, POLICY, pid, "COMPLIANT", timeout=CHANGE_LATENCY)


def test_excluding_permission_boundaries(account: Account):
    account.with_recorder()
    doc = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}]}
    arn = account.iam.create_policy(PolicyName=unique("p"), PolicyDocument=dumps(doc))["Policy"]["Arn"]
    name, _ = account.user()
    account.iam.put_user_permissions_boundary(UserName=name, PermissionsBoundary=arn)
    rule = account.put_rule("IAM_POLICY_NO_STATEMENTS_WITH_ADMIN_ACCESS",
                            parameters={"excludePermissionBoundaryPolicy": "true"})
    assert account.verdict(rule, POLICY, policy_id(account, arn), evaluate=False) == "NOT_APPLICABLE"
    account.iam.delete_user_permissions_boundary(UserName=name)
    account.wait_verdict(rule, POLICY, policy_id(account, arn), "NON_COMPLIANT", timeout=CHANGE_LATENCY)


def test_iam_user_no_policies_check(account: Account):
    account.with_recorder()
    name, uid = account.user()
    rule = account.put_rule("IAM_USER_NO_POLICIES_CHECK")
    assert account.verdict(rule, USER, uid, evaluate=False) == "COMPLIANT"
    account.iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    account.wait_verdict(rule, USER, uid, "NON_COMPLIANT", timeout=CHANGE_LATENCY)
    account.iam.detach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    account.wait_verdict(rule, USER, uid, "COMPLIANT", timeout=CHANGE_LATENCY)


def test_iam_no_inline_policy_check(account: Account):
    account.with_recorder()
    role = account.iam.create_role(RoleName=unique("r"), AssumeRolePolicyDocument=dumps(
        trust_doc(f"arn:aws:iam::{account.id}:root")))["Role"]
    group = account.iam.create_group(GroupName=unique("g"))["Group"]
    rule = account.put_rule("IAM_NO_INLINE_POLICY_CHECK")
    assert account.verdict(rule, ROLE, role["RoleId"], evaluate=False) == "COMPLIANT"
    inline = dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",
                                                           "Resource": "*"}]})
    account.iam.put_role_policy(RoleName=role["RoleName"], PolicyName="inline", PolicyDocument=inline)
    account.iam.put_group_policy(GroupName=group["GroupName"], PolicyName="inline", PolicyDocument=inline)
    account.wait_verdict(rule, ROLE, role["RoleId"], "NON_COMPLIANT", timeout=CHANGE_LATENCY)
    assert account.results(rule)[(GROUP, group["GroupId"])] == "NON_COMPLIANT"
    account.iam.delete_role_policy(RoleName=role["RoleName"], PolicyName="inline")
    account.wait_verdict(rule, ROLE, role["RoleId"], "COMPLIANT", timeout=CHANGE_LATENCY)


def test_iam_user_group_membership_check(account: Account):
    account.with_recorder()
    name, uid = account.user()
    group = account.iam.create_group(GroupName=unique("g"))["Group"]["GroupName"]
    any_group = account.put_rule("IAM_USER_GROUP_MEMBERSHIP_CHECK")
    named = account.put_rule("IAM_USER_GROUP_MEMBERSHIP_CHECK", parameters={"groupNames": f"admins,{group}"})
    other = account.put_rule("IAM_USER_GROUP_MEMBERSHIP_CHECK", parameters={"groupNames": "admins"})
    assert account.verdict(any_group, USER, uid, evaluate=False) == "NON_COMPLIANT"
    account.iam.add_user_to_group(GroupName=group, UserName=name)
    account.wait_verdict(any_group, USER, uid, "COMPLIANT", timeout=CHANGE_LATENCY)
    account.wait_verdict(named, USER, uid, "COMPLIANT", timeout=CHANGE_LATENCY)
    assert account.results(other)[(USER, uid)] == "NON_COMPLIANT"


def test_iam_group_has_users_check(account: Account):
    account.with_recorder()
    group = account.iam.create_group(GroupName=unique("g"))["Group"]
    rule = account.put_rule("IAM_GROUP_HAS_USERS_CHECK")
    assert account.verdict(rule, GROUP, group["GroupId"], evaluate=False) == "NON_COMPLIANT"
    name, _ = account.user()
    account.iam.add_user_to_group(GroupName=group["GroupName"], UserName=name)
    account.wait_verdict(rule, GROUP, group["GroupId"], "COMPLIANT", timeout=CHANGE_LATENCY)
    account.iam.remove_user_from_group(GroupName=group["GroupName"], UserName=name)
    account.wait_verdict(rule, GROUP, group["GroupId"], "NON_COMPLIANT", timeout=CHANGE_LATENCY)


def test_iam_role_managed_policy_check(account: Account):
    account.with_recorder()
    role = account.iam.create_role(RoleName=unique("r"), AssumeRolePolicyDocument=dumps(
        trust_doc(f"arn:aws:iam::{account.id}:root")))["Role"]
    wanted = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    rule = account.put_rule("IAM_ROLE_MANAGED_POLICY_CHECK", parameters={"managedPolicyArns": wanted})
    assert account.verdict(rule, ROLE, role["RoleId"], evaluate=False) == "NON_COMPLIANT"
    account.iam.attach_role_policy(RoleName=role["RoleName"], PolicyArn=wanted)
    account.wait_verdict(rule, ROLE, role["RoleId"], "COMPLIANT", timeout=CHANGE_LATENCY)


def test_iam_policy_in_use(account: Account):
    account.with_recorder()
    arn = account.iam.create_policy(PolicyName=unique("p"), PolicyDocument=dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]})
    )["Policy"]["Arn"]
    rule = account.put_rule("IAM_POLICY_IN_USE", parameters={"policyARN": arn})
    roles_only = account.put_rule("IAM_POLICY_IN_USE", parameters={"policyARN": arn, "policyUsageType": "IAM_ROLE"})
    assert account.account_verdict(rule, evaluate=False) == "NON_COMPLIANT"
    name, _ = account.user()
    account.iam.attach_user_policy(UserName=name, PolicyArn=arn)
    assert account.account_verdict(rule) == "COMPLIANT"
    assert account.account_verdict(roles_only) == "NON_COMPLIANT"


# ---------------------------------------------------------------------------------------------
# Triggers
# ---------------------------------------------------------------------------------------------
def test_periodic_rules_run_on_their_frequency(account: Account, shifted):
    account.with_recorder()
    name, uid = account.user()
    hourly = account.put_rule("IAM_USER_MFA_ENABLED", MaximumExecutionFrequency="One_Hour")
    daily = account.put_rule("IAM_USER_MFA_ENABLED")
    enable_user_mfa(account, name)
    # No evaluation was asked for: the verdicts still describe the user without MFA.
    time.sleep(1.0)
    assert account.results(hourly)[(USER, uid)] == "NON_COMPLIANT"
    shifted(3601)
    account.wait_verdict(hourly, USER, uid, "COMPLIANT", timeout=8.0)
    assert account.results(daily)[(USER, uid)] == "NON_COMPLIANT"
    shifted(DAY + 1)
    account.wait_verdict(daily, USER, uid, "COMPLIANT", timeout=8.0)


def test_a_resource_that_is_deleted_loses_its_verdict(account: Account):
    account.with_recorder()
    name, uid = account.user()
    rule = account.put_rule("IAM_USER_NO_POLICIES_CHECK")
    assert (USER, uid) in account.results(rule)
    account.iam.delete_user(UserName=name)
    deadline = time.monotonic() + CHANGE_LATENCY
    while (USER, uid) in account.results(rule) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert (USER, uid) not in account.results(rule)


def test_a_compliance_change_is_an_event_in_the_trail(org, account: Account):
    account.with_recorder()
    name, uid = account.user()
    rule = account.put_rule("IAM_USER_NO_POLICIES_CHECK")
    account.iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    account.wait_verdict(rule, USER, uid, "NON_COMPLIANT", timeout=CHANGE_LATENCY)
    trail = org.client(account.root, "cloudtrail")
    events = trail.lookup_events(LookupAttributes=[
        {"AttributeKey": "EventSource", "AttributeValue": "config.amazonaws.com"}])["Events"]
    changes = [json.loads(e["CloudTrailEvent"]) for e in events if e["EventName"] == "ConfigRulesComplianceChange"]
    details = [c["additionalEventData"] for c in changes if c["additionalEventData"]["resourceId"] == uid]
    assert [d["newComplianceType"] for d in details] == ["NON_COMPLIANT", "COMPLIANT"]
    assert details[0]["oldComplianceType"] == "COMPLIANT" and "oldComplianceType" not in details[1]
    assert details[0]["configRuleName"] == rule
    assert changes[0]["userIdentity"] == {"type": "AWSService", "invokedBy": "config.amazonaws.com"}
    assert changes[0]["eventType"] == "AwsServiceEvent"


# ---------------------------------------------------------------------------------------------
# The compliance queries
# ---------------------------------------------------------------------------------------------
def test_compliance_queries(org, account: Account, tmp_path):
    account.with_recorder()
    good, good_id = account.user()
    bad, bad_id = account.user()
    account.iam.attach_user_policy(UserName=bad, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    policies = account.put_rule("IAM_USER_NO_POLICIES_CHECK")
    groups = account.put_rule("IAM_USER_GROUP_MEMBERSHIP_CHECK")
    password = account.put_rule("IAM_PASSWORD_POLICY")
    config = account.config

    by_rule = config.describe_compliance_by_config_rule()["ComplianceByConfigRules"]
    assert {r["ConfigRuleName"]: r["Compliance"] for r in by_rule} == {
        policies: {"ComplianceType": "NON_COMPLIANT",
                   "ComplianceContributorCount": {"CappedCount": 1, "CapExceeded": False}},
        groups: {"ComplianceType": "NON_COMPLIANT",
                 "ComplianceContributorCount": {"CappedCount": 2, "CapExceeded": False}},
        password: {"ComplianceType": "NON_COMPLIANT",
                   "ComplianceContributorCount": {"CappedCount": 1, "CapExceeded": False}},
    }
    account.iam.update_account_password_policy(
        MinimumPasswordLength=14, RequireSymbols=True, RequireNumbers=True, RequireUppercaseCharacters=True,
        RequireLowercaseCharacters=True, MaxPasswordAge=90, PasswordReusePrevention=24)
    config.start_config_rules_evaluation(ConfigRuleNames=[password])
    compliant = config.describe_compliance_by_config_rule(ComplianceTypes=["COMPLIANT"])["ComplianceByConfigRules"]
    assert [r["ConfigRuleName"] for r in compliant] == [password]

    by_resource = config.describe_compliance_by_resource(ResourceType=USER)["ComplianceByResources"]
    assert {r["ResourceId"]: r["Compliance"]["ComplianceType"] for r in by_resource} == {
        good_id: "NON_COMPLIANT", bad_id: "NON_COMPLIANT"}
    bad_row = [r for r in by_resource if r["ResourceId"] == bad_id][0]
    assert bad_row["Compliance"]["ComplianceContributorCount"] == {"CappedCount": 2, "CapExceeded": False}
    one = config.describe_compliance_by_resource(ResourceType=USER, Limit=1)
    assert len(one["ComplianceByResources"]) == 1 and "NextToken" in one
    rest = config.describe_compliance_by_resource(ResourceType=USER, Limit=1, NextToken=one["NextToken"])
    assert len(rest["ComplianceByResources"]) == 1 and "NextToken" not in rest
    unknown = config.describe_compliance_by_resource(ResourceType=USER, ResourceId="AIDANOBODY")
    assert unknown["ComplianceByResources"] == [
        {"ResourceType": USER, "ResourceId": "AIDANOBODY", "Compliance": {"ComplianceType": "INSUFFICIENT_DATA"}}]
    with aws_error("InvalidParameterValueException", 400):
        config.describe_compliance_by_resource(ResourceId=good_id)

    details = config.get_compliance_details_by_resource(ResourceType=USER, ResourceId=bad_id)["EvaluationResults"]
    assert sorted(d["EvaluationResultIdentifier"]["EvaluationResultQualifier"]["ConfigRuleName"]
                  for d in details) == sorted([policies, groups])
    assert all(d["ComplianceType"] == "NON_COMPLIANT" for d in details)
    assert "ResultRecordedTime" in details[0] and "ConfigRuleInvokedTime" in details[0]
    only = config.get_compliance_details_by_config_rule(ConfigRuleName=policies, ComplianceTypes=["COMPLIANT"])
    assert [r["EvaluationResultIdentifier"]["EvaluationResultQualifier"]["ResourceId"]
            for r in only["EvaluationResults"]] == [good_id]
    with aws_error("InvalidParameterValueException", 400):
        config.get_compliance_details_by_resource(ResourceType=USER)

    summary = config.get_compliance_summary_by_config_rule()["ComplianceSummary"]
    assert summary["CompliantResourceCount"] == {"CappedCount": 1, "CapExceeded": False}
    assert summary["NonCompliantResourceCount"] == {"CappedCount": 2, "CapExceeded": False}
    by_type = config.get_compliance_summary_by_resource_type(ResourceTypes=[USER, "AWS::::Account"])
    by_type = {s["ResourceType"]: s["ComplianceSummary"] for s in by_type["ComplianceSummariesByResourceType"]}
    assert by_type[USER]["NonCompliantResourceCount"]["CappedCount"] == 2
    assert by_type["AWS::::Account"]["CompliantResourceCount"]["CappedCount"] == 1
    total = config.get_compliance_summary_by_resource_type()["ComplianceSummariesByResourceType"]
    assert len(total) == 1 and "ResourceType" not in total[0]
    assert total[0]["ComplianceSummary"]["NonCompliantResourceCount"]["CappedCount"] == 2

    # The aws CLI reads the same results.
    creds = account.root.get_credentials()
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": creds.access_key, "AWS_SECRET_ACCESS_KEY": creds.secret_key})
    out = run_cli(["configservice", "get-compliance-details-by-config-rule", "--config-rule-name", policies,
                   "--compliance-types", "NON_COMPLIANT", "--endpoint-url", org.server.endpoint, "--output", "json"],
                  env)
    assert out.returncode == 0, out.stderr
    results = json.loads(out.stdout)["EvaluationResults"]
    assert [r["EvaluationResultIdentifier"]["EvaluationResultQualifier"]["ResourceId"] for r in results] == [bad_id]
