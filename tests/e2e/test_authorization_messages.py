"""Encoded authorization failure messages and STS DecodeAuthorizationMessage. A server started with
`--encode-authorization-messages` appends the sealed details of a policy denial to its AccessDenied
message (Query and JSON services alike); a caller allowed `sts:DecodeAuthorizationMessage` in the same
account decodes them into AWS's JSON document. Without the option (the shared server) denials read as
on AWS, with nothing appended."""

from __future__ import annotations

import json
import re

import pytest
from botocore.config import Config

from e2e_helpers import ACCOUNT_ID, REGION, aws_error, dumps, session_from_key, unique, user_arn
from own_server import own_client, start_own_server

MARKER = " Encoded authorization failure message: "
UNVALIDATED = Config(parameter_validation=False, retries={"max_attempts": 1})


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = start_own_server(tmp_path_factory, "authorization-messages", ["--encode-authorization-messages"])
    yield started
    started.stop()


client = own_client


def user(server, policy):
    iam = client(server, "iam")
    name = unique("denied")
    iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "blue"}])
    iam.put_user_policy(UserName=name, PolicyName="p", PolicyDocument=dumps(policy))
    return name, session_from_key(iam.create_access_key(UserName=name)["AccessKey"])


def encoded(err) -> str:
    assert MARKER in err.message, err.message
    text = err.message.split(MARKER, 1)[1]
    assert re.fullmatch(r"[A-Za-z0-9_-]+", text) and len(text) <= 10_240
    return text


def test_an_explicit_deny_decodes_to_aws_document(server):
    name, session = user(server, {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:*", "Resource": "*"},
        {"Sid": "NoUserCreation", "Effect": "Deny", "Action": "iam:CreateUser", "Resource": "*"}]})
    with aws_error("AccessDenied", 403, "with an explicit deny in an identity-based policy") as err:
        client(server, "iam", session).create_user(UserName="nope", Tags=[{"Key": "env", "Value": "prod"}])
    assert err.message.startswith(f"User: {user_arn(name)} is not authorized to perform: iam:CreateUser")
    message = encoded(err)

    document = json.loads(client(server, "sts").decode_authorization_message(EncodedMessage=message)[
        "DecodedMessage"])
    assert document["allowed"] is False and document["explicitDeny"] is True
    assert document["failures"] == {"items": []}
    [statement] = document["matchedStatements"]["items"]
    assert statement["statementId"] == "NoUserCreation" and statement["effect"] == "DENY"
    context = document["context"]
    assert context["principal"]["arn"] == user_arn(name) and context["principal"]["name"] == name
    assert context["principal"]["id"].startswith("AIDA")
    assert context["action"] == "iam:CreateUser"
    assert context["resource"] == f"arn:aws:iam::{ACCOUNT_ID}:user/nope"
    conditions = {item["key"].lower(): [value["value"] for value in item["values"]["items"]]
                  for item in context["conditions"]["items"]}
    assert conditions["aws:requesttag/env"] == ["prod"]
    assert conditions["aws:principaltag/team"] == ["blue"]
    assert conditions["aws:requestedregion"] == [REGION]
    assert conditions["aws:username"] == [name]


def test_an_implicit_deny_of_a_json_service_decodes_too(server):
    _, session = user(server, {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]})
    with aws_error("AccessDeniedException", 400) as err:  # a JSON service's refusal
        client(server, "organizations", session).describe_organization()
    document = json.loads(client(server, "sts").decode_authorization_message(EncodedMessage=encoded(err))[
        "DecodedMessage"])
    assert document["explicitDeny"] is False and document["matchedStatements"] == {"items": []}
    assert document["context"]["action"] == "organizations:DescribeOrganization"


def test_decoding_needs_permission_and_an_unaltered_message(server):
    _, session = user(server, {"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "iam:GetUser", "Resource": "*"}]})
    with aws_error("AccessDenied", 403) as err:
        client(server, "iam", session).list_users()
    message = encoded(err)
    # The denied user may not read the details: decoding is sts:DecodeAuthorizationMessage's.
    with aws_error("AccessDenied", 403, "sts:DecodeAuthorizationMessage") as refused:
        client(server, "sts", session).decode_authorization_message(EncodedMessage=message)
    # That refusal is itself encoded; the administrator decodes it.
    decoded = json.loads(client(server, "sts").decode_authorization_message(EncodedMessage=encoded(refused))[
        "DecodedMessage"])
    assert decoded["context"]["action"] == "sts:DecodeAuthorizationMessage"

    sts = client(server, "sts", config=UNVALIDATED)
    altered = message[:-2] + ("A" if message[-2] != "A" else "B") + message[-1]
    for bad in (altered, "not-a-message", message + "\n"):
        with aws_error("InvalidAuthorizationMessageException", 400, "invalid"):
            sts.decode_authorization_message(EncodedMessage=bad)
    with aws_error("ValidationError", 400, "Member must have length less than or equal to 10240"):
        sts.decode_authorization_message(EncodedMessage="A" * 10_241)
    with aws_error("ValidationError", 400, "Member must have length greater than or equal to 1"):
        sts.decode_authorization_message(EncodedMessage="")


def test_the_shared_server_encodes_nothing(iam, make_user, connect):
    """Without the option, AccessDenied reads as AWS's IAM writes it, and there is nothing to decode."""
    _, session = make_user()
    with aws_error("AccessDenied", 403) as err:
        connect(session, "iam").list_users()
    assert "Encoded authorization failure message" not in err.message
