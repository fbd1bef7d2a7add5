#!/usr/bin/env python3
"""Writes request fixtures with botocore's own Query serializer, the independent judge of what
the AWS CLI and boto3 put on the wire.

    python3 Tests/RampartWireTests/Fixtures/make_fixtures.py

Each fixture in requests/<name>.json holds the operation, the parameters given to botocore,
the parameter map its serializer produced and the form-encoded body it sends
(botocore.utils.percent_encode_sequence, as AWSRequest prepares it). RequestFixtureTests.swift
decodes the body and checks the typed input against the parameters.
"""

import json
import os

import botocore
import botocore.serialize
import botocore.session
from botocore.utils import percent_encode_sequence

HERE = os.path.dirname(os.path.abspath(__file__))

POLICY = (
    '{\n  "Version": "2012-10-17",\n  "Statement": [{"Effect": "Allow", "Action": "s3:GetObject",'
    ' "Resource": "arn:aws:s3:::bucket/a b+c&d=é/*", "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "true"}}}]\n}'
)
TRUST = (
    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::123456789012:root"},'
    '"Action":"sts:AssumeRole","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"true"}}}]}'
)

FIXTURES = [
    ("iam", "CreateUser", "create_user_tags", {
        "Path": "/engineering/",
        "UserName": "alice.smith+ops@example",
        "PermissionsBoundary": "arn:aws:iam::123456789012:policy/Boundary",
        "Tags": [
            {"Key": "team", "Value": "platform security"},
            {"Key": "cost center", "Value": "Zürich/42=yes"},
            {"Key": "empty", "Value": ""},
        ],
    }),
    ("iam", "TagRole", "tag_role", {
        "RoleName": "deploy",
        "Tags": [{"Key": "k:1", "Value": "v+1"}, {"Key": "owner", "Value": "ops@example.com"}],
    }),
    ("iam", "UntagUser", "untag_user", {"UserName": "bob", "TagKeys": ["team", "cost center", "ключ"]}),
    ("iam", "UntagUser", "untag_user_empty", {"UserName": "bob", "TagKeys": []}),
    ("iam", "ListUsers", "list_users_paging", {"PathPrefix": "/engineering/", "Marker": "abc+/=", "MaxItems": 50}),
    ("iam", "UpdateAccountPasswordPolicy", "password_policy", {
        "MinimumPasswordLength": 14,
        "RequireSymbols": True,
        "RequireNumbers": False,
        "RequireUppercaseCharacters": True,
        "RequireLowercaseCharacters": True,
        "AllowUsersToChangePassword": True,
        "MaxPasswordAge": 90,
        "PasswordReusePrevention": 24,
        "HardExpiry": False,
    }),
    ("iam", "CreatePolicy", "create_policy", {
        "PolicyName": "ForceMFA",
        "Path": "/mfa/",
        "PolicyDocument": POLICY,
        "Description": "Deny everything without MFA; \"quoted\" <tags> & more",
        "Tags": [{"Key": "a", "Value": "b"}],
    }),
    ("iam", "PutRolePolicy", "put_role_policy", {
        "RoleName": "deploy", "PolicyName": "inline", "PolicyDocument": POLICY,
    }),
    ("iam", "CreateRole", "create_role", {
        "RoleName": "admin",
        "AssumeRolePolicyDocument": TRUST,
        "Description": "Admins with MFA",
        "MaxSessionDuration": 43200,
        "Tags": [{"Key": "mfa", "Value": "required"}],
    }),
    ("iam", "UpdateAccessKey", "update_access_key", {"UserName": "alice", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE",
                                                     "Status": "Inactive"}),
    ("iam", "GetAccountAuthorizationDetails", "authorization_details", {
        "Filter": ["User", "Role", "LocalManagedPolicy"], "MaxItems": 100, "Marker": "m1",
    }),
    ("iam", "CreateLoginProfile", "create_login_profile", {"UserName": "alice", "Password": "p@ss w+rd&=%é",
                                                           "PasswordResetRequired": False}),
    ("iam", "ChangePassword", "change_password", {"OldPassword": "old pass", "NewPassword": "n3w+P@ss/word?"}),
    ("iam", "GetAccountSummary", "account_summary", {}),
    ("sts", "AssumeRole", "assume_role", {
        "RoleArn": "arn:aws:iam::123456789012:role/admin",
        "RoleSessionName": "alice@example.com",
        "PolicyArns": [{"arn": "arn:aws:iam::aws:policy/ReadOnlyAccess"},
                       {"arn": "arn:aws:iam::123456789012:policy/Extra"}],
        "Policy": TRUST,
        "DurationSeconds": 3600,
        "Tags": [{"Key": "project", "Value": "rampart"}],
        "TransitiveTagKeys": ["project"],
        "ExternalId": "ext-id:1",
        "SerialNumber": "arn:aws:iam::123456789012:mfa/alice",
        "TokenCode": "123456",
        "SourceIdentity": "alice",
    }),
    ("sts", "GetSessionToken", "get_session_token", {"DurationSeconds": 900, "SerialNumber": "GAHT12345678",
                                                     "TokenCode": "000123"}),
    ("sts", "GetCallerIdentity", "get_caller_identity", {}),
    ("sts", "GetAccessKeyInfo", "get_access_key_info", {"AccessKeyId": "ASIAIOSFODNN7EXAMPLE"}),
]


def main():
    session = botocore.session.get_session()
    serializer = botocore.serialize.create_serializer("query", include_validation=False)
    out_dir = os.path.join(HERE, "requests")
    os.makedirs(out_dir, exist_ok=True)
    for service, operation, name, params in FIXTURES:
        model = session.get_service_model(service)
        request = serializer.serialize_to_request(params, model.operation_model(operation))
        serialized = {key: value if isinstance(value, str) else str(value) for key, value in request["body"].items()}
        fixture = {
            "service": service.upper(),
            "operation": operation,
            "params": params,
            # As the wire carries them: botocore keeps integers as int until it encodes the body.
            "serialized": serialized,
            "body": percent_encode_sequence(request["body"]),
            "botocore": botocore.__version__,
        }
        with open(os.path.join(out_dir, name + ".json"), "w", encoding="utf-8") as handle:
            json.dump(fixture, handle, indent=2, ensure_ascii=False, sort_keys=True)
            handle.write("\n")
        print(name)


if __name__ == "__main__":
    main()
