"""The request log: `--log-format json` writes one JSON object per line, one line per request with its
request id (the one the client got back), principal (an ARN, or the access key id of a refused
signature), service, operation, status and duration; a run that made every kind of secret (passwords,
access keys, a TOTP seed and its codes, session tokens, in headers, bodies and a presigned query) logs
none of them. Also the text format, `--log-level`, and refused options."""

from __future__ import annotations

import json
import subprocess

import pytest
import requests
from botocore.exceptions import ClientError

from console_helpers import ConsoleClient
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, ROOT_KEY_ID, ROOT_SECRET, RampartServer, account_trust_doc,
    dumps, make_session, presigned_url, rampart_binary, run_rampart, session_from_credentials, session_from_key,
    unique,
)
from mfa_helpers import code, create_device, wait_for_fresh_step

ADMIN_ARN = f"arn:aws:iam::{ACCOUNT_ID}:user/admin"


def start(tmp_path_factory, name, extra_args):
    base = tmp_path_factory.mktemp(name)
    run_rampart("init", "--data", base / "data", "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET, "--root-access-key-id", ROOT_KEY_ID,
                "--root-secret-access-key", ROOT_SECRET, "--root-password", "Bootstrap-Root-Passw0rd!")
    return RampartServer(base / "data", base / "server.log", allow_clock_control=False,
                         extra_args=["--trusted-proxy", "127.0.0.1", *extra_args]).start()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = start(tmp_path_factory, "logs-json", ["--log-format", "json"])
    yield started
    started.stop()


def connect(server, session, service):
    return session.client(service, endpoint_url=server.endpoint, region_name=REGION)


def json_lines(server) -> list[dict]:
    """Every JSON line of the log; the start-up banner before them is plain text."""
    lines = []
    for line in server.output().splitlines():
        if line.startswith("{"):
            lines.append(json.loads(line))     # a line that starts as JSON is JSON whole
    return lines


def request_line(server, request_id: str) -> dict:
    matches = [line for line in json_lines(server) if line.get("request_id") == request_id]
    assert len(matches) == 1, (request_id, matches)
    return matches[0]


def test_one_json_line_per_request_with_its_fields(server):
    iam = connect(server, make_session(ADMIN_KEY_ID, ADMIN_SECRET), "iam")
    name = unique("logs-user")
    iam.create_user(UserName=name)
    answer = iam.get_user(UserName=name)
    line = request_line(server, answer["ResponseMetadata"]["RequestId"])
    assert line["message"] == "request" and line["level"] == "info" and line["logger"] == "rampart"
    assert line["principal"] == ADMIN_ARN
    assert (line["service"], line["operation"], line["status"]) == ("iam", "GetUser", 200)
    assert isinstance(line["duration_ms"], float) and line["duration_ms"] > 0
    assert line["path"] == "/"
    assert line["time"].endswith("Z") and "T" in line["time"]

    with pytest.raises(ClientError) as refused:
        iam.get_user(UserName=unique("missing"))
    line = request_line(server, refused.value.response["ResponseMetadata"]["RequestId"])
    assert (line["operation"], line["status"]) == ("GetUser", 404)


def test_a_refused_signature_logs_the_key_id_and_the_reason(server):
    bad = connect(server, make_session(ADMIN_KEY_ID, "not-the-secret-at-all-0000000000000000000"), "sts")
    with pytest.raises(ClientError) as refused:
        bad.get_caller_identity()
    line = request_line(server, refused.value.response["ResponseMetadata"]["RequestId"])
    assert line["principal"] == ADMIN_KEY_ID
    assert line["authentication_failure"] == "SignatureDoesNotMatch"
    assert (line["service"], line["status"]) == ("sts", 403)


def test_console_requests_are_logged(server):
    before = len(json_lines(server))
    ConsoleClient(server.endpoint, client_ip="10.20.0.1").get("/console/signin")
    new = [line for line in json_lines(server)[before:] if line.get("message") == "request"]
    assert any(line["service"] == "console" and line["path"] == "/console/signin" and line["status"] == 200
               and len(line["request_id"]) > 0 for line in new), new


def test_no_secret_in_the_log(server):
    admin = make_session(ADMIN_KEY_ID, ADMIN_SECRET)
    iam = connect(server, admin, "iam")
    secrets = [ADMIN_SECRET, ROOT_SECRET, "Bootstrap-Root-Passw0rd!"]
    name = unique("logs-secret")
    first, second = "Log-Secret-Passw0rd-1!", "Log-Secret-Passw0rd-2!"
    secrets += [first, second]
    iam.create_user(UserName=name)
    iam.attach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    iam.put_user_policy(UserName=name, PolicyName="sts", PolicyDocument=dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["sts:GetSessionToken", "iam:ChangePassword"], "Resource": "*"}]}))
    iam.create_login_profile(UserName=name, Password=first)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    secrets.append(key["SecretAccessKey"])
    own = session_from_key(key)
    own.client("iam", endpoint_url=server.endpoint, region_name=REGION).change_password(
        OldPassword=first, NewPassword=second)

    serial, seed = create_device(iam, unique("logs-dev"))
    secrets.append(seed)
    wait_for_fresh_step()
    codes = [code(seed, -1), code(seed, 0), code(seed, 1)]
    iam.enable_mfa_device(UserName=name, SerialNumber=serial, AuthenticationCode1=codes[0],
                          AuthenticationCode2=codes[1])
    temporary = connect(server, own, "sts").get_session_token(SerialNumber=serial, TokenCode=codes[2])["Credentials"]
    secrets += [temporary["SecretAccessKey"], temporary["SessionToken"]]
    connect(server, session_from_credentials(temporary), "iam").get_user(UserName=name)
    # A session token in a presigned URL's query string.
    url = presigned_url(server.endpoint, {"Action": "GetCallerIdentity", "Version": "2011-06-15"},
                        creds=(temporary["AccessKeyId"], temporary["SecretAccessKey"], temporary["SessionToken"]))
    assert requests.get(url, timeout=10).status_code == 200

    role = unique("logs-role")
    arn = iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(account_trust_doc()))["Role"]["Arn"]
    assumed = connect(server, admin, "sts").assume_role(RoleArn=arn, RoleSessionName="logs")["Credentials"]
    secrets += [assumed["SecretAccessKey"], assumed["SessionToken"]]
    connect(server, session_from_credentials(assumed), "sts").get_caller_identity()

    browser = ConsoleClient(server.endpoint, client_ip="10.20.1.1")
    browser.sign_in(ACCOUNT_ID, name, second)
    browser.post("/console/mfa", {"code": code(seed, 2)})
    typed_in_name = "Log-Secret-Typed-As-Name-0!"
    ConsoleClient(server.endpoint, client_ip="10.20.1.2").sign_in(ACCOUNT_ID, typed_in_name, second)
    secrets.append(typed_in_name)

    log = server.output()
    assert log.count('"message":"request"') >= 15
    for secret in secrets:
        assert secret not in log, f"a secret ({secret[:6]}…) is in the log"
    for line in json_lines(server):
        values = {str(value) for value in line.values()}
        assert not values & set(codes), line


def test_text_format_and_log_level(tmp_path_factory):
    text = start(tmp_path_factory, "logs-text", [])
    quiet = start(tmp_path_factory, "logs-quiet", ["--log-format", "json", "--log-level", "warning"])
    try:
        for server in (text, quiet):
            connect(server, make_session(ADMIN_KEY_ID, ADMIN_SECRET), "sts").get_caller_identity()
        assert "operation=GetCallerIdentity" in text.output()
        assert f"principal={ADMIN_ARN}" in text.output()
        assert "GetCallerIdentity" not in quiet.output()
        assert json_lines(quiet) == []
    finally:
        text.stop()
        quiet.stop()


def test_bad_log_options_are_refused(tmp_path):
    for args, word in ((["--log-format", "xml"], "--log-format"), (["--log-level", "loud"], "--log-level")):
        result = subprocess.run([str(rampart_binary()), "serve", "--data", str(tmp_path), *args],
                                capture_output=True, text=True, timeout=60)
        assert result.returncode != 0 and word in result.stderr, result.stderr
