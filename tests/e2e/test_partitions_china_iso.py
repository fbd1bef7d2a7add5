"""The China and ISO partitions, as GovCloud (test_partitions.py): an account initialized in one
(`rampart init --partition`) answers requests signed for that partition's regions only, names
everything it makes in that partition, and refuses a policy naming another partition's resources in
AWS's words (terraform-aws-modules/terraform-aws-iam#39: 'Partition "aws" is not valid for resource
"arn:aws:iam::…:user/*/${aws:username}".' from an aws-cn account)."""

from __future__ import annotations

import json

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, RampartServer, aws_error, make_session, run_rampart,
    unique,
)

PARTITIONS = {"aws-cn": "cn-north-1", "aws-iso": "us-iso-east-1", "aws-iso-b": "us-isob-east-1"}


@pytest.fixture(scope="module", params=sorted(PARTITIONS))
def partitioned(request, tmp_path_factory):
    partition = request.param
    base = tmp_path_factory.mktemp(partition)
    run_rampart("init", "--data", base / "data", "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET, "--root-email", f"{partition}@example.com",
                "--partition", partition)
    server = RampartServer(base / "data", base / "server.log", allow_clock_control=False).start()
    yield partition, server
    server.stop()


def client(server, service: str, region: str):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        service, endpoint_url=server.endpoint, region_name=region, config=BOTO_CONFIG)


def test_requests_are_answered_in_the_partitions_regions_only(partitioned):
    partition, server = partitioned
    identity = client(server, "sts", PARTITIONS[partition]).get_caller_identity()
    assert identity["Arn"] == f"arn:{partition}:iam::{ACCOUNT_ID}:user/admin"
    for region in ("us-east-1", "us-gov-west-1", *(r for p, r in PARTITIONS.items() if p != partition)):
        with aws_error("InvalidClientTokenId", 403):
            client(server, "sts", region).get_caller_identity()


def test_what_an_account_makes_is_named_in_its_partition(partitioned):
    partition, server = partitioned
    iam = client(server, "iam", PARTITIONS[partition])
    prefix = f"arn:{partition}:iam::{ACCOUNT_ID}"
    name = unique("part")
    assert iam.create_user(UserName=name)["User"]["Arn"] == f"{prefix}:user/{name}"
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Principal": {"AWS": f"{prefix}:root"}, "Action": "sts:AssumeRole"}]}))
    assert role["Role"]["Arn"] == f"{prefix}:role/{name}"
    assumed = client(server, "sts", PARTITIONS[partition]).assume_role(RoleArn=role["Role"]["Arn"],
                                                                        RoleSessionName="s1")
    assert assumed["AssumedRoleUser"]["Arn"] == f"arn:{partition}:sts::{ACCOUNT_ID}:assumed-role/{name}/s1"
    mine = {"Version": "2012-10-17",
            "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": f"{prefix}:user/*/${{aws:username}}"}]}
    policy = iam.create_policy(PolicyName=name, PolicyDocument=json.dumps(mine))["Policy"]
    assert policy["Arn"] == f"{prefix}:policy/{name}"


@pytest.mark.parametrize("foreign", ["aws", "aws-us-gov", "aws-cn", "aws-iso"])
def test_a_policy_naming_another_partition_is_refused_in_aws_words(partitioned, foreign):
    partition, server = partitioned
    if foreign == partition:
        pytest.skip("the account's own partition")
    iam = client(server, "iam", PARTITIONS[partition])
    resource = f"arn:{foreign}:iam::{ACCOUNT_ID}:user/*/${{aws:username}}"
    document = json.dumps({"Version": "2012-10-17",
                           "Statement": [{"Effect": "Allow", "Action": "iam:GetUser", "Resource": resource}]})
    with aws_error("MalformedPolicyDocument", 400, f'Partition "{foreign}" is not valid for resource "{resource}".'):
        iam.create_policy(PolicyName=unique("foreign"), PolicyDocument=document)
    name = unique("foreign")
    iam.create_user(UserName=name)
    with aws_error("MalformedPolicyDocument", 400, f'Partition "{foreign}" is not valid for resource "{resource}".'):
        iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=document)


def test_service_linked_roles_take_chinas_legacy_principals_in_china_only(partitioned):
    """China's regions know many services also by a principal ending in `.amazonaws.com.cn`; an aws-cn account
    makes a service-linked role for either name (the legacy one kept in the path and trust policy), every other
    partition answers the legacy name as an unknown service."""
    partition, server = partitioned
    iam = client(server, "iam", PARTITIONS[partition])
    legacy = "elasticmapreduce.amazonaws.com.cn"
    if partition != "aws-cn":
        with aws_error("NoSuchEntity", 404, f"Service {legacy} does not support service-linked roles or is not a "
                                            "valid service principal."):
            iam.create_service_linked_role(AWSServiceName=legacy)
        return
    role = iam.create_service_linked_role(AWSServiceName=legacy)["Role"]
    assert role["Arn"] == f"arn:aws-cn:iam::{ACCOUNT_ID}:role/aws-service-role/{legacy}/AWSServiceRoleForEMRCleanup"
    assert role["AssumeRolePolicyDocument"]["Statement"][0]["Principal"] == {"Service": legacy}
    suffixed = iam.create_service_linked_role(AWSServiceName="autoscaling.amazonaws.com.cn", CustomSuffix="cn1")
    assert suffixed["Role"]["RoleName"] == "AWSServiceRoleForAutoScaling_cn1"
    # The global name of the same service is the same role name: taken.
    with aws_error("InvalidInput", 400, "Service role name AWSServiceRoleForEMRCleanup has been taken in this "
                                        "account, please try a different suffix."):
        iam.create_service_linked_role(AWSServiceName="elasticmapreduce.amazonaws.com")
    task = iam.delete_service_linked_role(RoleName="AWSServiceRoleForEMRCleanup")["DeletionTaskId"]
    assert task.startswith(f"task/aws-service-role/{legacy}/AWSServiceRoleForEMRCleanup/")
    assert iam.get_service_linked_role_deletion_status(DeletionTaskId=task)["Status"] == "SUCCEEDED"
    with aws_error("NoSuchEntity", 404):
        iam.create_service_linked_role(AWSServiceName="nothing.amazonaws.com.cn")
