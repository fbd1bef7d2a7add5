#!/usr/bin/env python3
"""Hands the JSON 1.1 responses Rampart's service wrote (json_responses/*.json, kept current by
JSONResponseFixtureTests.swift) to a real botocore Organizations client, as the HTTP response of
the operation, and checks what the client makes of them: the parsed output, or the ClientError
with its code, message, status and modeled members (`e.response['Reason']`).

    .venv/bin/python Tests/RampartWireTests/Fixtures/check_json_responses.py

Exits non-zero on the first mismatch. No network: a `before-send` hook answers every request.
"""

import datetime
import os
import sys

import botocore.awsrequest
import botocore.config
import botocore.exceptions
import botocore.session

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc
JOINED = datetime.datetime(2025, 11, 23, 9, 3, 46, 123000, tzinfo=UTC)
EXPIRES = datetime.datetime(2026, 11, 23, 9, 3, 46, tzinfo=UTC)
REQUEST_ID = "4a1e8b52-0000-4000-8000-00000000feed"
POLICY = ('{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:Leave*",'
          '"Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}')


def account(index):
    account_id = f"22222222222{index}"
    return {"Id": account_id, "Arn": f"arn:aws:organizations::111111111111:account/o-exampleorgid/{account_id}",
            "Email": f"user{index}@example.com", "Name": f'Account {index} "Zürich"', "Status": "ACTIVE",
            "State": "ACTIVE", "JoinedMethod": "CREATED" if index == 0 else "INVITED", "JoinedTimestamp": JOINED}


# name: (operation, its parameters, the parsed output)
EXPECTED = {
    "DescribeOrganization": ("describe_organization", {}, {"Organization": {
        "Id": "o-exampleorgid", "Arn": "arn:aws:organizations::111111111111:organization/o-exampleorgid",
        "FeatureSet": "ALL", "MasterAccountArn": "arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111",
        "MasterAccountId": "111111111111", "MasterAccountEmail": "bill@example.com",
        "AvailablePolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"}],
    }}),
    "ListAccounts": ("list_accounts", {"MaxResults": 2},
                     {"Accounts": [account(0), account(1)], "NextToken": "AAE+/=next"}),
    "CreateAccount": ("create_account", {"Email": "a@example.com", "AccountName": "Prod"}, {"CreateAccountStatus": {
        "Id": "car-exampleaccountcreationrequestid", "AccountName": "Prod", "State": "IN_PROGRESS",
        "RequestedTimestamp": JOINED}}),
    "DescribeHandshake": ("describe_handshake", {"HandshakeId": "h-examplehandshakeid111"}, {"Handshake": {
        "Id": "h-examplehandshakeid111",
        "Arn": "arn:aws:organizations::111111111111:handshake/o-exampleorgid/invite/h-examplehandshakeid111",
        "Parties": [{"Id": "o-exampleorgid", "Type": "ORGANIZATION"}, {"Id": "222222222222", "Type": "ACCOUNT"}],
        "State": "OPEN", "RequestedTimestamp": JOINED, "ExpirationTimestamp": EXPIRES, "Action": "INVITE",
        "Resources": [
            {"Value": "o-exampleorgid", "Type": "ORGANIZATION", "Resources": [
                {"Value": "bill@example.com", "Type": "MASTER_EMAIL"},
                {"Value": "Org Master Account", "Type": "MASTER_NAME"},
            ]},
            {"Value": 'Please join.\n\t"Thanks" \u0001', "Type": "NOTES"},
        ],
    }}),
    "ListTagsForResource": ("list_tags_for_resource", {"ResourceId": "123456789012"}, {"Tags": [
        {"Key": "team", "Value": 'platform "security" \\ ops'},
        {"Key": "ключ", "Value": "значение 😀"},
        {"Key": "empty", "Value": ""},
    ]}),
    "DescribePolicy": ("describe_policy", {"PolicyId": "p-examplepolicyid111"}, {"Policy": {
        "PolicySummary": {"Id": "p-examplepolicyid111",
                          "Arn": "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
                          "Name": "DenyLeave", "Description": "Deny <leaving> & more",
                          "Type": "SERVICE_CONTROL_POLICY", "AwsManaged": False},
        "Content": POLICY,
    }}),
    "AttachPolicy": ("attach_policy", {"PolicyId": "p-examplepolicyid111", "TargetId": "r-ab12"}, {}),
    "ListRoots": ("list_roots", {}, {"Roots": [{
        "Id": "r-examplerootid111", "Arn": "arn:aws:organizations::111111111111:root/o-exampleorgid/r-examplerootid111",
        "Name": "Root", "PolicyTypes": [{"Type": "SERVICE_CONTROL_POLICY", "Status": "ENABLED"},
                                        {"Type": "TAG_POLICY", "Status": "PENDING_ENABLE"}],
    }]}),
}

VALIDATION = (
    "2 validation errors detected: Value at 'email' failed to satisfy constraint: Member must satisfy regular "
    "expression pattern: [^\\s@]+@[^\\s@]+\\.[^\\s@]+; Value at 'accountName' failed to satisfy constraint: Member "
    "must have length less than or equal to 50"
)

# name: (operation, parameters, status, code, message, the modeled members botocore adds to e.response)
ERRORS = {
    "Error-ConstraintViolationException": (
        "create_account", {"Email": "a@example.com", "AccountName": "over the limit"}, 400,
        "ConstraintViolationException", "You have exceeded the allowed number of AWS accounts.",
        {"Message": "You have exceeded the allowed number of AWS accounts.", "Reason": "ACCOUNT_NUMBER_LIMIT_EXCEEDED"}),
    "Error-ValidationException": (
        "create_account", {"Email": "a@example.com", "AccountName": "x"}, 400, "ValidationException", VALIDATION, {}),
    "Error-SerializationException": (
        "list_accounts", {}, 400, "SerializationException", "STRING_VALUE can not be converted to an Integer", {}),
    "Error-AWSOrganizationsNotInUseException": (
        "describe_account", {"AccountId": "123456789012"}, 400, "AWSOrganizationsNotInUseException",
        "Your account is not a member of an organization.",
        {"Message": "Your account is not a member of an organization."}),
    "Error-TooManyRequestsException": (
        "list_parents", {"ChildId": "123456789012"}, 400, "TooManyRequestsException", "Rate exceeded.",
        {"Message": "Rate exceeded.", "Type": "AccountRateLimit"}),
    "Error-ServiceException": (
        "delete_organization", {}, 500, "ServiceException",
        "The request processing has failed because of an unknown error, exception or failure.",
        {"Message": "The request processing has failed because of an unknown error, exception or failure."}),
    "Error-UnknownOperationException": (
        "leave_organization", {}, 400, "UnknownOperationException",
        "Rampart does not implement the Organizations operation LeaveOrganization yet.", {}),
}


class Body:
    """The raw response botocore reads: `stream()` as urllib3's response has it."""

    def __init__(self, data):
        self.data = data

    def stream(self, *args, **kwargs):
        yield self.data


def check(name, got, want):
    if got != want:
        print(f"FAIL {name}\n  got:  {got!r}\n  want: {want!r}")
        sys.exit(1)
    print(f"ok   {name}")


def client_answering(body, status):
    session = botocore.session.get_session()
    client = session.create_client(
        "organizations", region_name="us-east-1", aws_access_key_id="AKIAIOSFODNN7EXAMPLE",
        aws_secret_access_key="wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        config=botocore.config.Config(retries={"total_max_attempts": 1}))

    def answer(request, **kwargs):
        headers = {"x-amzn-RequestId": REQUEST_ID, "Content-Type": "application/x-amz-json-1.1"}
        return botocore.awsrequest.AWSResponse(request.url, status, headers, Body(body))

    client.meta.events.register("before-send.organizations.*", answer)
    return client


def main():
    directory = os.path.join(HERE, "json_responses")
    names = sorted(f[len("Organizations-"):-5] for f in os.listdir(directory) if f.endswith(".json"))
    missing = (set(EXPECTED) | set(ERRORS)) - set(names)
    if missing:
        print("FAIL missing responses:", sorted(missing))
        sys.exit(1)
    for name in names:
        with open(os.path.join(directory, f"Organizations-{name}.json"), "rb") as handle:
            body = handle.read()
        if name in ERRORS:
            method, params, status, code, message, modeled = ERRORS[name]
            client = client_answering(body, status)
            try:
                getattr(client, method)(**params)
                check(name, "no error", code)
            except botocore.exceptions.ClientError as error:
                response = dict(error.response)
                metadata = response.pop("ResponseMetadata")
                got = (response.pop("Error"), response, metadata["HTTPStatusCode"], metadata["RequestId"],
                       type(error).__name__)
                check(name, got, ({"Code": code, "Message": message}, modeled, status, REQUEST_ID,
                                  code if modeled else "ClientError"))
            continue
        method, params, expected = EXPECTED[name]
        parsed = getattr(client_answering(body, 200), method)(**params)
        metadata = parsed.pop("ResponseMetadata")
        check(name, (parsed, metadata["RequestId"]), (expected, REQUEST_ID))
    print(f"{len(names)} responses parsed by botocore {botocore.__version__}")


if __name__ == "__main__":
    main()
