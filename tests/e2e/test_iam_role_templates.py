"""Role templates with boto3: GetRoleTemplateVersion shows Rampart's AWS managed templates, AcquireRole
makes a role from one (name, path, trust policy, inline and managed policies, tags, session length from
the template, parameters filled in), returns the same role when asked again, and refuses what AWS
refuses: unknown templates and versions, a disabled version, missing, unknown and ill-typed parameters,
a name taken by another role, and callers without the underlying IAM permissions."""

from __future__ import annotations

import json

from e2e_helpers import ACCOUNT_ID, aws_error, unique

LAMBDA = "arn:aws:iam::aws:role-template/LambdaBasicExecution"
AUDITOR = "arn:aws:iam::aws:role-template/ReadOnlyAuditor"


def values(**params):
    return {name: {"Values": v if isinstance(v, list) else [v]} for name, v in params.items()}


def test_get_role_template_version(iam):
    version = iam.get_role_template_version(TemplateArn=LAMBDA)["RoleTemplateVersion"]
    assert version["TemplateName"] == "LambdaBasicExecution" and version["MinorVersion"] == 1
    assert version["DefaultMinorVersion"] == 1 and version["VersionEnabled"] and version["Enabled"]
    assert (version["ManagedByType"], version["ManagedByValue"]) == ("Service", "lambda.amazonaws.com")
    assert version["RoleNamePattern"] == "@{FunctionName}-execution-role"
    assert version["ParametersDefinition"] == [{
        "Name": "FunctionName", "Type": "String", "Description": "The name of the Lambda function the role runs.",
        "IsRequired": True, "Immutable": True}]
    # A policyDocumentType member: URL-encoded on the wire, decoded by botocore.
    assert version["AssumeRolePolicyDocumentTemplate"]["Statement"][0]["Principal"] == {
        "Service": "lambda.amazonaws.com"}
    [inline] = version["InlinePolicyTemplates"]
    assert inline["PolicyName"] == "LambdaBasicExecution"
    assert inline["PolicyDocument"]["Statement"][1]["Action"] == ["logs:CreateLogStream", "logs:PutLogEvents"]
    old = iam.get_role_template_version(TemplateArn=LAMBDA, MinorVersion=0)["RoleTemplateVersion"]
    assert old["MinorVersion"] == 0 and old["VersionEnabled"] is False
    auditor = iam.get_role_template_version(TemplateArn=AUDITOR)["RoleTemplateVersion"]
    assert auditor["ManagedPolicyArns"] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]


def test_get_role_template_version_refusals(iam):
    with aws_error("NoSuchEntity", 404, "The role template arn:aws:iam::aws:role-template/Nope cannot be found."):
        iam.get_role_template_version(TemplateArn="arn:aws:iam::aws:role-template/Nope")
    with aws_error("NoSuchEntity", 404, f"The role template {LAMBDA} has no minor version 7."):
        iam.get_role_template_version(TemplateArn=LAMBDA, MinorVersion=7)
    with aws_error("InvalidInput", 400, "ARN arn:aws:iam::aws:policy/ReadOnlyAccess is not a role template ARN."):
        iam.get_role_template_version(TemplateArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    with aws_error("ValidationError", 400, "Member must have length greater than or equal to 20"):
        iam.get_role_template_version(TemplateArn="arn:aws:iam::aws:r")


def test_acquire_role_creates_then_returns_the_role(iam):
    function = unique("fn")[:40]
    role = iam.acquire_role(TemplateArn=LAMBDA, ReplacementValues=values(FunctionName=function))["Role"]
    assert role["RoleName"] == f"{function}-execution-role" and role["Path"] == "/service-role/"
    assert role["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:role/service-role/{function}-execution-role"
    assert role["Description"] == f"Execution role of the Lambda function {function}"
    assert role["MaxSessionDuration"] == 3600
    assert role["SourceRoleTemplate"] == {"TemplateArn": LAMBDA, "TemplateMinorVersion": 1}
    assert role["Tags"] == [{"Key": "LambdaFunction", "Value": function}]
    policy = iam.get_role_policy(RoleName=role["RoleName"], PolicyName="LambdaBasicExecution")["PolicyDocument"]
    assert policy["Statement"][1]["Resource"] == (
        f"arn:aws:logs:*:{ACCOUNT_ID}:log-group:/aws/lambda/{function}:*")
    assert iam.get_role(RoleName=role["RoleName"])["Role"]["SourceRoleTemplate"]["TemplateArn"] == LAMBDA
    again = iam.acquire_role(TemplateArn=LAMBDA, ReplacementValues=values(FunctionName=function))["Role"]
    assert again["RoleId"] == role["RoleId"]


def test_acquire_role_with_list_parameter_and_managed_policy(iam, make_role):
    _, trusted = make_role()
    suffix = unique("s")[:20]
    role = iam.acquire_role(
        TemplateArn=AUDITOR, ReplacementValues=values(AuditorPrincipals=[trusted], RoleSuffix=suffix))["Role"]
    assert role["RoleName"] == f"ReadOnlyAuditor-{suffix}" and role["MaxSessionDuration"] == 43200
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"AWS": [trusted]}
    attached = iam.list_attached_role_policies(RoleName=role["RoleName"])["AttachedPolicies"]
    assert [p["PolicyArn"] for p in attached] == ["arn:aws:iam::aws:policy/ReadOnlyAccess"]


def test_acquire_role_refusals(iam, make_role):
    with aws_error("RoleTemplateDisabled", 400, f"The role template {LAMBDA} version 0 is disabled."):
        iam.acquire_role(TemplateArn=LAMBDA, TemplateMinorVersion=0, ReplacementValues=values(FunctionName="f"))
    with aws_error("InvalidInput", 400, "Missing value for required parameter FunctionName."):
        iam.acquire_role(TemplateArn=LAMBDA)
    with aws_error("InvalidInput", 400, "The role template version defines no parameter named Extra."):
        iam.acquire_role(TemplateArn=LAMBDA, ReplacementValues=values(FunctionName="f", Extra="x"))
    with aws_error("InvalidInput", 400, "Parameter FunctionName of type String takes one value."):
        iam.acquire_role(TemplateArn=LAMBDA, ReplacementValues=values(FunctionName=["a", "b"]))
    with aws_error("InvalidInput", 400, "Value nope of parameter AuditorPrincipals is not a valid ArnList."):
        iam.acquire_role(TemplateArn=AUDITOR, ReplacementValues=values(AuditorPrincipals=["nope"]))
    with aws_error("InvalidInput", 400, "is not a valid role name."):
        iam.acquire_role(TemplateArn=LAMBDA, ReplacementValues=values(FunctionName="x" * 60))
    with aws_error("InvalidInput", 400, "is not a valid role name."):
        iam.acquire_role(TemplateArn=LAMBDA, ReplacementValues=values(FunctionName="bad name"))
    taken, _ = make_role(prefix="taken")
    name = taken.removesuffix("-execution-role")
    iam.create_role(RoleName=f"{name}-execution-role", AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                                                 "Action": "sts:AssumeRole"}]}))
    with aws_error("NameConflict", 409, f"A role named {name}-execution-role already exists and was not created from"):
        iam.acquire_role(TemplateArn=LAMBDA, ReplacementValues=values(FunctionName=name))
    with aws_error("MalformedPolicyDocument", 400):
        iam.acquire_role(TemplateArn=AUDITOR, ReplacementValues=values(
            AuditorPrincipals=[f"arn:aws:iam::{ACCOUNT_ID}:role/no-such-role-{unique('r')}"]))
    with aws_error("ValidationError", 400, "Member must have length less than or equal to 30"):
        iam.acquire_role(TemplateArn=LAMBDA, ReplacementValues={f"P{i}": {"Values": ["v"]} for i in range(31)})


def test_acquire_role_needs_the_underlying_permissions(iam, make_user, make_policy, connect):
    allow_acquire_only = make_policy({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:AcquireRole", "Resource": "*"}]})
    _, session = make_user(policy_arns=[allow_acquire_only])
    caller = connect(session, "iam")
    with aws_error("AccessDenied", 403, "iam:CreateRole"):
        caller.acquire_role(TemplateArn=LAMBDA, ReplacementValues=values(FunctionName=unique("fn")[:40]))
