"""The policy simulator: SimulateCustomPolicy, SimulatePrincipalPolicy and GetContextKeysFor*Policy,
with boto3 and the aws CLI. The MFA truth table of the inventory (section 7) is checked row by row
in the three credential contexts: key absent (long-term keys), false (session without MFA), true."""

from __future__ import annotations

import json

import pytest

from e2e_helpers import ACCOUNT_ID, aws_error, dumps, group_arn, iam_marker, role_arn, unique, user_arn

ALLOW_ALL = {"Effect": "Allow", "Action": "*", "Resource": "*"}


def mfa_statement(effect: str, operator: str, value: str) -> dict:
    return {"Effect": effect, "Action": "s3:GetObject", "Resource": "*",
            "Condition": {operator: {"aws:MultiFactorAuthPresent": value}}}


def mfa_context(state: str | None) -> list[dict]:
    if state is None:
        return []
    return [{"ContextKeyName": "aws:MultiFactorAuthPresent", "ContextKeyValues": [state],
             "ContextKeyType": "boolean"}]


# (statement, extra statements, expected decision for: key absent, "false", "true")
TRUTH_TABLE = [
    ("deny-bool-false", mfa_statement("Deny", "Bool", "false"), ["allowed", "explicitDeny", "allowed"]),
    ("deny-boolifexists-false", mfa_statement("Deny", "BoolIfExists", "false"),
     ["explicitDeny", "explicitDeny", "allowed"]),
    ("allow-boolifexists-true", mfa_statement("Allow", "BoolIfExists", "true"),
     ["allowed", "implicitDeny", "allowed"]),
    ("allow-bool-true", mfa_statement("Allow", "Bool", "true"), ["implicitDeny", "implicitDeny", "allowed"]),
    ("allow-null-false", mfa_statement("Allow", "Null", "false"), ["implicitDeny", "allowed", "allowed"]),
    ("deny-null-true", mfa_statement("Deny", "Null", "true"), ["explicitDeny", "allowed", "allowed"]),
]


@pytest.mark.parametrize("name,statement,expected", TRUTH_TABLE, ids=[row[0] for row in TRUTH_TABLE])
def test_mfa_truth_table(iam, name, statement, expected):
    statements = [statement] + ([ALLOW_ALL] if statement["Effect"] == "Deny" else [])
    policy = dumps({"Version": "2012-10-17", "Statement": statements})
    got = []
    for state in (None, "false", "true"):
        result = iam.simulate_custom_policy(
            PolicyInputList=[policy], ActionNames=["s3:GetObject"], ContextEntries=mfa_context(state),
        )["EvaluationResults"][0]
        got.append(result["EvalDecision"])
    assert got == expected


def test_mfa_age_and_missing_context_values(iam):
    policy = dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*",
        "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}]})

    def decide(entries):
        return iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["iam:ListUsers"],
                                          ContextEntries=entries)["EvaluationResults"][0]

    age = lambda seconds: [{"ContextKeyName": "aws:MultiFactorAuthAge", "ContextKeyValues": [seconds],
                            "ContextKeyType": "numeric"}]
    assert decide(age("100"))["EvalDecision"] == "allowed"
    assert decide(age("4000"))["EvalDecision"] == "implicitDeny"
    absent = decide([])
    assert absent["EvalDecision"] == "implicitDeny"
    assert absent["MissingContextValues"] == ["aws:MultiFactorAuthAge"]


def test_explicit_deny_names_the_deny_statement_with_positions(iam):
    # Formatted the way the IAM console formats a policy: the deny statement spans lines 8 to 12.
    text = (
        '{\n'
        '    "Version": "2012-10-17",\n'
        '    "Statement": [{\n'
        '            "Effect": "Allow",\n'
        '            "Action": "iam:*",\n'
        '            "Resource": "*"\n'
        '        },\n'
        '        {\n'
        '            "Effect": "Deny",\n'
        '            "Action": "iam:DeleteUser",\n'
        '            "Resource": "*"\n'
        '        }\n'
        '    ]\n'
        '}'
    )
    results = iam.simulate_custom_policy(PolicyInputList=[text], ActionNames=["iam:DeleteUser", "iam:GetUser"])
    delete, get = results["EvaluationResults"]
    assert delete["EvalActionName"] == "iam:DeleteUser" and delete["EvalResourceName"] == "*"
    assert delete["EvalDecision"] == "explicitDeny"
    [matched] = delete["MatchedStatements"]
    assert matched["SourcePolicyId"] == "PolicyInputList.1" and matched["SourcePolicyType"] == "none"
    assert matched["StartPosition"] == {"Line": 8, "Column": 9}
    assert matched["EndPosition"] == {"Line": 12, "Column": 10}
    assert get["EvalDecision"] == "allowed"
    assert get["MatchedStatements"][0]["StartPosition"] == {"Line": 3, "Column": 19}
    assert get["MatchedStatements"][0]["EndPosition"] == {"Line": 7, "Column": 10}


def test_every_action_on_every_resource_with_paging(iam):
    policy = dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::open/*"}]})
    resources = ["arn:aws:s3:::open/a", "arn:aws:s3:::closed/b"]
    full = iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["s3:GetObject", "s3:PutObject"],
                                      ResourceArns=resources)
    pairs = [(r["EvalActionName"], r["EvalResourceName"], r["EvalDecision"]) for r in full["EvaluationResults"]]
    assert pairs == [
        ("s3:GetObject", "arn:aws:s3:::open/a", "allowed"),
        ("s3:GetObject", "arn:aws:s3:::closed/b", "implicitDeny"),
        ("s3:PutObject", "arn:aws:s3:::open/a", "implicitDeny"),
        ("s3:PutObject", "arn:aws:s3:::closed/b", "implicitDeny"),
    ]
    specific = full["EvaluationResults"][0]["ResourceSpecificResults"]
    assert specific[0]["EvalResourceName"] == "arn:aws:s3:::open/a"
    assert specific[0]["EvalResourceDecision"] == "allowed"
    first = iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["s3:GetObject", "s3:PutObject"],
                                       ResourceArns=resources, MaxItems=3)
    assert len(first["EvaluationResults"]) == 3 and first["IsTruncated"] is True
    rest = iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["s3:GetObject", "s3:PutObject"],
                                      ResourceArns=resources, MaxItems=3, Marker=first["Marker"])
    assert len(rest["EvaluationResults"]) == 1 and rest["IsTruncated"] is False
    # boto3's paginator follows the marker too.
    pages = iam.get_paginator("simulate_custom_policy").paginate(
        PolicyInputList=[policy], ActionNames=["s3:GetObject", "s3:PutObject"], ResourceArns=resources,
        PaginationConfig={"PageSize": 1})
    assert sum(len(page["EvaluationResults"]) for page in pages) == 4


def test_huge_action_by_resource_product_costs_one_page(iam):
    """The attack: 1,500 actions x 1,500 resources (2.25 million results, ~160 KB of request). Before, the
    whole product was evaluated before MaxItems applied (seconds and a gigabyte per call); now only the
    page asked for is evaluated, wherever the marker points."""
    import time
    policy = dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "arn:aws:s3:::b/1"}]})
    actions = [f"s3:Op{i}" for i in range(1499)] + ["s3:GetObject"]
    resources = [f"arn:aws:s3:::b/{i}" for i in range(1500)]
    started = time.monotonic()
    first = iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=actions, ResourceArns=resources)
    assert len(first["EvaluationResults"]) == 100 and first["IsTruncated"] is True
    assert first["EvaluationResults"][1]["EvalResourceName"] == "arn:aws:s3:::b/1"
    # The last page: GetObject on the last resources; result 1499*1500+1 is the one allowed.
    last = iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=actions, ResourceArns=resources,
                                      Marker=iam_marker(str(1499 * 1500), "Simulate"), MaxItems=1000)
    assert len(last["EvaluationResults"]) == 1000 and last["IsTruncated"] is True
    allowed = [(r["EvalActionName"], r["EvalResourceName"]) for r in last["EvaluationResults"]
               if r["EvalDecision"] == "allowed"]
    assert allowed == [("s3:GetObject", "arn:aws:s3:::b/1")]
    tail = iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=actions, ResourceArns=resources,
                                      Marker=last["Marker"], MaxItems=1000)
    assert len(tail["EvaluationResults"]) == 500 and tail["IsTruncated"] is False
    assert time.monotonic() - started < 10
    with aws_error("ValidationError", 400, "Invalid Marker."):
        iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=actions[:2], Marker="not-a-marker")


def test_large_policies_get_shorter_pages(iam):
    """Three policies near IAM's 131,072-character cap, evaluated 1,000 times, would be a third of a gigabyte
    of matching for one call: the page shrinks to the work budget, and the marker carries on from there."""
    statements = [{"Effect": "Allow", "Action": f"s3:Op{i}", "Resource": f"arn:aws:s3:::bucket-{i}/*"}
                  for i in range(1400)]
    policy = dumps({"Version": "2012-10-17", "Statement": statements})
    actions = [f"s3:Op{i}" for i in range(200)]
    page = iam.simulate_custom_policy(PolicyInputList=[policy] * 3, ActionNames=actions, MaxItems=1000)
    assert 0 < len(page["EvaluationResults"]) < 200 and page["IsTruncated"] is True
    seen = len(page["EvaluationResults"])
    while page["IsTruncated"]:
        page = iam.simulate_custom_policy(PolicyInputList=[policy] * 3, ActionNames=actions, MaxItems=1000,
                                          Marker=page["Marker"])
        seen += len(page["EvaluationResults"])
    assert seen == 200


def test_permissions_boundary_detail(iam):
    identity = dumps({"Version": "2012-10-17", "Statement": [ALLOW_ALL]})
    boundary = dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})
    results = iam.simulate_custom_policy(PolicyInputList=[identity], PermissionsBoundaryPolicyInputList=[boundary],
                                         ActionNames=["s3:GetObject", "iam:CreateUser"])["EvaluationResults"]
    s3, create = results
    assert s3["EvalDecision"] == "allowed"
    assert s3["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": True}
    assert create["EvalDecision"] == "implicitDeny"
    assert create["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}
    with aws_error("InvalidInput", 400):
        iam.simulate_custom_policy(PolicyInputList=[identity], PermissionsBoundaryPolicyInputList=[boundary, boundary],
                                   ActionNames=["s3:GetObject"])


def test_service_control_policies_detail(iam):
    identity = dumps({"Version": "2012-10-17", "Statement": [ALLOW_ALL]})
    scp = dumps({"Version": "2012-10-17", "Statement": [
        ALLOW_ALL, {"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"}]})
    results = iam.simulate_custom_policy(
        PolicyInputList=[identity], ActionNames=["iam:GetUser", "iam:DeleteUser"],
        OrderedOrganizationPolicyInputList=[{"ServiceControlPolicyInputList": [scp]}])["EvaluationResults"]
    get, delete = results
    assert get["EvalDecision"] == "allowed"
    assert get["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": True}
    assert delete["EvalDecision"] == "explicitDeny"
    assert delete["OrganizationsDecisionDetail"] == {"AllowedByOrganizations": False}


def test_resource_policy_needs_a_user_caller(iam):
    resource_policy = dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"AWS": user_arn("reader")}, "Action": "s3:GetObject",
        "Resource": "arn:aws:s3:::bucket/*"}]})
    nothing = dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:ListBucket", "Resource": "*"}]})
    with aws_error("InvalidInput", 400):
        iam.simulate_custom_policy(PolicyInputList=[nothing], ActionNames=["s3:GetObject"],
                                   ResourcePolicy=resource_policy)
    with aws_error("InvalidInput", 400):
        iam.simulate_custom_policy(PolicyInputList=[nothing], ActionNames=["s3:GetObject"],
                                   ResourcePolicy=resource_policy, CallerArn=role_arn("r"))

    def decide(caller):
        result = iam.simulate_custom_policy(
            PolicyInputList=[nothing], ActionNames=["s3:GetObject"], ResourceArns=["arn:aws:s3:::bucket/key"],
            ResourcePolicy=resource_policy, CallerArn=caller)["EvaluationResults"][0]
        return result

    granted = decide(user_arn("reader"))
    assert granted["EvalDecision"] == "allowed"
    assert granted["MatchedStatements"][0]["SourcePolicyType"] == "resource"
    assert decide(user_arn("someone-else"))["EvalDecision"] == "implicitDeny"


def test_context_entries_are_checked(iam):
    policy = dumps({"Version": "2012-10-17", "Statement": [ALLOW_ALL]})
    bad = [
        {"ContextKeyName": "aws:MultiFactorAuthAge", "ContextKeyValues": ["soon"], "ContextKeyType": "numeric"},
        {"ContextKeyName": "aws:MultiFactorAuthPresent", "ContextKeyValues": ["yes"], "ContextKeyType": "boolean"},
        {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["300.1.1.1"], "ContextKeyType": "ip"},
        {"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["yesterday"], "ContextKeyType": "date"},
        {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.1", "10.0.0.2"], "ContextKeyType": "ip"},
    ]
    for entry in bad:
        with aws_error("InvalidInput", 400):
            iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["s3:GetObject"], ContextEntries=[entry])
    with aws_error("ValidationError", 400):
        iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["s3:GetObject"], ContextEntries=[
            {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.0.0.1"], "ContextKeyType": "address"}])
    with aws_error("InvalidInput", 400):
        iam.simulate_custom_policy(PolicyInputList=["{not json"], ActionNames=["s3:GetObject"])
    with aws_error("InvalidInput", 400):
        iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["GetObject"])


def test_every_context_type_is_evaluated(iam):
    policy = dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
        "Condition": {
            "IpAddress": {"aws:SourceIp": "10.0.0.0/8"},
            "DateGreaterThan": {"aws:CurrentTime": "2020-01-01T00:00:00Z"},
            "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]},
            "BinaryEquals": {"s3:Blob": "aGVsbG8="},
            "ForAnyValue:NumericEquals": {"s3:Sizes": "3"},
        }}]})
    entries = [
        {"ContextKeyName": "aws:SourceIp", "ContextKeyValues": ["10.1.2.3"], "ContextKeyType": "ip"},
        {"ContextKeyName": "aws:CurrentTime", "ContextKeyValues": ["2026-11-23T12:00:00Z"], "ContextKeyType": "date"},
        {"ContextKeyName": "aws:TagKeys", "ContextKeyValues": ["team"], "ContextKeyType": "stringList"},
        {"ContextKeyName": "s3:Blob", "ContextKeyValues": ["aGVsbG8="], "ContextKeyType": "binary"},
        {"ContextKeyName": "s3:Sizes", "ContextKeyValues": ["1", "3"], "ContextKeyType": "numericList"},
    ]

    def decide(entries):
        return iam.simulate_custom_policy(PolicyInputList=[policy], ActionNames=["s3:GetObject"],
                                          ContextEntries=entries)["EvaluationResults"][0]["EvalDecision"]

    assert decide(entries) == "allowed"
    outside = [dict(entries[0], ContextKeyValues=["192.168.0.1"])] + entries[1:]
    assert decide(outside) == "implicitDeny"
    extra_tag = entries[:2] + [dict(entries[2], ContextKeyValues=["team", "owner"])] + entries[3:]
    assert decide(extra_tag) == "implicitDeny"


def test_principal_policy_includes_groups_boundary_and_exclusions(iam, make_user, make_group, make_policy):
    user, _ = make_user(with_key=False)
    iam.put_user_policy(UserName=user, PolicyName="ReadOwn", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}))
    managed_arn = make_policy(document={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:ListUsers", "Resource": "*"}]})
    managed = {"Arn": managed_arn, "PolicyName": managed_arn.rsplit("/", 1)[1]}
    group = make_group(policy_arns=[managed_arn], members=[user])
    iam.put_group_policy(GroupName=group, PolicyName="NoDelete", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "iam:DeleteUser", "Resource": "*"}]}))

    def simulate(actions, **kwargs):
        results = iam.simulate_principal_policy(PolicySourceArn=user_arn(user), ActionNames=actions, **kwargs)
        return {r["EvalActionName"]: r for r in results["EvaluationResults"]}

    results = simulate(["s3:GetObject", "iam:ListUsers", "iam:DeleteUser", "iam:CreateUser"])
    assert results["s3:GetObject"]["EvalDecision"] == "allowed"
    assert results["s3:GetObject"]["MatchedStatements"][0]["SourcePolicyId"] == "ReadOwn"
    assert results["s3:GetObject"]["MatchedStatements"][0]["SourcePolicyType"] == "user"
    assert results["iam:ListUsers"]["EvalDecision"] == "allowed"
    assert results["iam:ListUsers"]["MatchedStatements"][0] == {
        **results["iam:ListUsers"]["MatchedStatements"][0],
        "SourcePolicyId": managed["PolicyName"], "SourcePolicyType": "user-managed"}
    assert results["iam:DeleteUser"]["EvalDecision"] == "explicitDeny"
    assert results["iam:DeleteUser"]["MatchedStatements"][0]["SourcePolicyType"] == "group"
    assert results["iam:CreateUser"]["EvalDecision"] == "implicitDeny"

    # PolicyInputList adds to the principal's own policies.
    extra = dumps({"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:CreateUser",
                                                          "Resource": "*"}]})
    assert simulate(["iam:CreateUser"], PolicyInputList=[extra])["iam:CreateUser"]["EvalDecision"] == "allowed"

    # Exclusions remove policies by type, by ARN and by inline name.
    excluded = simulate(["iam:DeleteUser", "iam:ListUsers", "s3:GetObject"], PolicyInputList=[dumps({
        "Version": "2012-10-17", "Statement": [ALLOW_ALL]})], PolicyExclusionList=[
        {"InlinePolicyIdentifier": {"PolicyName": "NoDelete", "AttachmentType": "group", "AttachmentName": "*"}},
        {"PolicyArn": managed["Arn"]},
    ])
    assert excluded["iam:DeleteUser"]["EvalDecision"] == "allowed"
    assert all(m["SourcePolicyId"] != managed["PolicyName"] for m in excluded["iam:ListUsers"]["MatchedStatements"])
    by_type = simulate(["s3:GetObject"], PolicyExclusionList=[{"PolicyType": "inline"}])
    assert by_type["s3:GetObject"]["EvalDecision"] == "implicitDeny"

    # The user's permissions boundary applies, and an input boundary replaces it.
    boundary = make_policy(document={"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}]})
    iam.put_user_permissions_boundary(UserName=user, PermissionsBoundary=boundary)
    bounded = simulate(["s3:GetObject", "iam:ListUsers"])
    assert bounded["s3:GetObject"]["EvalDecision"] == "implicitDeny"
    assert bounded["s3:GetObject"]["PermissionsBoundaryDecisionDetail"] == {"AllowedByPermissionsBoundary": False}
    assert bounded["iam:ListUsers"]["EvalDecision"] == "allowed"
    replaced = simulate(["s3:GetObject"], PermissionsBoundaryPolicyInputList=[dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]})])
    assert replaced["s3:GetObject"]["EvalDecision"] == "allowed"
    iam.delete_user_permissions_boundary(UserName=user)


def test_principal_policy_for_roles_and_groups(iam, make_role, make_group, make_policy):
    role, _ = make_role()
    iam.put_role_policy(RoleName=role, PolicyName="Reader", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:Get*", "Resource": "*"}]}))
    results = iam.simulate_principal_policy(PolicySourceArn=role_arn(role), ActionNames=["s3:GetObject"])
    [result] = results["EvaluationResults"]
    assert result["EvalDecision"] == "allowed"
    assert result["MatchedStatements"][0]["SourcePolicyType"] == "role"
    group = make_group(policy_arns=["arn:aws:iam::aws:policy/ReadOnlyAccess"])
    [result] = iam.simulate_principal_policy(PolicySourceArn=group_arn(group),
                                             ActionNames=["iam:GetUser"])["EvaluationResults"]
    assert result["EvalDecision"] == "allowed"
    assert result["MatchedStatements"][0]["SourcePolicyType"] == "aws-managed"
    assert result["MatchedStatements"][0]["SourcePolicyId"] == "ReadOnlyAccess"


def test_principal_policy_errors(iam):
    with aws_error("NoSuchEntity", 404):
        iam.simulate_principal_policy(PolicySourceArn=user_arn(unique("ghost")), ActionNames=["s3:GetObject"])
    with aws_error("InvalidInput", 400):
        iam.simulate_principal_policy(PolicySourceArn=f"arn:aws:iam::{ACCOUNT_ID}:root",
                                      ActionNames=["s3:GetObject"])
    with aws_error("InvalidInput", 400):
        iam.simulate_principal_policy(PolicySourceArn="arn:aws:iam::999999999999:user/elsewhere",
                                      ActionNames=["s3:GetObject"])
    with aws_error("ValidationError", 400):
        iam.simulate_principal_policy(PolicySourceArn="short", ActionNames=["s3:GetObject"])


def test_simulation_is_authorized(iam, make_user, connect):
    target, _ = make_user(with_key=False)
    caller, session = make_user()
    caller_iam = connect(session, "iam")
    with aws_error("AccessDenied", 403, message="iam:SimulatePrincipalPolicy"):
        caller_iam.simulate_principal_policy(PolicySourceArn=user_arn(target), ActionNames=["s3:GetObject"])
    iam.put_user_policy(UserName=caller, PolicyName="simulate", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:SimulatePrincipalPolicy",
                                               "Resource": user_arn(target)}]}))
    assert caller_iam.simulate_principal_policy(PolicySourceArn=user_arn(target), ActionNames=["s3:GetObject"])


def test_context_keys_for_custom_and_principal_policies(iam, make_user):
    policy = dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::*:user/${aws:username}"},
        {"Effect": "Deny", "Action": "*", "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"},
                       "IpAddress": {"aws:SourceIp": "10.0.0.0/8"}}},
        {"Effect": "Allow", "Action": "s3:*", "Resource": "*",
         "Condition": {"StringEquals": {"aws:PrincipalTag/team": "${aws:PrincipalTag/Team}"}}},
    ]})
    names = iam.get_context_keys_for_custom_policy(PolicyInputList=[policy])["ContextKeyNames"]
    assert names == ["aws:MultiFactorAuthPresent", "aws:PrincipalTag/team", "aws:SourceIp", "aws:username"]
    legacy = dumps({"Version": "2008-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "arn:aws:iam::*:user/${aws:username}"}]})
    assert iam.get_context_keys_for_custom_policy(PolicyInputList=[legacy]).get("ContextKeyNames", []) == []

    user, _ = make_user(with_key=False)
    iam.put_user_policy(UserName=user, PolicyName="age", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*",
                                               "Condition": {"NumericLessThan": {"aws:MultiFactorAuthAge": "3600"}}}]}))
    keys = iam.get_context_keys_for_principal_policy(PolicySourceArn=user_arn(user),
                                                     PolicyInputList=[policy])["ContextKeyNames"]
    assert keys == ["aws:MultiFactorAuthAge", "aws:MultiFactorAuthPresent", "aws:PrincipalTag/team",
                    "aws:SourceIp", "aws:username"]


def test_cli_simulate_custom_policy(aws, tmp_path):
    policy = tmp_path / "policy.json"
    # PolicyInputList is a list of strings: the CLI reads the file as a JSON list of policy texts.
    policy.write_text(json.dumps([json.dumps({"Version": "2012-10-17", "Statement": [
        mfa_statement("Deny", "BoolIfExists", "false"), ALLOW_ALL]})]))
    without = aws("iam", "simulate-custom-policy", "--policy-input-list", f"file://{policy}",
                  "--action-names", "s3:GetObject")
    assert without["EvaluationResults"][0]["EvalDecision"] == "explicitDeny"
    with_mfa = aws("iam", "simulate-custom-policy", "--policy-input-list", f"file://{policy}",
                   "--action-names", "s3:GetObject", "--context-entries",
                   "ContextKeyName=aws:MultiFactorAuthPresent,ContextKeyValues=true,ContextKeyType=boolean")
    assert with_mfa["EvaluationResults"][0]["EvalDecision"] == "allowed"
    keys = aws("iam", "get-context-keys-for-custom-policy", "--policy-input-list", f"file://{policy}")
    assert keys["ContextKeyNames"] == ["aws:MultiFactorAuthPresent"]
