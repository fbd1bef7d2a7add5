"""Service-linked roles: CreateServiceLinkedRole, DeleteServiceLinkedRole, GetServiceLinkedRoleDeletionStatus,
and IAM's ordinary role operations refusing to change such a role (UnmodifiableEntity).

AWS's messages as public records quote them: "Service role name AWSServiceRoleForECS has been taken in this
account, please try a different suffix." and "Custom suffix is not allowed for es.amazonaws.com" (Terraform
users' reports, InvalidInput 400); "Cannot perform the operation on the protected role 'AWSServiceRoleForSupport'
- this role is only modifiable by AWS" (UnmodifiableEntity 400, aws-nuke and cloud-nuke reports). The unknown
service, non-service-linked role and deletion task messages are Rampart's own: no public record quotes AWS's."""

from __future__ import annotations

import json
import uuid

import pytest

from e2e_helpers import ACCOUNT_ID, allow_doc, aws_error, dumps, unique


def slr_arn(principal: str, name: str) -> str:
    return f"arn:aws:iam::{ACCOUNT_ID}:role/aws-service-role/{principal}/{name}"


@pytest.fixture
def linked(iam):
    """linked(principal, **kwargs) -> Role; every role made is deleted after the test."""
    made = []

    def _create(principal: str, **kwargs):
        role = iam.create_service_linked_role(AWSServiceName=principal, **kwargs)["Role"]
        made.append(role["RoleName"])
        return role

    yield _create
    for name in made:
        try:
            iam.delete_service_linked_role(RoleName=name)
        except iam.exceptions.NoSuchEntityException:
            pass


def test_create_names_the_role_as_aws_does(iam, linked):
    role = linked("elasticbeanstalk.amazonaws.com", Description="Beanstalk's own")
    assert role["RoleName"] == "AWSServiceRoleForElasticBeanstalk"
    assert role["Path"] == "/aws-service-role/elasticbeanstalk.amazonaws.com/"
    assert role["Arn"] == slr_arn("elasticbeanstalk.amazonaws.com", "AWSServiceRoleForElasticBeanstalk")
    assert role["RoleId"].startswith("AROA")
    assert role["Description"] == "Beanstalk's own"
    assert role["MaxSessionDuration"] == 3600
    assert role["AssumeRolePolicyDocument"] == {
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"Service": "elasticbeanstalk.amazonaws.com"},
                       "Action": "sts:AssumeRole"}],
    }
    got = iam.get_role(RoleName="AWSServiceRoleForElasticBeanstalk")["Role"]
    assert got["RoleId"] == role["RoleId"] and got["Path"] == role["Path"]
    listed = iam.list_roles(PathPrefix="/aws-service-role/")["Roles"]
    assert "AWSServiceRoleForElasticBeanstalk" in [r["RoleName"] for r in listed]


@pytest.mark.parametrize("principal,name", [
    ("ecs.amazonaws.com", "AWSServiceRoleForECS"),
    ("es.amazonaws.com", "AWSServiceRoleForAmazonElasticsearchService"),
    ("spot.amazonaws.com", "AWSServiceRoleForEC2Spot"),
    ("organizations.amazonaws.com", "AWSServiceRoleForOrganizations"),
    ("lex.amazonaws.com", "AWSServiceRoleForLexBots"),
])
def test_role_names_of_common_services(linked, principal, name):
    assert linked(principal)["RoleName"] == name


def test_second_role_of_a_service_is_refused(linked):
    linked("rds.amazonaws.com")
    with aws_error("InvalidInput", 400,
                   "Service role name AWSServiceRoleForRDS has been taken in this account, please try a different suffix."):
        linked("rds.amazonaws.com")


def test_custom_suffix_where_the_service_takes_one(iam, linked):
    first = linked("autoscaling.amazonaws.com")
    suffix = unique("s")
    second = linked("autoscaling.amazonaws.com", CustomSuffix=suffix)
    assert first["RoleName"] == "AWSServiceRoleForAutoScaling"
    assert second["RoleName"] == f"AWSServiceRoleForAutoScaling_{suffix}"
    assert second["Path"] == "/aws-service-role/autoscaling.amazonaws.com/"
    with aws_error("InvalidInput", 400, f"Service role name AWSServiceRoleForAutoScaling_{suffix} has been taken"):
        linked("autoscaling.amazonaws.com", CustomSuffix=suffix)


def test_custom_suffix_where_the_service_takes_none(linked):
    with aws_error("InvalidInput", 400, "Custom suffix is not allowed for es.amazonaws.com"):
        linked("es.amazonaws.com", CustomSuffix="two")


def test_custom_suffix_limits(linked):
    # 28 ("AWSServiceRoleForAutoScaling") + 1 + 35 = 64 characters: the longest role name.
    longest = "x" * 35
    assert len(linked("autoscaling.amazonaws.com", CustomSuffix=longest)["RoleName"]) == 64
    with aws_error("InvalidInput", 400, "longer than 64 characters"):
        linked("autoscaling.amazonaws.com", CustomSuffix="y" * 36)
    with aws_error("ValidationError", 400, "Member must have length less than or equal to 64"):
        linked("autoscaling.amazonaws.com", CustomSuffix="z" * 65)
    with aws_error("ValidationError", 400, "Member must satisfy regular expression pattern"):
        linked("autoscaling.amazonaws.com", CustomSuffix="no spaces")


def test_unknown_service_and_model_constraints(linked):
    with aws_error("NoSuchEntity", 404, "Service example.amazonaws.com does not support service-linked roles"):
        linked("example.amazonaws.com")
    # Service principals are case-sensitive.
    with aws_error("NoSuchEntity", 404):
        linked("ECS.amazonaws.com")
    with aws_error("ValidationError", 400, "Member must have length less than or equal to 128"):
        linked("a" * 129)
    with aws_error("ValidationError", 400, "Member must have length less than or equal to 1000"):
        linked("ecs.amazonaws.com", Description="d" * 1001)


def test_delete_and_deletion_status(iam):
    role = iam.create_service_linked_role(AWSServiceName="guardduty.amazonaws.com")["Role"]
    task = iam.delete_service_linked_role(RoleName=role["RoleName"])["DeletionTaskId"]
    prefix = "task/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty/"
    assert task.startswith(prefix)
    uuid.UUID(task[len(prefix):])
    status = iam.get_service_linked_role_deletion_status(DeletionTaskId=task)
    assert status["Status"] == "SUCCEEDED"
    assert "Reason" not in status
    with aws_error("NoSuchEntity", 404, "The role with name AWSServiceRoleForAmazonGuardDuty cannot be found."):
        iam.get_role(RoleName="AWSServiceRoleForAmazonGuardDuty")
    with aws_error("NoSuchEntity", 404, "The role with name AWSServiceRoleForAmazonGuardDuty cannot be found."):
        iam.delete_service_linked_role(RoleName="AWSServiceRoleForAmazonGuardDuty")
    # The service's role can be made again once deleted.
    again = iam.create_service_linked_role(AWSServiceName="guardduty.amazonaws.com")["Role"]
    assert again["RoleId"] != role["RoleId"]
    iam.delete_service_linked_role(RoleName=again["RoleName"])


def test_deletion_status_errors(iam):
    unknown = f"task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/{uuid.uuid4()}"
    with aws_error("NoSuchEntity", 404, f"Deletion task {unknown} cannot be found."):
        iam.get_service_linked_role_deletion_status(DeletionTaskId=unknown)
    for bad in ("not-a-task", "task/aws-service-role/ecs.amazonaws.com/AWSServiceRoleForECS/not-a-uuid",
                "task/aws-service-role//AWSServiceRoleForECS/" + str(uuid.uuid4())):
        with aws_error("InvalidInput", 400, f"Invalid deletion task id: {bad}"):
            iam.get_service_linked_role_deletion_status(DeletionTaskId=bad)
    with aws_error("ValidationError", 400, "Member must have length less than or equal to 1000"):
        iam.get_service_linked_role_deletion_status(DeletionTaskId="t" * 1001)


def test_delete_service_linked_role_refuses_an_ordinary_role(iam, make_role):
    name, _ = make_role()
    with aws_error("NoSuchEntity", 404, f"The role with name {name} is not a service-linked role."):
        iam.delete_service_linked_role(RoleName=name)
    iam.get_role(RoleName=name)  # still there
    with aws_error("NoSuchEntity", 404, "The role with name nobody-here cannot be found."):
        iam.delete_service_linked_role(RoleName="nobody-here")


def test_ordinary_operations_cannot_change_a_service_linked_role(iam, linked, make_policy):
    role = linked("config.amazonaws.com")
    name = role["RoleName"]
    protected = f"Cannot perform the operation on the protected role '{name}' - this role is only modifiable by AWS"
    policy = make_policy()
    profile = unique("slr-ip")
    iam.create_instance_profile(InstanceProfileName=profile)
    try:
        refused = [
            lambda: iam.delete_role(RoleName=name),
            lambda: iam.update_assume_role_policy(RoleName=name, PolicyDocument=json.dumps(role["AssumeRolePolicyDocument"])),
            lambda: iam.put_role_policy(RoleName=name, PolicyName="p", PolicyDocument=dumps(allow_doc())),
            lambda: iam.delete_role_policy(RoleName=name, PolicyName="p"),
            lambda: iam.attach_role_policy(RoleName=name, PolicyArn=policy),
            lambda: iam.detach_role_policy(RoleName=name, PolicyArn=policy),
            lambda: iam.put_role_permissions_boundary(RoleName=name, PermissionsBoundary=policy),
            lambda: iam.delete_role_permissions_boundary(RoleName=name),
            lambda: iam.add_role_to_instance_profile(InstanceProfileName=profile, RoleName=name),
            lambda: iam.remove_role_from_instance_profile(InstanceProfileName=profile, RoleName=name),
            lambda: iam.update_role(RoleName=name, MaxSessionDuration=7200),
        ]
        for call in refused:
            with aws_error("UnmodifiableEntity", 400, protected):
                call()
    finally:
        iam.delete_instance_profile(InstanceProfileName=profile)
    after = iam.get_role(RoleName=name)["Role"]
    assert after["AssumeRolePolicyDocument"] == role["AssumeRolePolicyDocument"]
    assert after["MaxSessionDuration"] == 3600
    assert iam.list_role_policies(RoleName=name)["PolicyNames"] == []
    assert iam.list_attached_role_policies(RoleName=name)["AttachedPolicies"] == []
    assert iam.list_instance_profiles_for_role(RoleName=name)["InstanceProfiles"] == []


def test_description_and_tags_may_change(iam, linked):
    name = linked("cloudtrail.amazonaws.com")["RoleName"]
    iam.update_role(RoleName=name, Description="edited")
    assert iam.get_role(RoleName=name)["Role"]["Description"] == "edited"
    updated = iam.update_role_description(RoleName=name, Description="edited again")["Role"]
    assert updated["Description"] == "edited again"
    iam.tag_role(RoleName=name, Tags=[{"Key": "team", "Value": "audit"}])
    assert iam.list_role_tags(RoleName=name)["Tags"] == [{"Key": "team", "Value": "audit"}]


def test_account_summary_counts_service_linked_roles(iam, linked):
    before = iam.get_account_summary()["SummaryMap"]["Roles"]
    linked("backup.amazonaws.com")
    assert iam.get_account_summary()["SummaryMap"]["Roles"] == before + 1


def test_cli_walk(aws):
    created = aws("iam", "create-service-linked-role", "--aws-service-name", "batch.amazonaws.com",
                  "--description", "made by the CLI")["Role"]
    assert created["RoleName"] == "AWSServiceRoleForBatch"
    assert created["Arn"] == slr_arn("batch.amazonaws.com", "AWSServiceRoleForBatch")
    task = aws("iam", "delete-service-linked-role", "--role-name", "AWSServiceRoleForBatch")["DeletionTaskId"]
    status = aws("iam", "get-service-linked-role-deletion-status", "--deletion-task-id", task)
    assert status == {"Status": "SUCCEEDED"}
