#!/usr/bin/env python3
"""Writes JSON 1.1 request fixtures with botocore's own JSON serializer, the independent judge of
what the AWS CLI and boto3 put on the wire.

    .venv/bin/python Tests/RampartWireTests/Fixtures/make_json_fixtures.py

Each fixture in json_requests/<name>.json holds the operation, its X-Amz-Target, the parameters
given to botocore (timestamps as epoch seconds) and the body its serializer produced
(`json.dumps`: spaces after separators, non-ASCII as \\u escapes, surrogate pairs beyond the BMP).
JSONRequestFixtureTests.swift decodes the body and checks the typed input against the parameters.
"""

import datetime
import json
import os

import botocore
import botocore.serialize
import botocore.session

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc

SCP = json.dumps({
    "Version": "2012-10-17",
    "Statement": [{"Sid": "DenyLeaving", "Effect": "Deny", "Action": "organizations:LeaveOrganization",
                   "Resource": "*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}}],
}, indent=2)

FIXTURES = [
    ("organizations", "CreateAccount", "create_account_tags", {
        "Email": "ops+prod@example.com",
        "AccountName": "Production {eu-central-1} #1 ~ \"prod\"",
        "RoleName": "OrganizationAccountAccessRole",
        "IamUserAccessToBilling": "DENY",
        "Tags": [
            {"Key": "team", "Value": "platform security"},
            {"Key": "cost-center", "Value": "Zürich/42=yes"},
            {"Key": "empty", "Value": ""},
            {"Key": "ключ", "Value": "значение"},
        ],
    }),
    ("organizations", "CreatePolicy", "create_policy", {
        "Content": SCP,
        "Description": "Deny leaving; \"quoted\" <tags> & more\n second line",
        "Name": "DenyLeave",
        "Type": "SERVICE_CONTROL_POLICY",
        "Tags": [{"Key": "mfa", "Value": "required"}],
    }),
    ("organizations", "ListAccounts", "list_accounts_paging", {"MaxResults": 20, "NextToken": "AAE+/=\u00e9\U0001F600"}),
    ("organizations", "ListAccounts", "list_accounts_empty", {}),
    ("organizations", "AttachPolicy", "attach_policy", {"PolicyId": "p-examplepolicyid111", "TargetId": "ou-ab12-cd34ef56"}),
    ("organizations", "InviteAccountToOrganization", "invite_account", {
        "Target": {"Id": "123456789012", "Type": "ACCOUNT"},
        "Notes": "Please join \"our\" organization.\nThanks!",
        "Tags": [{"Key": "invited-by", "Value": "alice@example.com"}],
    }),
    ("organizations", "ListCreateAccountStatus", "list_create_account_status", {
        "States": ["IN_PROGRESS", "FAILED"], "MaxResults": 1,
    }),
    ("organizations", "UntagResource", "untag_resource", {"ResourceId": "123456789012", "TagKeys": ["team", "ключ"]}),
    ("organizations", "TagResource", "tag_resource", {
        "ResourceId": "r-ab12", "Tags": [{"Key": "k:1", "Value": "v+1"}],
    }),
    ("organizations", "InviteOrganizationToTransferResponsibility", "invite_transfer", {
        "Type": "BILLING",
        "Target": {"Id": "210987654321", "Type": "ACCOUNT"},
        "StartTimestamp": datetime.datetime(2026, 12, 1, 0, 0, 0, tzinfo=UTC),
        "SourceName": "Finance transfer",
    }),
    ("organizations", "DescribeOrganization", "describe_organization", {}),
    ("organizations", "ListPolicies", "list_policies", {"Filter": "TAG_POLICY", "MaxResults": 5}),
    ("organizations", "CreateOrganization", "create_organization", {"FeatureSet": "ALL"}),
    ("organizations", "MoveAccount", "move_account", {
        "AccountId": "123456789012", "SourceParentId": "r-ab12", "DestinationParentId": "ou-ab12-cd34ef56",
    }),
    ("organizations", "ListChildren", "list_children", {"ParentId": "ou-ab12-cd34ef56", "ChildType": "ACCOUNT"}),
    ("organizations", "EnableAllFeatures", "enable_all_features", {}),
]


def plain(value):
    """The parameters as JSON can hold them: datetimes as epoch seconds."""
    if isinstance(value, datetime.datetime):
        return value.timestamp()
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def main():
    session = botocore.session.get_session()
    serializer = botocore.serialize.create_serializer("json", include_validation=True)
    out_dir = os.path.join(HERE, "json_requests")
    os.makedirs(out_dir, exist_ok=True)
    for service, operation, name, params in FIXTURES:
        model = session.get_service_model(service)
        request = serializer.serialize_to_request(params, model.operation_model(operation))
        fixture = {
            "service": model.service_id.replace(" ", ""),
            "operation": operation,
            "target": request["headers"]["X-Amz-Target"],
            "params": plain(params),
            "body": request["body"].decode("utf-8"),
            "botocore": botocore.__version__,
        }
        with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as handle:
            json.dump(fixture, handle, indent=2, ensure_ascii=False, sort_keys=True)
            handle.write("\n")
        print(name)


if __name__ == "__main__":
    main()
