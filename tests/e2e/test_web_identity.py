"""AssumeRoleWithWebIdentity against a loopback OIDC issuer with HTTPS (a test CA the server is told
to trust with --federation-ca-file): a GitHub Actions-style token assumes a role whose trust policy
pins the `:sub` to main; every other token is refused with AWS's code. Requests are unsigned, as
boto3 and the aws CLI send them."""

from __future__ import annotations

import json
import sqlite3
import time

import boto3
import pytest
from botocore import UNSIGNED
from botocore.config import Config

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, RampartServer, aws_error, cli_env, make_session, run_cli,
    run_rampart, session_from_credentials, unique, wait_until,
)
from oidc_issuer import Issuer, IssuerCA, PlainKeySet, SigningKey
from trail_blocks import stored_trail
from trail_helpers import lookup_all, records, since

MAIN = "repo:acme/app:ref:refs/heads/main"
DENIED = "Not authorized to perform sts:AssumeRoleWithWebIdentity"


@pytest.fixture(scope="module")
def pki(tmp_path_factory):
    directory = tmp_path_factory.mktemp("federation-pki")
    return IssuerCA(directory), directory


def start_server(tmp_path_factory, name: str, ca: IssuerCA, *extra: str) -> RampartServer:
    base = tmp_path_factory.mktemp(name)
    data = base / "data"
    run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET)
    return RampartServer(data, base / "server.log", allow_clock_control=False,
                         extra_args=["--federation-ca-file", str(ca.pem_path), *extra]).start()


@pytest.fixture(scope="module")
def server(tmp_path_factory, pki):
    ca, _ = pki
    started = start_server(tmp_path_factory, "web-identity", ca, "--federation-key-refetch-seconds", "1")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def issuer(pki):
    ca, directory = pki
    cert, key = ca.leaf("issuer")
    started = Issuer(cert, key)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def admin(server):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET)


@pytest.fixture(scope="module")
def iam(admin, server):
    return admin.client("iam", endpoint_url=server.endpoint, region_name=REGION)


@pytest.fixture(scope="module")
def sts(server):
    """A client with no credentials at all: AssumeRoleWithWebIdentity needs none."""
    return boto3.session.Session(region_name=REGION).client(
        "sts", endpoint_url=server.endpoint, config=Config(signature_version=UNSIGNED, retries={"max_attempts": 1}))


@pytest.fixture(scope="module")
def provider(iam, issuer):
    arn = iam.create_open_id_connect_provider(Url=issuer.url, ClientIDList=["sts.amazonaws.com"])[
        "OpenIDConnectProviderArn"]
    yield arn
    iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)


def github_trust(provider_arn: str, host: str, sub: str = MAIN, extra_actions=()) -> str:
    return json.dumps({"Version": "2012-10-17", "Statement": [{
        "Effect": "Allow", "Principal": {"Federated": provider_arn},
        "Action": ["sts:AssumeRoleWithWebIdentity", *extra_actions],
        "Condition": {"StringEquals": {f"{host}:aud": "sts.amazonaws.com"}, "StringLike": {f"{host}:sub": sub}},
    }]})


@pytest.fixture(scope="module")
def role(iam, provider, issuer):
    name = unique("ci-deploy")
    arn = iam.create_role(RoleName=name, AssumeRolePolicyDocument=github_trust(provider, issuer.host))["Role"]["Arn"]
    return arn


def provider_and_role(iam, issuer: Issuer, prefix: str) -> tuple[str, str]:
    """An OIDC provider for `issuer` and a role trusting its main-branch tokens."""
    arn = iam.create_open_id_connect_provider(Url=issuer.url, ClientIDList=["sts.amazonaws.com"])[
        "OpenIDConnectProviderArn"]
    role = iam.create_role(RoleName=unique(prefix),
                           AssumeRolePolicyDocument=github_trust(arn, issuer.host))["Role"]["Arn"]
    return arn, role


def assume(sts, role_arn: str, token: str, **kwargs):
    return sts.assume_role_with_web_identity(RoleArn=role_arn, RoleSessionName="gha", WebIdentityToken=token,
                                             **kwargs)


def test_a_main_branch_token_assumes_the_role(sts, server, role, provider, issuer):
    answer = assume(sts, role, issuer.token(MAIN))
    assert answer["SubjectFromWebIdentityToken"] == MAIN
    assert answer["Audience"] == "sts.amazonaws.com"
    assert answer["Provider"] == provider
    role_name = role.split("/")[-1]
    assert answer["AssumedRoleUser"]["Arn"] == f"arn:aws:sts::{ACCOUNT_ID}:assumed-role/{role_name}/gha"
    assert answer["AssumedRoleUser"]["AssumedRoleId"].endswith(":gha")
    assert "PackedPolicySize" not in answer
    me = session_from_credentials(answer["Credentials"]).client(
        "sts", endpoint_url=server.endpoint, region_name=REGION).get_caller_identity()
    assert me["Arn"] == answer["AssumedRoleUser"]["Arn"]


def test_another_branch_is_refused_by_the_trust_policy(sts, role, issuer):
    with aws_error("AccessDenied", 403, DENIED):
        assume(sts, role, issuer.token("repo:acme/app:ref:refs/heads/feature"))
    with aws_error("AccessDenied", 403, DENIED):
        assume(sts, role, issuer.token("repo:acme/other:ref:refs/heads/main"))


def test_a_role_that_does_not_exist_is_refused_alike(sts, provider, issuer):
    with aws_error("AccessDenied", 403, DENIED):
        assume(sts, f"arn:aws:iam::{ACCOUNT_ID}:role/{unique('none')}", issuer.token(MAIN))


def test_roles_of_unknown_accounts_and_malformed_arns(sts, provider, issuer):
    with aws_error("InvalidIdentityToken", 400, "No OpenIDConnect provider found"):
        assume(sts, f"arn:aws:iam::999999999999:role/{unique('none')}", issuer.token(MAIN))
    with aws_error("ValidationError", 400, "is invalid"):
        assume(sts, f"arn:aws:iam::{ACCOUNT_ID}:user/not-a-role", issuer.token(MAIN))


def test_forged_and_tampered_tokens_are_refused(sts, role, issuer):
    forger = SigningKey(issuer.keys[0].kid)  # the issuer's kid, another key
    with aws_error("InvalidIdentityToken", 400, "could not be validated"):
        assume(sts, role, issuer.token(MAIN, key=forger))
    header, payload, signature = issuer.token("repo:acme/app:ref:refs/heads/feature").split(".")
    other_header, other_payload, _ = issuer.token(MAIN).split(".")
    with aws_error("InvalidIdentityToken", 400, "could not be validated"):
        assume(sts, role, f"{header}.{other_payload}.{signature}")


def test_expired_tokens_are_refused_with_expired_token_exception(sts, role, issuer):
    now = int(time.time())
    with aws_error("ExpiredTokenException", 400, "Token expired: current date/time"):
        assume(sts, role, issuer.token(MAIN, iat=now - 4000, nbf=now - 4000, exp=now - 400))
    # Within the five minutes of clock skew an issuer is granted, a just-expired token still counts.
    assume(sts, role, issuer.token(MAIN, iat=now - 400, nbf=now - 400, exp=now - 200))


def test_not_yet_valid_and_future_tokens_are_refused(sts, role, issuer):
    now = int(time.time())
    with aws_error("InvalidIdentityToken", 400, "not valid before"):
        assume(sts, role, issuer.token(MAIN, nbf=now + 900, exp=now + 1800))
    with aws_error("InvalidIdentityToken", 400, "issued in the future"):
        assume(sts, role, issuer.token(MAIN, iat=now + 900, exp=now + 1800))
    with aws_error("InvalidIdentityToken", 400, "Missing claim 'exp'"):
        assume(sts, role, issuer.token(MAIN, exp=None))


def test_a_wrong_audience_is_refused(sts, role, issuer):
    with aws_error("InvalidIdentityToken", 400, "Incorrect token audience"):
        assume(sts, role, issuer.token(MAIN, aud="https://github.com/acme"))
    # One audience of several is enough when it is a client id of the provider.
    assume(sts, role, issuer.token(MAIN, aud=["https://github.com/acme", "sts.amazonaws.com"]))


def test_a_wrong_issuer_is_refused(sts, role, issuer):
    with aws_error("InvalidIdentityToken", 400, "No OpenIDConnect provider found in your account for"):
        assume(sts, role, issuer.token(MAIN, iss="https://token.actions.githubusercontent.com"))
    with aws_error("InvalidIdentityToken", 400, "'iss'"):
        assume(sts, role, issuer.token(MAIN, iss=None))


def test_alg_none_and_key_confusion_are_refused(sts, role, issuer):
    with aws_error("InvalidIdentityToken", 400, "not a valid JWT"):
        assume(sts, role, issuer.unsigned_token(MAIN))
    unsigned_with_dot = issuer.unsigned_token(MAIN) + "AA"  # a non-empty "signature" under alg none
    with aws_error("InvalidIdentityToken", 400, "Unsupported signing algorithm: none"):
        assume(sts, role, unsigned_with_dot)
    with aws_error("InvalidIdentityToken", 400, "Unsupported signing algorithm: HS256"):
        assume(sts, role, issuer.hmac_token(MAIN))


def test_malformed_tokens_and_the_length_limit(server, role):
    # botocore checks the model's lengths itself; the server's own checks are the subject here.
    sts = boto3.session.Session(region_name=REGION).client("sts", endpoint_url=server.endpoint, config=Config(
        signature_version=UNSIGNED, retries={"max_attempts": 1}, parameter_validation=False))
    with aws_error("ValidationError", 400):
        assume(sts, role, "abc")
    for garbage in ["abcd", "a.bc", "a.b.c.d", "!!!.???.***", "e30..e30"]:
        with aws_error("InvalidIdentityToken", 400, "not a valid JWT"):
            assume(sts, role, garbage)
    with aws_error("InvalidIdentityToken", 400):
        assume(sts, role, "a" * 20000)
    with aws_error("ValidationError", 400):
        assume(sts, role, "a" * 20001)


def test_es256_and_rs512_tokens_verify(sts, role, issuer):
    ec_key = SigningKey("ec-1", "P-256")
    issuer.keys.append(ec_key)
    time.sleep(1.1)  # past the refetch interval: the unknown kid makes the server fetch the key set again
    assume(sts, role, issuer.token(MAIN, alg="ES256", key=ec_key))
    assume(sts, role, issuer.token(MAIN, alg="RS512"))
    # An algorithm that does not fit the key is refused, whatever the signature.
    with aws_error("InvalidIdentityToken", 400, "could not be validated"):
        assume(sts, role, issuer.token(MAIN, alg="ES384", key=SigningKey("p384", "P-384"), kid="ec-1"))


def test_key_rotation_and_the_refetch_limit(sts, role, issuer):
    assume(sts, role, issuer.token(MAIN))
    rotated = SigningKey("key-rotated")
    issuer.keys.insert(0, rotated)
    time.sleep(1.1)
    before = issuer.jwks_fetches()
    assume(sts, role, issuer.token(MAIN, key=rotated))
    assert issuer.jwks_fetches() == before + 1
    # Tokens with invented key ids, one after another: at most one more fetch within the interval.
    for n in range(5):
        with aws_error("InvalidIdentityToken", 400, "Couldn't retrieve verification key"):
            assume(sts, role, issuer.token(MAIN, kid=f"invented-{n}"))
    assert issuer.jwks_fetches() <= before + 2
    issuer.keys.remove(rotated)


def test_session_tags_from_the_token_need_tag_session(sts, iam, provider, issuer):
    tags = {"https://aws.amazon.com/tags": {"principal_tags": {"team": ["platform"]},
                                            "transitive_tag_keys": ["team"]}}
    plain = iam.create_role(RoleName=unique("ci-notags"),
                            AssumeRolePolicyDocument=github_trust(provider, issuer.host))["Role"]["Arn"]
    with aws_error("AccessDenied", 403, DENIED):
        assume(sts, plain, issuer.token(MAIN, **tags))
    tagging = iam.create_role(RoleName=unique("ci-tags"), AssumeRolePolicyDocument=github_trust(
        provider, issuer.host, extra_actions=["sts:TagSession"]))["Role"]["Arn"]
    answer = assume(sts, tagging, issuer.token(MAIN, **tags))
    assert answer["PackedPolicySize"] >= 1
    # The token's tags count toward the packed size, as request tags do for AssumeRole.
    big = {"https://aws.amazon.com/tags": {"principal_tags": {
        f"k{i}" + "k" * 100: ["v" * 200] for i in range(10)}}}
    with aws_error("PackedPolicyTooLarge", 400, "Packed policy consumes"):
        assume(sts, tagging, issuer.token(MAIN, **big))
    bad = {"https://aws.amazon.com/tags": {"principal_tags": {"team": "platform"}}}
    with aws_error("IDPRejectedClaim", 403):
        assume(sts, tagging, issuer.token(MAIN, **bad))


def test_session_policy_and_duration(sts, role, issuer):
    with aws_error("MalformedPolicyDocument", 400):
        assume(sts, role, issuer.token(MAIN), Policy="{not json")
    with aws_error("ValidationError", 400, "MaxSessionDuration"):
        assume(sts, role, issuer.token(MAIN), DurationSeconds=7200)
    answer = assume(sts, role, issuer.token(MAIN), DurationSeconds=900)
    lifetime = answer["Credentials"]["Expiration"].timestamp() - time.time()
    assert 800 < lifetime <= 900


def test_an_issuer_with_a_certificate_of_another_ca_is_unreachable(sts, iam, tmp_path):
    stranger = IssuerCA(tmp_path, "Some other CA")
    cert, key = stranger.leaf("stranger")
    other = Issuer(cert, key)
    try:
        arn, role = provider_and_role(iam, other, "ci-stranger")
        with aws_error("IDPCommunicationError", 400, "Couldn't reach your identity provider"):
            assume(sts, role, other.token(MAIN))
        assert other.requests == []  # the handshake failed before any request was sent
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    finally:
        other.stop()


def test_a_key_set_over_plain_http_is_not_fetched(sts, iam, pki):
    ca, _ = pki
    cert, key = ca.leaf("http-jwks")
    other = Issuer(cert, key, jwks_scheme="http")
    try:
        arn, role = provider_and_role(iam, other, "ci-http")
        with aws_error("IDPCommunicationError", 400, "is not an https URL"):
            assume(sts, role, other.token(MAIN))
        assert other.jwks_fetches() == 0
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    finally:
        other.stop()


def test_the_aws_cli_assumes_the_role(server, role, issuer, tmp_path):
    env = cli_env(tmp_path)
    result = run_cli(["sts", "assume-role-with-web-identity", "--endpoint-url", server.endpoint,
                      "--role-arn", role, "--role-session-name", "cli", "--web-identity-token",
                      issuer.token(MAIN), "--output", "json"], env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["SubjectFromWebIdentityToken"] == MAIN
    assert answer["AssumedRoleUser"]["Arn"].endswith("/cli")
    refused = run_cli(["sts", "assume-role-with-web-identity", "--endpoint-url", server.endpoint,
                       "--role-arn", role, "--role-session-name", "cli", "--web-identity-token",
                       issuer.token("repo:acme/app:ref:refs/heads/dev")], env)
    assert refused.returncode != 0
    assert "AccessDenied" in refused.stderr and DENIED in refused.stderr


def test_the_trail_records_the_web_identity_user_without_the_token(sts, admin, server, role, provider, issuer):
    token = issuer.token(MAIN)
    assume(sts, role, token, DurationSeconds=900)
    with aws_error("AccessDenied", 403):
        assume(sts, role, issuer.token("repo:acme/app:ref:refs/heads/evil"))
    cloudtrail = admin.client("cloudtrail", endpoint_url=server.endpoint, region_name=REGION)

    def found():
        events = records(lookup_all(cloudtrail, "EventName", "AssumeRoleWithWebIdentity", StartTime=since(30)))
        return events if len(events) >= 2 else None

    events = wait_until(found, timeout=10)
    assert events, "no AssumeRoleWithWebIdentity events recorded"
    ok = next(e for e in events if "errorCode" not in e and e["requestParameters"]["durationSeconds"] == 900)
    assert ok["userIdentity"] == {
        "type": "WebIdentityUser", "principalId": f"{provider}:sts.amazonaws.com:{MAIN}", "userName": MAIN,
        "identityProvider": provider}
    assert ok["requestParameters"]["roleArn"] == role
    assert "webIdentityToken" not in ok["requestParameters"]
    assert ok["responseElements"]["subjectFromWebIdentityToken"] == MAIN
    assert ok["responseElements"]["provider"] == provider
    assert "__webIdentityUser" not in ok["responseElements"]
    assert ok["recipientAccountId"] == ACCOUNT_ID
    refused = next(e for e in events if e.get("errorCode") == "AccessDenied")
    assert refused["userIdentity"]["userName"] == "repo:acme/app:ref:refs/heads/evil"
    signature = token.split(".")[2]
    for event in events:
        assert signature not in json.dumps(event)
    # Nor anywhere in the store: the trail table, or any record.
    database = sqlite3.connect(f"file:{server.data_dir / 'rampart.db'}?mode=ro", uri=True)
    try:
        stored = stored_trail(server.data_dir / "rampart.db").texts()
        stored += [row[0] if isinstance(row[0], str) else bytes(row[0]).decode(errors="replace")
                   for row in database.execute("SELECT body FROM records")]
    finally:
        database.close()
    assert any(MAIN in body for body in stored)  # the search finds what is there
    assert not any(signature in body for body in stored)


def test_the_token_tags_are_the_session_principal_tags(sts, iam, server, provider, issuer):
    name = unique("ci-tagged")
    role = iam.create_role(RoleName=name, AssumeRolePolicyDocument=github_trust(
        provider, issuer.host, extra_actions=["sts:TagSession"]))["Role"]["Arn"]
    iam.put_role_policy(RoleName=name, PolicyName="by-team", PolicyDocument=json.dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:ListRoles", "Resource": "*",
                                                "Condition": {"StringEquals": {"aws:PrincipalTag/team": "platform"}}}]}))

    def session_iam(team):
        token = issuer.token(MAIN, **{"https://aws.amazon.com/tags": {"principal_tags": {"team": [team]}}})
        creds = assume(sts, role, token)["Credentials"]
        return session_from_credentials(creds).client("iam", endpoint_url=server.endpoint, region_name=REGION)

    session_iam("platform").list_roles(MaxItems=1)
    with aws_error("AccessDenied", 403):
        session_iam("marketing").list_roles(MaxItems=1)


def test_calls_of_the_session_name_the_provider_in_the_trail(sts, admin, server, role, provider, issuer):
    answer = sts.assume_role_with_web_identity(RoleArn=role, RoleSessionName="traced",
                                               WebIdentityToken=issuer.token(MAIN))
    session_from_credentials(answer["Credentials"]).client(
        "sts", endpoint_url=server.endpoint, region_name=REGION).get_caller_identity()
    cloudtrail = admin.client("cloudtrail", endpoint_url=server.endpoint, region_name=REGION)

    def found():
        return [e for e in records(lookup_all(cloudtrail, "EventName", "GetCallerIdentity", StartTime=since(30)))
                if e["userIdentity"].get("arn") == answer["AssumedRoleUser"]["Arn"]]

    events = wait_until(found, timeout=10)
    assert events, "the session's GetCallerIdentity was not recorded"
    context = events[0]["userIdentity"]["sessionContext"]
    assert context["webIdFederationData"] == {"federatedProvider": provider, "attributes": {}}
    assert context["sessionIssuer"]["arn"] == role


def test_a_key_set_larger_than_the_bound_is_refused_unread(sts, iam, pki):
    ca, _ = pki
    cert, key = ca.leaf("big-jwks")
    other = Issuer(cert, key)
    other.jwks_padding = 256 * 1024
    try:
        arn, role = provider_and_role(iam, other, "ci-big")
        with aws_error("IDPCommunicationError", 400, "larger than 262144 bytes"):
            assume(sts, role, other.token(MAIN))
        iam.delete_open_id_connect_provider(OpenIDConnectProviderArn=arn)
    finally:
        other.stop()


def test_loopback_http_key_sets_only_with_the_test_flag(tmp_path_factory, pki):
    """--federation-allow-loopback-http: a key set on 127.0.0.1 over plain http is fetched (tests only)."""
    ca, _ = pki
    server = start_server(tmp_path_factory, "web-identity-http", ca, "--federation-allow-loopback-http")
    cert, key = ca.leaf("plain-jwks")
    other = Issuer(cert, key)
    plain = PlainKeySet(other)
    other.jwks_override = plain.url
    try:
        iam = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("iam", endpoint_url=server.endpoint, region_name=REGION)
        sts = boto3.session.Session(region_name=REGION).client(
            "sts", endpoint_url=server.endpoint, config=Config(signature_version=UNSIGNED))
        arn, role = provider_and_role(iam, other, "ci-plain")
        assert assume(sts, role, other.token(MAIN))["SubjectFromWebIdentityToken"] == MAIN
        assert plain.requests == ["/jwks"]
    finally:
        plain.stop()
        other.stop()
        server.stop()
