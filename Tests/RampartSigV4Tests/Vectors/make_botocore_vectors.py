#!/usr/bin/env python3
"""Writes botocore_vectors.json: IAM and STS requests signed by botocore at a fixed time.

botocore (the library under the aws CLI and boto3) is an implementation of SigV4 written
independently of RampartSigV4, so a request it signs is the best witness that our verifier
accepts what real clients send. Each request is captured exactly as it would go on the wire
(the `before-send` event), with the Host header urllib3 would add, and with the canonical
request and string to sign botocore logged while signing.

    python3 make_botocore_vectors.py > botocore_vectors.json

The output depends only on botocore's signing rules, so re-running it with another botocore
version must give the same signatures; a difference means botocore changed how it signs.
"""
import datetime
import json
import logging
import re
import sys
from unittest import mock
from urllib.parse import urlsplit

import botocore
import botocore.auth
import botocore.session
from botocore.auth import SigV4Auth, _host_from_url
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

# A fixed signing time; the Swift test runs its verifier with a clock set to this instant.
NOW = datetime.datetime(2026, 3, 14, 15, 9, 26)
NOW_TEXT = NOW.strftime("%Y%m%dT%H%M%SZ")

LONG_TERM = ("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", None)
# Temporary credentials: the token is opaque to signing but long, with '+', '/' and '='.
SESSION = (
    "ASIAQEXAMPLE2EXAMPLE",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQD+example/token+with/slashes==",
)


class Captured(Exception):
    """Raised from `before-send` so that nothing is sent once the request is recorded."""


class SigningLog(logging.Handler):
    """Collects the canonical request and string to sign that botocore logs at DEBUG level."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.canonical_request = None
        self.string_to_sign = None

    def emit(self, record):
        if record.msg == "CanonicalRequest:\n%s":
            self.canonical_request = record.args[0]
        elif record.msg == "StringToSign:\n%s":
            self.string_to_sign = record.args[0]


# Unsigned headers whose values change from run to run or machine to machine; fixing them keeps
# the output reproducible and changes no signature.
STABLE_UNSIGNED = {
    "user-agent": "Boto3 botocore (value fixed by make_botocore_vectors.py)",
    "amz-sdk-invocation-id": "00000000-0000-4000-8000-000000000000",
}


def wire_request(method, url, headers, body):
    """The request as a server sees it: raw path and query, every header, Host first."""
    parts = urlsplit(url)
    wire_headers = [["Host", _host_from_url(url)]]
    for name, value in headers.items():
        if isinstance(value, bytes):
            value = value.decode("utf-8")
        value = STABLE_UNSIGNED.get(name.lower(), value)
        wire_headers.append([name, value])
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    return {
        "method": method,
        "path": parts.path or "/",
        "query": parts.query,
        "headers": wire_headers,
        "body": body or "",
    }


def scope_of(request):
    """Region and service as botocore put them in the credential scope."""
    text = None
    for name, value in request["headers"]:
        if name.lower() == "authorization":
            text = value.split("Credential=", 1)[1].split(",", 1)[0]
    if text is None:
        for pair in request["query"].split("&"):
            key, _, value = pair.partition("=")
            if key == "X-Amz-Credential":
                text = value.replace("%2F", "/")
    _, _, region, service, _ = text.split("/")
    return region, service


def vector(name, request, credentials, log, presigned=False, expires_in=None):
    region, service = scope_of(request)
    access_key, secret, token = credentials
    entry = {
        "name": name,
        "accessKeyId": access_key,
        "secretAccessKey": secret,
        "sessionToken": token,
        "region": region,
        "service": service,
        "now": NOW_TEXT,
        "presigned": presigned,
        "expiresIn": expires_in,
        "request": request,
        "canonicalRequest": log.canonical_request,
        "stringToSign": log.string_to_sign,
    }
    return entry


def client(service, credentials, region, endpoint_url=None):
    session = botocore.session.get_session()
    access_key, secret, token = credentials
    return session.create_client(
        service,
        region_name=region,
        endpoint_url=endpoint_url,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret,
        aws_session_token=token,
    )


def capture_call(name, service, credentials, region, operation, params, endpoint_url=None):
    """Calls one operation through a real botocore client and records the signed request."""
    log = SigningLog()
    recorded = {}

    def before_send(request, **kwargs):
        recorded["request"] = wire_request(request.method, request.url, request.headers, request.body)
        raise Captured()

    api = client(service, credentials, region, endpoint_url)
    api.meta.events.register("before-send", before_send)
    logging.getLogger("botocore.auth").addHandler(log)
    try:
        getattr(api, operation)(**params)
    except Captured:
        pass
    finally:
        logging.getLogger("botocore.auth").removeHandler(log)
    return vector(name, recorded["request"], credentials, log)


def capture_presigned(name, credentials, region, expires_in, endpoint_url=None, extra_headers=None,
                      http_method="GET"):
    """A presigned STS GetCallerIdentity URL, as `aws eks get-token` makes it (HttpMethod GET).

    Without HttpMethod botocore signs the operation's own method, POST, and the URL must then be
    POSTed with an empty body; one vector keeps that default.
    """
    log = SigningLog()
    api = client("sts", credentials, region, endpoint_url)
    extra_headers = extra_headers or {}

    def add_headers(request, **kwargs):
        for header, value in extra_headers.items():
            request.headers[header] = value

    api.meta.events.register("before-sign.sts.GetCallerIdentity", add_headers)
    logging.getLogger("botocore.auth").addHandler(log)
    try:
        url = api.generate_presigned_url("get_caller_identity", ExpiresIn=expires_in, HttpMethod=http_method)
    finally:
        logging.getLogger("botocore.auth").removeHandler(log)
    request = wire_request(http_method or "POST", url, extra_headers, b"")
    return vector(name, request, credentials, log, presigned=True, expires_in=expires_in)


def sign_directly(name, service, region, credentials, method, url, body, headers, params=None):
    """SigV4Auth on a hand-made request, for inputs a generated client never produces."""
    log = SigningLog()
    access_key, secret, token = credentials
    request = AWSRequest(method=method, url=url, data=body, headers=headers, params=params or {})
    logging.getLogger("botocore.auth").addHandler(log)
    try:
        SigV4Auth(Credentials(access_key, secret, token), service, region).add_auth(request)
    finally:
        logging.getLogger("botocore.auth").removeHandler(log)
    prepared = request.prepare()
    return vector(name, wire_request(method, prepared.url, prepared.headers, prepared.body), credentials, log)


def main():
    logging.getLogger("botocore.auth").setLevel(logging.DEBUG)
    policy = json.dumps({
        "Version": "2012-10-17",
        "Statement": [{
            "Sid": "Ünïcödé-✓",
            "Effect": "Allow",
            "Action": ["s3:GetObject", "iam:*"],
            "Resource": "arn:aws:s3:::bucket/${aws:username}/* ?&=+%",
            "Condition": {"StringLike": {"aws:UserAgent": "curl/\"7\" \\ tab\there"}},
        }],
    }, ensure_ascii=False, indent=2)
    vectors = []
    with mock.patch("botocore.auth.get_current_datetime", return_value=NOW):
        vectors.append(capture_call("iam-create-user", "iam", LONG_TERM, "us-east-1",
                                    "create_user", {"UserName": "alice"}))
        vectors.append(capture_call("iam-create-user-special-characters", "iam", LONG_TERM, "us-east-1",
                                    "create_user", {
                                        "Path": "/division_abc/subdivision_xyz/",
                                        "UserName": "Bob+Alice=Eve@example,com.-_",
                                        "Tags": [{"Key": "プロジェクト", "Value": "Ünïcödé ✓ &=%+/ ~ \"quoted\""}],
                                    }))
        vectors.append(capture_call("iam-put-user-policy-json-document", "iam", LONG_TERM, "us-east-1",
                                    "put_user_policy", {
                                        "UserName": "alice", "PolicyName": "read only",
                                        "PolicyDocument": policy,
                                    }))
        vectors.append(capture_call("iam-change-password-symbols", "iam", SESSION, "us-east-1",
                                    "change_password", {
                                        "OldPassword": "p@ss w0rd+%&=ü", "NewPassword": "N3w!#$*()[]{}<>|\\^`~",
                                    }))
        vectors.append(capture_call("iam-list-users-session-token", "iam", SESSION, "us-east-1",
                                    "list_users", {"PathPrefix": "/division_abc/", "MaxItems": 10}))
        vectors.append(capture_call("iam-custom-endpoint-port", "iam", LONG_TERM, "eu-central-1",
                                    "get_user", {}, endpoint_url="http://localhost:4566"))
        vectors.append(capture_call("sts-get-caller-identity", "sts", LONG_TERM, "us-east-1",
                                    "get_caller_identity", {}))
        vectors.append(capture_call("sts-get-caller-identity-session-token-regional", "sts", SESSION, "us-west-2",
                                    "get_caller_identity", {}))
        vectors.append(capture_call("sts-assume-role-policy-and-tags", "sts", LONG_TERM, "eu-west-1",
                                    "assume_role", {
                                        "RoleArn": "arn:aws:iam::123456789012:role/Deploy-Role_1",
                                        "RoleSessionName": "alice@example.com",
                                        "Policy": policy,
                                        "Tags": [{"Key": "Project", "Value": "Ünïcödé ✓"}],
                                        "DurationSeconds": 3600,
                                    }))
        vectors.append(capture_call("sts-get-session-token-mfa", "sts", LONG_TERM, "ap-southeast-2",
                                    "get_session_token", {
                                        "SerialNumber": "arn:aws:iam::123456789012:mfa/alice",
                                        "TokenCode": "123456",
                                    }, endpoint_url="http://127.0.0.1:8080"))
        vectors.append(sign_directly("sigv4auth-get-query-parameters", "iam", "us-east-1", LONG_TERM,
                                     "GET", "https://iam.amazonaws.com/", None, {},
                                     params={"Action": "ListUsers", "Version": "2010-05-08",
                                             "PathPrefix": "/a b+c/ü/"}))
        vectors.append(sign_directly("sigv4auth-raw-utf8-body", "iam", "us-east-1", SESSION,
                                     "POST", "https://iam.amazonaws.com/",
                                     "Action=CreateUser&UserName=José ✓".encode("utf-8"),
                                     {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8"}))
        vectors.append(sign_directly("sigv4auth-date-header-instead-of-x-amz-date", "sts", "us-east-1", LONG_TERM,
                                     "POST", "https://sts.amazonaws.com/",
                                     b"Action=GetCallerIdentity&Version=2011-06-15",
                                     {"Content-Type": "application/x-www-form-urlencoded; charset=utf-8",
                                      "Date": "replaced by botocore"}))
        vectors.append(sign_directly("sigv4auth-encoded-path-normalized-and-encoded-again", "iam", "us-east-1",
                                     LONG_TERM, "GET", "https://iam.amazonaws.com/a%20b/./c//d/../%E2%9C%93+~", None,
                                     {}))
        vectors.append(capture_presigned("sts-presigned-get-caller-identity", LONG_TERM, "us-east-1", 900))
        vectors.append(capture_presigned("sts-presigned-session-token", SESSION, "eu-west-1", 60))
        vectors.append(capture_presigned("sts-presigned-eks-token-header", SESSION, "us-west-2", 60,
                                         extra_headers={"x-k8s-aws-id": "my-cluster"}))
        vectors.append(capture_presigned("sts-presigned-custom-endpoint", LONG_TERM, "us-east-1", 3600,
                                         endpoint_url="http://localhost:4566"))
        vectors.append(capture_presigned("sts-presigned-default-method-post", LONG_TERM, "us-east-1", 900,
                                         http_method=None))
    text = json.dumps({
        "source": f"botocore {botocore.__version__}, by make_botocore_vectors.py beside this file",
        "vectors": vectors,
    }, indent=1, ensure_ascii=False)
    # One header per line: [name, value] pairs spread over four lines are hard to read.
    text = re.sub(r'\[\n\s*("(?:[^"\\]|\\.)*"),\n\s*("(?:[^"\\]|\\.)*")\n\s*\]', r"[\1, \2]", text)
    sys.stdout.write(text + "\n")


if __name__ == "__main__":
    main()
