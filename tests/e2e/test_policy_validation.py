"""AWS's own words for policy documents it refuses, as data (tests/e2e/data/policy_validation.json):
each case goes through the operations that store that kind of document, and each must answer
the recorded code and message, or accept the document."""

from __future__ import annotations

import json
from pathlib import Path

import botocore.exceptions
import pytest

from e2e_helpers import unique

CASES = json.loads((Path(__file__).parent / "data" / "policy_validation.json").read_text())["cases"]
TRUST = {"Version": "2012-10-17",
         "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"Service": "ec2.amazonaws.com"}}]}


def text(case) -> str:
    return case["raw"] if "raw" in case else json.dumps(case["document"])


def stores(iam, case, make_user):
    """The calls that store the case's document: each returns a function that removes what it made."""
    document = text(case)
    if case["kind"] == "trust":
        name = unique("pv-role")
        yield lambda: iam.create_role(RoleName=name, AssumeRolePolicyDocument=document), \
            lambda: iam.delete_role(RoleName=name)
        holder = unique("pv-holder")
        iam.create_role(RoleName=holder, AssumeRolePolicyDocument=json.dumps(TRUST))
        yield lambda: iam.update_assume_role_policy(RoleName=holder, PolicyDocument=document), \
            lambda: iam.delete_role(RoleName=holder)
        return
    name = unique("pv-policy")
    created = {}
    yield lambda: created.update(arn=iam.create_policy(PolicyName=name, PolicyDocument=document)["Policy"]["Arn"]), \
        lambda: iam.delete_policy(PolicyArn=created["arn"])
    user, _ = make_user(with_key=False)
    yield lambda: iam.put_user_policy(UserName=user, PolicyName="pv", PolicyDocument=document), \
        lambda: iam.delete_user_policy(UserName=user, PolicyName="pv")


@pytest.mark.parametrize("case", CASES, ids=[case["name"] for case in CASES])
def test_policy_documents_are_judged_in_aws_words(iam, make_user, case):
    for store, remove in stores(iam, case, make_user):
        if case.get("accepted"):
            store()
            remove()
            continue
        with pytest.raises(botocore.exceptions.ClientError) as refused:
            store()
        error = refused.value.response["Error"]
        assert (error["Code"], error["Message"]) == (case["code"], case["message"]), case["seen"]
        assert refused.value.response["ResponseMetadata"]["HTTPStatusCode"] == 400
