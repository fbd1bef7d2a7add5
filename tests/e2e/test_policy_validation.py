"""AWS's own words for policy documents it refuses, as data (tests/e2e/data/policy_validation.json):
each case goes through every operation that stores that kind of document, and each must answer
the recorded code and message (HTTP 400), or accept the document. The size quotas of each kind are
checked at their edges with the messages AWS gives for them."""

from __future__ import annotations

import json
from pathlib import Path

import botocore.exceptions
import pytest

from e2e_helpers import ACCOUNT_ID, aws_error, sized_identity_policy, sized_trust_policy, unique
from org_helpers import organization_fixture

CASES = json.loads((Path(__file__).parent / "data" / "policy_validation.json").read_text())["cases"]
TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}]}
ALLOW = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}

org = organization_fixture("policy-validation")


def text(case) -> str:
    raw = case["raw"] if "raw" in case else json.dumps(case["document"])
    return raw.replace("{account}", ACCOUNT_ID)


@pytest.fixture(scope="module")
def holders(iam):
    """One user, group and role, and a managed policy, that every case writes its document to."""
    names = {kind: unique(f"pv-{kind}") for kind in ("user", "group", "role", "policy")}
    iam.create_user(UserName=names["user"])
    iam.create_group(GroupName=names["group"])
    iam.create_role(RoleName=names["role"], AssumeRolePolicyDocument=json.dumps(TRUST))
    names["policy_arn"] = iam.create_policy(PolicyName=names["policy"], PolicyDocument=json.dumps(ALLOW))["Policy"]["Arn"]
    yield names
    iam.delete_user(UserName=names["user"])
    iam.delete_group(GroupName=names["group"])
    iam.delete_role(RoleName=names["role"])
    iam.delete_policy(PolicyArn=names["policy_arn"])


def managed(iam, holders, document):
    name = unique("pv-policy")
    yield (lambda: iam.create_policy(PolicyName=name, PolicyDocument=document),
           lambda _: iam.delete_policy(PolicyArn=f"arn:aws:iam::{ACCOUNT_ID}:policy/{name}"))
    yield (lambda: iam.create_policy_version(PolicyArn=holders["policy_arn"], PolicyDocument=document),
           lambda made: iam.delete_policy_version(PolicyArn=holders["policy_arn"],
                                                  VersionId=made["PolicyVersion"]["VersionId"]))


def inline(iam, holders, document):
    yield (lambda: iam.put_user_policy(UserName=holders["user"], PolicyName="pv", PolicyDocument=document),
           lambda _: iam.delete_user_policy(UserName=holders["user"], PolicyName="pv"))
    yield (lambda: iam.put_group_policy(GroupName=holders["group"], PolicyName="pv", PolicyDocument=document),
           lambda _: iam.delete_group_policy(GroupName=holders["group"], PolicyName="pv"))
    yield (lambda: iam.put_role_policy(RoleName=holders["role"], PolicyName="pv", PolicyDocument=document),
           lambda _: iam.delete_role_policy(RoleName=holders["role"], PolicyName="pv"))


def trust(iam, holders, document):
    name = unique("pv-role")
    yield (lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=document),
           lambda _: iam.delete_role(RoleName=name))
    yield (lambda: iam.update_assume_role_policy(RoleName=holders["role"], PolicyDocument=document),
           lambda _: iam.update_assume_role_policy(RoleName=holders["role"], PolicyDocument=json.dumps(TRUST)))


def scp(organizations, document):
    kept = organizations.create_policy(Name=unique("pv-kept"), Description="", Type="SERVICE_CONTROL_POLICY",
                                       Content=json.dumps(ALLOW))["Policy"]["PolicySummary"]["Id"]
    yield (lambda: organizations.create_policy(Name=unique("pv-scp"), Description="", Type="SERVICE_CONTROL_POLICY",
                                               Content=document),
           lambda made: organizations.delete_policy(PolicyId=made["Policy"]["PolicySummary"]["Id"]))
    yield (lambda: organizations.update_policy(PolicyId=kept, Content=document), lambda _: None)
    organizations.delete_policy(PolicyId=kept)


def stores(request, iam, holders, case):
    """The calls that store the case's document, each with the call that removes what it made."""
    document = text(case)
    kinds = {"identity": (managed, inline), "managed": (managed,), "inline": (inline,), "trust": (trust,)}
    if case["kind"] == "scp":
        yield from scp(request.getfixturevalue("org").organizations, document)
        return
    for writer in kinds[case["kind"]]:
        yield from writer(iam, holders, document)


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_policy_documents_are_judged_in_aws_words(request, iam, holders, case):
    for store, remove in stores(request, iam, holders, case):
        if case.get("accepted"):
            remove(store())
            continue
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            store()
        error = refused.value.response["Error"]
        expected = case["message"].replace("{account}", ACCOUNT_ID)
        assert (error["Code"], error["Message"]) == (case["code"], expected), case["seen"]
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400


def test_each_kind_answers_its_own_size_quota(iam, holders):
    # Managed policies: "Cannot exceed quota for PolicySize: 6144" (docker/docs#5815); trust policies:
    # "Cannot exceed quota for ACLSizePerRole: 2048" (kubeflow/kubeflow#6687); inline policies count the
    # holder's total: "Maximum policy size of 10240 bytes exceeded for role …" (serverless/serverless#7643).
    iam.create_policy_version(PolicyArn=holders["policy_arn"], PolicyDocument=sized_identity_policy(6144))
    versions = iam.list_policy_versions(PolicyArn=holders["policy_arn"])["Versions"]
    iam.delete_policy_version(PolicyArn=holders["policy_arn"],
                              VersionId=next(v["VersionId"] for v in versions if not v["IsDefaultVersion"]))
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for PolicySize: 6144"):
        iam.create_policy(PolicyName=unique("pv-big"), PolicyDocument=sized_identity_policy(6145))
    iam.update_assume_role_policy(RoleName=holders["role"], PolicyDocument=sized_trust_policy(2048))
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: 2048"):
        iam.update_assume_role_policy(RoleName=holders["role"], PolicyDocument=sized_trust_policy(2049))
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for ACLSizePerRole: 2048"):
        iam.create_role(RoleName=unique("pv-big"), AssumeRolePolicyDocument=sized_trust_policy(2049))
    for kind, limit, put in [
        ("user", 2048, lambda d: iam.put_user_policy(UserName=holders["user"], PolicyName="big", PolicyDocument=d)),
        ("group", 5120, lambda d: iam.put_group_policy(GroupName=holders["group"], PolicyName="big", PolicyDocument=d)),
        ("role", 10240, lambda d: iam.put_role_policy(RoleName=holders["role"], PolicyName="big", PolicyDocument=d)),
    ]:
        put(sized_identity_policy(limit))
        with aws_error("LimitExceeded", 409, f"Maximum policy size of {limit} bytes exceeded for {kind} {holders[kind]}"):
            put(sized_identity_policy(limit + 1))
        getattr(iam, f"delete_{kind}_policy")(**{f"{kind.capitalize()}Name": holders[kind], "PolicyName": "big"})
