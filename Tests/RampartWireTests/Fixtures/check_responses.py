#!/usr/bin/env python3
"""Parses the XML responses Rampart's encoder wrote (responses/*.xml, kept current by
ResponseFixtureTests.swift) with botocore's own Query parser, as the AWS CLI and boto3 do,
and checks the values they carry.

    python3 Tests/RampartWireTests/Fixtures/check_responses.py

Exits non-zero on the first mismatch. Policy documents go through botocore's
`json_decode_policies` handler too, which URL-decodes and JSON-parses them after every IAM call.
"""

import datetime
import json
import os
import sys

import botocore.handlers
import botocore.parsers
import botocore.session

HERE = os.path.dirname(os.path.abspath(__file__))
UTC = datetime.timezone.utc
CREATED = datetime.datetime(2025, 11, 23, 9, 3, 46, tzinfo=UTC)
LATER = datetime.datetime(2026, 11, 23, 9, 3, 46, tzinfo=UTC)
REQUEST_ID = "4a1e8b52-0000-4000-8000-00000000feed"
POLICY = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Deny", "NotAction": "iam:*", "Resource": "*",
         "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}},
        {"Sid": "Zürich & <co> 'q' a+b", "Effect": "Allow", "Action": "s3:GetObject",
         "Resource": "arn:aws:s3:::b/a b/*"},
    ],
}


def user(name, path="/eng/", tags=None, arn=None):
    value = {"Path": path, "UserName": name, "UserId": "AIDA" + name.upper(),
             "Arn": arn or f"arn:aws:iam::123456789012:user/eng/{name}", "CreateDate": CREATED}
    if tags is not None:
        value["Tags"] = tags
    return value


EXPECTED = {
    "IAM-CreateUser": {"User": {
        **user("alice", path="/ops/", arn="arn:aws:iam::123456789012:user/ops/alice",
               tags=[{"Key": "team", "Value": "platform"}, {"Key": "empty", "Value": ""}]),
        "PermissionsBoundary": {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                                "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/Boundary"},
    }},
    "IAM-ListUsers": {
        "Users": [user("user0", tags=[{"Key": "k", "Value": "v & w"}]), user("user1")],
        "IsTruncated": True, "Marker": "next+page/=",
    },
    "IAM-GetRole": {"Role": {
        "Path": "/", "RoleName": "admin", "RoleId": "AROAADMIN", "Arn": "arn:aws:iam::123456789012:role/admin",
        "CreateDate": CREATED, "AssumeRolePolicyDocument": POLICY, "Description": "Admins <with> MFA & more",
        "MaxSessionDuration": 43200,
        "PermissionsBoundary": {"PermissionsBoundaryType": "PermissionsBoundaryPolicy",
                                "PermissionsBoundaryArn": "arn:aws:iam::123456789012:policy/Boundary"},
        "Tags": [{"Key": "mfa", "Value": "required"}],
        "RoleLastUsed": {"LastUsedDate": LATER, "Region": "eu-central-1"},
    }},
    "IAM-GetPolicyVersion": {"PolicyVersion": {
        "Document": POLICY, "VersionId": "v3", "IsDefaultVersion": True, "CreateDate": CREATED}},
    "IAM-GetAccountSummary": {"SummaryMap": {"Users": 3, "UsersQuota": 5000, "AccountMFAEnabled": 1}},
    "IAM-GetAccountPasswordPolicy": {"PasswordPolicy": {
        "MinimumPasswordLength": 14, "RequireSymbols": True, "RequireNumbers": False,
        "RequireUppercaseCharacters": True, "RequireLowercaseCharacters": True, "AllowUsersToChangePassword": True,
        "ExpirePasswords": True, "MaxPasswordAge": 90, "PasswordReusePrevention": 24, "HardExpiry": False}},
    "IAM-CreateAccessKey": {"AccessKey": {
        "UserName": "alice", "AccessKeyId": "AKIAIOSFODNN7EXAMPLE", "Status": "Active",
        "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", "CreateDate": CREATED}},
    "IAM-GetAccountAuthorizationDetails": {
        "UserDetailList": [{
            "Path": "/", "UserName": "alice", "UserId": "AIDAALICE", "Arn": "arn:aws:iam::123456789012:user/alice",
            "CreateDate": CREATED, "UserPolicyList": [{"PolicyName": "inline", "PolicyDocument": POLICY}],
            "GroupList": ["admins", "devs"],
            "AttachedManagedPolicies": [{"PolicyName": "ReadOnlyAccess",
                                         "PolicyArn": "arn:aws:iam::aws:policy/ReadOnlyAccess"}],
            "Tags": [],
        }],
        "GroupDetailList": [],
        "RoleDetailList": [{
            "Path": "/", "RoleName": "admin", "RoleId": "AROAADMIN", "Arn": "arn:aws:iam::123456789012:role/admin",
            "CreateDate": CREATED, "AssumeRolePolicyDocument": POLICY, "InstanceProfileList": [],
        }],
        "IsTruncated": False,
    },
    "IAM-DeleteUser": {},
    "STS-AssumeRole": {
        "Credentials": {"AccessKeyId": "ASIAIOSFODNN7EXAMPLE",
                        "SecretAccessKey": "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY",
                        "SessionToken": "FwoGZXIvYXdzEBYaDH+/token==", "Expiration": LATER},
        "AssumedRoleUser": {"AssumedRoleId": "AROAADMIN:alice",
                            "Arn": "arn:aws:sts::123456789012:assumed-role/admin/alice"},
        "PackedPolicySize": 6, "SourceIdentity": "alice",
    },
    "STS-GetCallerIdentity": {"UserId": "AIDAEXAMPLE", "Account": "123456789012",
                              "Arn": "arn:aws:iam::123456789012:user/alice"},
    "STS-GetAccessKeyInfo": {"Account": "123456789012"},
}

ERRORS = {
    "IAM-Error-NoSuchEntity": (404, {"Type": "Sender", "Code": "NoSuchEntity",
                                     "Message": "The user with name nobody cannot be found."}),
    "IAM-Error-ValidationError": (400, {"Type": "Sender", "Code": "ValidationError", "Message": (
        "2 validation errors detected: Value at 'path' failed to satisfy constraint: Member must satisfy regular "
        "expression pattern: (\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F); Value at 'userName' failed to satisfy "
        "constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+")}),
    "STS-Error-AccessDenied": (403, {"Type": "Sender", "Code": "AccessDenied", "Message": (
        "MultiFactorAuthentication failed with invalid MFA one time pass code. ")}),
}


def check(name, got, want):
    if got != want:
        print(f"FAIL {name}\n  got:  {got!r}\n  want: {want!r}")
        sys.exit(1)
    print(f"ok   {name}")


def main():
    session = botocore.session.get_session()
    parser = botocore.parsers.create_parser("query")
    directory = os.path.join(HERE, "responses")
    names = sorted(f[:-4] for f in os.listdir(directory) if f.endswith(".xml"))
    missing = (set(EXPECTED) | set(ERRORS)) - set(names)
    if missing:
        print("FAIL missing responses:", sorted(missing))
        sys.exit(1)
    for name in names:
        with open(os.path.join(directory, name + ".xml"), "rb") as handle:
            body = handle.read()
        service, operation = name.split("-", 1)
        model = session.get_service_model(service.lower())
        if name in ERRORS:
            status, error = ERRORS[name]
            parsed = parser.parse({"body": body, "headers": {}, "status_code": status}, None)
            check(name, (parsed["Error"], parsed["ResponseMetadata"]["RequestId"]), (error, REQUEST_ID))
            continue
        op = model.operation_model(operation)
        parsed = parser.parse({"body": body, "headers": {}, "status_code": 200}, op.output_shape)
        request_id = parsed.pop("ResponseMetadata")["RequestId"]
        if service == "IAM":
            botocore.handlers.json_decode_policies(parsed, op)
        check(name, (parsed, request_id), (EXPECTED[name], REQUEST_ID))
    print(f"{len(names)} responses parsed by botocore {botocore.__version__}")


if __name__ == "__main__":
    main()
