"""Outbound identity federation (IAM Enable/Disable/GetOutboundWebIdentityFederationInfo, STS
GetWebIdentityToken) against a server of its own: the account's switch and its errors, then tokens
verified the way a relying party outside would — discovery document and JWKS fetched over HTTP from
the issuer URL, signature checked with `cryptography` (not Rampart's code), claims read — for both
algorithms AWS offers; the model's limits at their edges; the session-lifetime and payload-size
refusals; condition keys; key rotation with the clock moved on."""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time

import botocore.auth
import pytest
import requests
from botocore.config import Config
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, REPO_ROOT, aws_error, dumps, session_from_credentials,
    session_from_key, shift_clock, trust_doc, unique, user_arn,
)
from org_helpers import _shifted_now
from own_server import own_client, start_own_server

NAMESPACE = "https://sts.amazonaws.com/"
UNVALIDATED = Config(parameter_validation=False, retries={"max_attempts": 1})


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = start_own_server(tmp_path_factory, "outbound-federation", allow_clock_control=True)
    yield started
    started.stop()


client = own_client


def b64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def integer(text: str) -> int:
    return int.from_bytes(b64(text), "big")


def verify(token: str, issuer: str) -> dict:
    """What a relying party does: discovery from the issuer, JWKS from `jwks_uri`, the key the header's
    `kid` names, the signature checked with `cryptography`; returns the claims."""
    discovery = requests.get(issuer + "/.well-known/openid-configuration", timeout=10)
    assert discovery.status_code == 200, discovery.text
    document = discovery.json()
    assert document["issuer"] == issuer
    assert set(document["id_token_signing_alg_values_supported"]) == {"RS256", "ES384"}
    jwks = requests.get(document["jwks_uri"], timeout=10)
    assert jwks.status_code == 200 and jwks.headers["Content-Type"] == "application/json"
    header_part, payload_part, signature_part = token.split(".")
    header = json.loads(b64(header_part))
    assert header["typ"] == "JWT"
    [jwk] = [key for key in jwks.json()["keys"] if key["kid"] == header["kid"]]
    assert jwk["alg"] == header["alg"] and jwk["use"] == "sig"
    signed = f"{header_part}.{payload_part}".encode()
    signature = b64(signature_part)
    if header["alg"] == "RS256":
        assert jwk["kty"] == "RSA"
        key = rsa.RSAPublicNumbers(integer(jwk["e"]), integer(jwk["n"])).public_key()
        assert key.key_size >= 2048
        key.verify(signature, signed, padding.PKCS1v15(), hashes.SHA256())
    else:
        assert header["alg"] == "ES384" and jwk["kty"] == "EC" and jwk["crv"] == "P-384"
        key = ec.EllipticCurvePublicNumbers(integer(jwk["x"]), integer(jwk["y"]), ec.SECP384R1()).public_key()
        assert len(signature) == 96
        der = encode_dss_signature(int.from_bytes(signature[:48], "big"), int.from_bytes(signature[48:], "big"))
        key.verify(der, signed, ec.ECDSA(hashes.SHA384()))
    # A token changed by one character of its claims no longer verifies.
    tampered = json.loads(b64(payload_part))
    tampered["sub"] = "arn:aws:iam::999999999999:user/mallory"
    forged = base64.urlsafe_b64encode(json.dumps(tampered).encode()).rstrip(b"=")
    with pytest.raises(InvalidSignature):
        if header["alg"] == "RS256":
            key.verify(signature, header_part.encode() + b"." + forged, padding.PKCS1v15(), hashes.SHA256())
        else:
            key.verify(der, header_part.encode() + b"." + forged, ec.ECDSA(hashes.SHA384()))
    return json.loads(b64(payload_part))


def enabled_issuer(iam) -> str:
    info = None
    try:
        info = iam.get_outbound_web_identity_federation_info()
    except iam.exceptions.FeatureDisabledException:
        pass
    if info is None or not info["JwtVendingEnabled"]:
        return iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
    return info["IssuerIdentifier"]


def test_the_switch_and_its_errors(server):
    iam, sts = client(server, "iam"), client(server, "sts")
    with aws_error("FeatureDisabled", 404, "outbound identity federation is already disabled"):
        iam.get_outbound_web_identity_federation_info()
    with aws_error("OutboundWebIdentityFederationDisabledException", 403,
                   "The outbound web identity federation feature is not enabled for this account."):
        sts.get_web_identity_token(Audience=["https://api.example.com"], SigningAlgorithm="RS256")
    with aws_error("FeatureDisabled", 404):
        iam.disable_outbound_web_identity_federation()

    issuer = iam.enable_outbound_web_identity_federation()["IssuerIdentifier"]
    assert issuer.startswith("http://localhost:") and "/oidc/" in issuer
    with aws_error("FeatureEnabled", 409, "already enabled"):
        iam.enable_outbound_web_identity_federation()
    assert iam.get_outbound_web_identity_federation_info() | {"ResponseMetadata": None} == {
        "IssuerIdentifier": issuer, "JwtVendingEnabled": True, "ResponseMetadata": None}
    token = sts.get_web_identity_token(Audience=["https://api.example.com"], SigningAlgorithm="RS256")

    iam.disable_outbound_web_identity_federation()
    info = iam.get_outbound_web_identity_federation_info()
    assert (info["IssuerIdentifier"], info["JwtVendingEnabled"]) == (issuer, False)
    with aws_error("OutboundWebIdentityFederationDisabledException", 403):
        sts.get_web_identity_token(Audience=["https://api.example.com"], SigningAlgorithm="RS256")
    # Tokens issued before the switch went off still verify: the keys stay published.
    assert verify(token["WebIdentityToken"], issuer)["aud"] == "https://api.example.com"
    # The same issuer again: relying parties configured with it keep working.
    assert iam.enable_outbound_web_identity_federation()["IssuerIdentifier"] == issuer

    # An issuer nobody has, or another document, is not found; the documents take no POST.
    assert requests.get(server.endpoint + "/oidc/nope/.well-known/jwks.json", timeout=10).status_code == 404
    assert requests.get(issuer + "/.well-known/other", timeout=10).status_code == 404
    assert requests.post(issuer + "/.well-known/jwks.json", timeout=10).status_code == 405


@pytest.mark.parametrize("algorithm", ["RS256", "ES384"])
def test_a_user_token_verifies_from_outside(server, algorithm):
    iam = client(server, "iam")
    issuer = enabled_issuer(iam)
    name = unique("outbound")
    iam.create_user(UserName=name, Tags=[{"Key": "team", "Value": "data"}])
    iam.put_user_policy(UserName=name, PolicyName="token", PolicyDocument=dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:GetWebIdentityToken", "Resource": "*"}]}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    sts = client(server, "sts", session_from_key(key))
    before = int(time.time())
    answer = sts.get_web_identity_token(
        Audience=["https://api.example.com", "https://other.example.com"], SigningAlgorithm=algorithm,
        DurationSeconds=900, Tags=[{"Key": "job-id", "Value": "job-1"}])
    claims = verify(answer["WebIdentityToken"], issuer)
    assert claims["iss"] == issuer
    assert claims["sub"] == user_arn(name)
    assert claims["aud"] == ["https://api.example.com", "https://other.example.com"]
    assert before - 5 <= claims["iat"] <= int(time.time()) + 5
    assert claims["nbf"] == claims["iat"] and claims["exp"] == claims["iat"] + 900
    assert int(answer["Expiration"].timestamp()) == claims["exp"]
    assert len(claims["jti"]) >= 32
    assert claims[NAMESPACE] == {
        "aws_account": ACCOUNT_ID, "source_region": REGION, "principal_tags": {"team": "data"},
        "request_tags": {"job-id": "job-1"}}


def test_a_role_session_token_names_the_role(server):
    iam = client(server, "iam")
    issuer = enabled_issuer(iam)
    name = unique("outbound-role")
    arn = iam.create_role(RoleName=name, Path="/workloads/",
                          AssumeRolePolicyDocument=dumps(trust_doc(f"arn:aws:iam::{ACCOUNT_ID}:root")))["Role"]["Arn"]
    iam.attach_role_policy(RoleName=name, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    creds = client(server, "sts").assume_role(RoleArn=arn, RoleSessionName="job", DurationSeconds=900)["Credentials"]
    sts = client(server, "sts", session_from_credentials(creds))
    claims = verify(sts.get_web_identity_token(Audience=["aud-1"], SigningAlgorithm="ES384")["WebIdentityToken"],
                    issuer)
    assert claims["sub"] == arn == f"arn:aws:iam::{ACCOUNT_ID}:role/workloads/{name}"
    assert claims["aud"] == "aud-1" and claims["exp"] - claims["iat"] == 300   # AWS's default: five minutes
    # The token may not outlive the session that asked for it (900 s).
    with aws_error("SessionDurationEscalationException", 403, "beyond its original expiration time"):
        sts.get_web_identity_token(Audience=["aud-1"], SigningAlgorithm="ES384", DurationSeconds=3600)
    sts.get_web_identity_token(Audience=["aud-1"], SigningAlgorithm="ES384", DurationSeconds=600)


def test_the_model_limits_at_their_edges(server):
    enabled_issuer(client(server, "iam"))
    sts = client(server, "sts", config=UNVALIDATED)

    def token(**kwargs):
        return sts.get_web_identity_token(**({"Audience": ["a"], "SigningAlgorithm": "RS256"} | kwargs))

    assert token(DurationSeconds=60)["WebIdentityToken"]
    assert token(DurationSeconds=3600)["WebIdentityToken"]
    with aws_error("ValidationError", 400, "Value '59' at 'durationSeconds' failed to satisfy constraint: "
                   "Member must have value greater than or equal to 60"):
        token(DurationSeconds=59)
    with aws_error("ValidationError", 400, "Member must have value less than or equal to 3600"):
        token(DurationSeconds=3601)
    assert token(Audience=[f"https://{i}.example.com" for i in range(10)])["WebIdentityToken"]
    with aws_error("ValidationError", 400, "Value at 'audience' failed to satisfy constraint: "
                   "Member must have length less than or equal to 10"):
        token(Audience=[f"https://{i}.example.com" for i in range(11)])
    with aws_error("ValidationError", 400, "Value at 'audience' failed to satisfy constraint"):
        token(Audience=[])
    assert token(Audience=["x" * 1000])["WebIdentityToken"]
    with aws_error("ValidationError", 400, "Member must have length less than or equal to 1000"):
        token(Audience=["x" * 1001])
    with aws_error("ValidationError", 400, "signingAlgorithm"):
        token(SigningAlgorithm="ES256")
    with aws_error("ValidationError", 400, "signingAlgorithm"):
        token(SigningAlgorithm="HS256")
    with aws_error("ValidationError", 400, "Value at 'tags' failed to satisfy constraint: "
                   "Member must have length less than or equal to 50"):
        token(Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(51)])
    # Fifty tags fit the model, but not the token: AWS's payload-size refusal.
    with aws_error("JWTPayloadSizeExceededException", 400, "Reduce the number of request tags"):
        token(Tags=[{"Key": f"{i:02d}" + "k" * 126, "Value": "v" * 256} for i in range(50)])
    assert token(Tags=[{"Key": f"k{i}", "Value": "v" * 100} for i in range(50)])["WebIdentityToken"]


def test_condition_keys_bound_audience_and_lifetime(server):
    iam = client(server, "iam")
    enabled_issuer(iam)
    name = unique("outbound-bounded")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="bounded", PolicyDocument=dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "sts:GetWebIdentityToken", "Resource": "*", "Condition": {
            "ForAllValues:StringEquals": {"sts:IdentityTokenAudience": "https://api.partner.example"},
            "NumericLessThanEquals": {"sts:DurationSeconds": 300},
            "StringEquals": {"sts:SigningAlgorithm": "ES384"}}}]}))
    sts = client(server, "sts", session_from_key(iam.create_access_key(UserName=name)["AccessKey"]))
    sts.get_web_identity_token(Audience=["https://api.partner.example"], SigningAlgorithm="ES384")
    for refused in ({"Audience": ["https://api.partner.example", "https://elsewhere.example"]},
                    {"DurationSeconds": 301}, {"SigningAlgorithm": "RS256"}):
        with aws_error("AccessDenied", 403, "sts:GetWebIdentityToken"):
            sts.get_web_identity_token(**({"Audience": ["https://api.partner.example"], "SigningAlgorithm": "ES384"}
                                          | refused))
    # Without any policy allowing it, a user gets no token.
    other = unique("outbound-none")
    iam.create_user(UserName=other)
    bare = client(server, "sts", session_from_key(iam.create_access_key(UserName=other)["AccessKey"]))
    with aws_error("AccessDenied", 403):
        bare.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256")


def test_keys_rotate_and_retired_keys_stay_published_for_an_hour(server, monkeypatch):
    iam, sts = client(server, "iam"), client(server, "sts")

    def shift(seconds):
        shift_clock(server, seconds)
        monkeypatch.setattr(botocore.auth, "get_current_datetime",
                            lambda remove_tzinfo=True: _shifted_now(seconds, remove_tzinfo))

    issuer = enabled_issuer(iam)

    def kid(token):
        return json.loads(b64(token.split(".")[0]))["kid"]

    def published():
        return {key["kid"] for key in requests.get(issuer + "/.well-known/jwks.json", timeout=10).json()["keys"]}

    try:
        first = sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256")["WebIdentityToken"]
        assert kid(sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256")["WebIdentityToken"]) \
            == kid(first)
        shift(8 * 86_400)   # past the seven days a key signs for
        second = sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256")["WebIdentityToken"]
        assert kid(second) != kid(first)
        assert {kid(first), kid(second)} <= published()
        shift(8 * 86_400 + 7_200)   # two hours on: no token of the old key is valid any more
        third = sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="RS256", DurationSeconds=60)
        assert kid(third["WebIdentityToken"]) == kid(second)
        # Pruned at the next key write; an ES384 key made now triggers one.
        sts.get_web_identity_token(Audience=["a"], SigningAlgorithm="ES384")
        assert kid(first) not in published() and kid(second) in published()
    finally:
        shift(0)


def test_the_aws_cli_gets_a_token(server, tmp_path):
    enabled_issuer(client(server, "iam"))
    env = dict(os.environ, AWS_ACCESS_KEY_ID=ADMIN_KEY_ID, AWS_SECRET_ACCESS_KEY=ADMIN_SECRET,
               AWS_DEFAULT_REGION=REGION, AWS_CONFIG_FILE=str(tmp_path / "none"),
               AWS_SHARED_CREDENTIALS_FILE=str(tmp_path / "none"))
    aws = [str(REPO_ROOT / ".venv/bin/aws"),
           "--endpoint-url", server.endpoint, "--output", "json"]
    out = subprocess.run(aws + ["sts", "get-web-identity-token", "--audience", "cli-relying-party",
                                "--signing-algorithm", "ES384"], env=env, capture_output=True, text=True,
                         timeout=60)
    assert out.returncode == 0, out.stderr
    token = json.loads(out.stdout)["WebIdentityToken"]
    info = subprocess.run(aws + ["iam", "get-outbound-web-identity-federation-info"], env=env,
                          capture_output=True, text=True, timeout=60)
    assert verify(token, json.loads(info.stdout)["IssuerIdentifier"])["aud"] == "cli-relying-party"
