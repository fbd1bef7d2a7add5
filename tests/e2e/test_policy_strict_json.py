"""Policy text IAM refuses as "Syntax errors in policy." because a lenient reader would give it a
meaning other than the one a reviewer reads: a second Statement member hiding a Deny behind an
Allow, a second Effect, duplicate condition keys, trailing commas. Every path a policy enters by
(managed, inline, trust, session, simulator) must refuse it."""

import json

import pytest

from e2e_helpers import ACCOUNT_ID, aws_error, trust_doc, unique

DENY = {"Effect": "Deny", "Action": "iam:*", "Resource": "*"}
ALLOW = {"Effect": "Allow", "Action": "iam:*", "Resource": "*"}

SHADOWED_DENY = ('{"Version":"2012-10-17","Statement":[' + json.dumps(DENY) + '],'
                 '"Statement":[' + json.dumps(ALLOW) + ']}')

REFUSED = {
    "duplicate-statement": SHADOWED_DENY,
    "duplicate-effect": '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Effect":"Allow",'
                        '"Action":"iam:*","Resource":"*"}]}',
    "duplicate-condition-key": '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:*",'
                               '"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true",'
                               '"aws:MultiFactorAuthPresent":"false"}}}]}',
    "trailing-comma-object": '{"Version":"2012-10-17","Statement":[' + json.dumps(ALLOW) + '],}',
    "trailing-comma-array": '{"Version":"2012-10-17","Statement":[' + json.dumps(ALLOW) + ',]}',
}

SYNTAX = "Syntax errors in policy."


@pytest.mark.parametrize("document", REFUSED.values(), ids=REFUSED.keys())
def test_create_policy_refuses(iam, document):
    with aws_error("MalformedPolicyDocument", 400) as err:
        iam.create_policy(PolicyName=unique("strict"), PolicyDocument=document)
    assert err.message == SYNTAX


@pytest.mark.parametrize("document", REFUSED.values(), ids=REFUSED.keys())
def test_put_user_policy_refuses(iam, make_user, document):
    name, _ = make_user(with_key=False)
    with aws_error("MalformedPolicyDocument", 400) as err:
        iam.put_user_policy(UserName=name, PolicyName="strict", PolicyDocument=document)
    assert err.message == SYNTAX
    assert iam.list_user_policies(UserName=name)["PolicyNames"] == []


def test_create_role_refuses_a_duplicate_statement_in_its_trust_policy(iam):
    allow = trust_doc(f"arn:aws:iam::{ACCOUNT_ID}:root")["Statement"][0]
    deny = dict(allow, Effect="Deny")
    document = ('{"Version":"2012-10-17","Statement":[' + json.dumps(deny) + '],"Statement":['
                + json.dumps(allow) + ']}')
    with aws_error("MalformedPolicyDocument", 400) as err:
        iam.create_role(RoleName=unique("strict"), AssumeRolePolicyDocument=document)
    assert err.message == SYNTAX


def test_the_same_policy_written_once_is_accepted(iam):
    document = json.dumps({"Version": "2012-10-17", "Statement": [DENY, ALLOW]})
    arn = iam.create_policy(PolicyName=unique("strict"), PolicyDocument=document)["Policy"]["Arn"]
    iam.delete_policy(PolicyArn=arn)


def test_assume_role_refuses_a_duplicate_statement_in_its_session_policy(sts, make_role):
    _, arn = make_role()
    with aws_error("MalformedPolicyDocument", 400) as err:
        sts.assume_role(RoleArn=arn, RoleSessionName="strict", Policy=SHADOWED_DENY)
    assert err.message == SYNTAX


def test_simulate_custom_policy_refuses_a_duplicate_statement(iam):
    with aws_error("InvalidInput", 400) as err:
        iam.simulate_custom_policy(PolicyInputList=[SHADOWED_DENY], ActionNames=["iam:ListUsers"])
    assert SYNTAX in err.message
