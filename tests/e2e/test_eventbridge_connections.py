"""EventBridge connections and API destinations over boto3 and the aws CLI: the three kinds of
authorization, secrets never answered nor recorded in the trail, HTTPS endpoints (plain HTTP only to
loopback), the rate limit, paging and the errors."""

from __future__ import annotations

import json

import pytest

from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, aws_error, cli_env, run_cli, unique
from eventbridge_helpers import api_key_connection, destination
from trail_helpers import lookup_all, records, since


@pytest.fixture(scope="module")
def events(admin, endpoint):
    return admin.client("events", endpoint_url=endpoint, region_name=REGION, config=BOTO_CONFIG)


def test_api_key_connection(events):
    name = unique("conn")
    created = events.create_connection(
        Name=name, Description="alerts", AuthorizationType="API_KEY",
        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": "X-Key", "ApiKeyValue": "value-never-shown"}})
    arn = created["ConnectionArn"]
    assert arn.startswith(f"arn:aws:events:{REGION}:{ACCOUNT_ID}:connection/{name}/")
    assert created["ConnectionState"] == "AUTHORIZED"
    described = events.describe_connection(Name=name)
    assert described["ConnectionArn"] == arn and described["Description"] == "alerts"
    assert described["AuthorizationType"] == "API_KEY"
    assert described["AuthParameters"] == {"ApiKeyAuthParameters": {"ApiKeyName": "X-Key"}}
    assert "value-never-shown" not in json.dumps(described, default=str)
    with aws_error("ResourceAlreadyExistsException", 400, f"Connection {name} already exists."):
        api_key_connection(events, name)


def test_basic_and_oauth_connections(events):
    basic = unique("basic")
    events.create_connection(Name=basic, AuthorizationType="BASIC", AuthParameters={
        "BasicAuthParameters": {"Username": "alerts", "Password": "pw-never-shown"}})
    assert events.describe_connection(Name=basic)["AuthParameters"] == {"BasicAuthParameters": {"Username": "alerts"}}
    oauth = unique("oauth")
    events.create_connection(Name=oauth, AuthorizationType="OAUTH_CLIENT_CREDENTIALS", AuthParameters={
        "OAuthParameters": {"ClientParameters": {"ClientID": "client-1", "ClientSecret": "cs-never-shown"},
                            "AuthorizationEndpoint": "https://auth.example.com/token", "HttpMethod": "POST"}})
    described = events.describe_connection(Name=oauth)["AuthParameters"]["OAuthParameters"]
    assert described == {"ClientParameters": {"ClientID": "client-1"},
                         "AuthorizationEndpoint": "https://auth.example.com/token", "HttpMethod": "POST"}
    with aws_error("ValidationException", 400, "AuthorizationEndpoint must use HTTPS."):
        events.create_connection(Name=unique("oauth"), AuthorizationType="OAUTH_CLIENT_CREDENTIALS", AuthParameters={
            "OAuthParameters": {"ClientParameters": {"ClientID": "c", "ClientSecret": "s"},
                                "AuthorizationEndpoint": "http://auth.example.com/token", "HttpMethod": "POST"}})


def test_authorization_parameters_must_fit_the_type(events):
    with aws_error("ValidationException", 400, "BasicAuthParameters must be specified for authorization type BASIC."):
        events.create_connection(Name=unique("c"), AuthorizationType="BASIC", AuthParameters={
            "ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"}})
    with aws_error("ValidationException", 400, "Only one of"):
        events.create_connection(Name=unique("c"), AuthorizationType="BASIC", AuthParameters={
            "ApiKeyAuthParameters": {"ApiKeyName": "k", "ApiKeyValue": "v"},
            "BasicAuthParameters": {"Username": "u", "Password": "p"}})
    with aws_error("ValidationException", 400, "Member must satisfy enum value set"):
        events.create_connection(Name=unique("c"), AuthorizationType="DIGEST", AuthParameters={
            "BasicAuthParameters": {"Username": "u", "Password": "p"}})


def test_secrets_are_not_recorded_in_the_trail(events, admin, endpoint):
    name = unique("trail-conn")
    api_key_connection(events, name, key_value="trail-key-value-77")
    events.create_connection(Name=unique("trail-basic"), AuthorizationType="BASIC", AuthParameters={
        "BasicAuthParameters": {"Username": "u", "Password": "trail-password-77"}})
    events.create_connection(Name=unique("trail-oauth"), AuthorizationType="OAUTH_CLIENT_CREDENTIALS", AuthParameters={
        "OAuthParameters": {"ClientParameters": {"ClientID": "c", "ClientSecret": "trail-client-secret-77"},
                            "AuthorizationEndpoint": "https://auth.example.com/token", "HttpMethod": "POST"}})
    cloudtrail = admin.client("cloudtrail", endpoint_url=endpoint, region_name=REGION, config=BOTO_CONFIG)
    found = records(lookup_all(cloudtrail, "EventName", "CreateConnection", StartTime=since(60)))
    mine = [r for r in found if r["requestParameters"].get("name") == name]
    assert len(mine) == 1
    assert mine[0]["eventSource"] == "events.amazonaws.com"
    assert mine[0]["requestParameters"]["authParameters"]["apiKeyAuthParameters"] == {"apiKeyName": "X-Alert-Key"}
    text = json.dumps(found)
    for secret in ("trail-key-value-77", "trail-password-77", "trail-client-secret-77"):
        assert secret not in text


def test_connections_list_and_delete(events):
    prefix = unique("lc")
    names = sorted(f"{prefix}-{i}" for i in range(3))
    for name in names:
        api_key_connection(events, name)
    first = events.list_connections(NamePrefix=prefix, Limit=2)
    assert [c["Name"] for c in first["Connections"]] == names[:2]
    assert first["Connections"][0]["AuthorizationType"] == "API_KEY"
    rest = events.list_connections(NamePrefix=prefix, Limit=2, NextToken=first["NextToken"])
    assert [c["Name"] for c in rest["Connections"]] == names[2:]
    assert events.list_connections(NamePrefix=prefix, ConnectionState="AUTHORIZED")["Connections"]
    assert events.list_connections(NamePrefix=prefix, ConnectionState="DEAUTHORIZED")["Connections"] == []
    deleted = events.delete_connection(Name=names[0])
    assert deleted["ConnectionState"] == "DELETING"
    with aws_error("ResourceNotFoundException", 400, f"Connection '{names[0]}' does not exist."):
        events.describe_connection(Name=names[0])
    with aws_error("ResourceNotFoundException", 400):
        events.delete_connection(Name=names[0])


def test_api_destinations(events):
    _, connection = api_key_connection(events)
    name = unique("dest")
    created = events.create_api_destination(
        Name=name, ConnectionArn=connection, InvocationEndpoint="https://hooks.example.com/alert", HttpMethod="POST",
        InvocationRateLimitPerSecond=5, Description="pager")
    arn = created["ApiDestinationArn"]
    assert arn.startswith(f"arn:aws:events:{REGION}:{ACCOUNT_ID}:api-destination/{name}/")
    assert created["ApiDestinationState"] == "ACTIVE"
    described = events.describe_api_destination(Name=name)
    assert described["ConnectionArn"] == connection and described["InvocationRateLimitPerSecond"] == 5
    assert described["InvocationEndpoint"] == "https://hooks.example.com/alert" and described["HttpMethod"] == "POST"
    assert described["Description"] == "pager"
    default = unique("dest")
    destination(events, connection, "http://127.0.0.1:8080/x", name=default)
    assert events.describe_api_destination(Name=default)["InvocationRateLimitPerSecond"] == 300
    listed = events.list_api_destinations(ConnectionArn=connection)["ApiDestinations"]
    assert sorted(d["Name"] for d in listed) == sorted([name, default])
    assert events.list_api_destinations(NamePrefix=name)["ApiDestinations"][0]["ApiDestinationArn"] == arn
    with aws_error("ResourceAlreadyExistsException", 400):
        destination(events, connection, "https://hooks.example.com/alert", name=name)
    events.delete_api_destination(Name=name)
    with aws_error("ResourceNotFoundException", 400, f"An api-destination '{name}' does not exist."):
        events.describe_api_destination(Name=name)
    with aws_error("ResourceNotFoundException", 400):
        events.delete_api_destination(Name=name)


@pytest.mark.parametrize("endpoint_url", ["http://hooks.example.com/alert", "http://10.0.0.5/alert", "ftp://127.0.0.1/"])
def test_endpoints_must_be_https_except_loopback(events, endpoint_url):
    _, connection = api_key_connection(events)
    with aws_error("ValidationException", 400, "it must use HTTPS"):
        destination(events, connection, endpoint_url)


@pytest.mark.parametrize("endpoint_url", ["http://127.0.0.1:9/a", "http://localhost:9/a", "http://127.1.2.3:9/a"])
def test_loopback_may_be_plain_http(events, endpoint_url):
    _, connection = api_key_connection(events)
    destination(events, connection, endpoint_url)


def test_the_models_pattern_refuses_ipv6_literals(events):
    _, connection = api_key_connection(events)
    with aws_error("ValidationException", 400, "Member must satisfy regular expression pattern"):
        destination(events, connection, "http://[::1]:9/a")


def test_destination_errors(events):
    _, connection = api_key_connection(events)
    with aws_error("ResourceNotFoundException", 400):
        destination(events, connection.replace(connection.split("/")[1], "nosuchconn"), "https://x.example.com/")
    with aws_error("ValidationException", 400, "Member must have value greater than or equal to 1"):
        destination(events, connection, "https://x.example.com/", InvocationRateLimitPerSecond=0)
    with aws_error("ValidationException", 400, "Member must satisfy enum value set"):
        events.create_api_destination(Name=unique("d"), ConnectionArn=connection,
                                      InvocationEndpoint="https://x.example.com/", HttpMethod="TRACE")


def test_connections_from_the_aws_cli(tmp_path, endpoint):
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET})
    name = unique("cli-conn")
    done = run_cli(["--endpoint-url", endpoint, "--output", "json", "events", "create-connection", "--name", name,
                    "--authorization-type", "BASIC", "--auth-parameters",
                    json.dumps({"BasicAuthParameters": {"Username": "u", "Password": "cli-secret"}})], env)
    assert done.returncode == 0, done.stderr
    arn = json.loads(done.stdout)["ConnectionArn"]
    # The CLI v1 fetches a parameter that looks like a URL, so the endpoint goes in --cli-input-json.
    done = run_cli(["--endpoint-url", endpoint, "--output", "json", "events", "create-api-destination",
                    "--cli-input-json", json.dumps({"Name": name, "ConnectionArn": arn, "HttpMethod": "POST",
                                                    "InvocationEndpoint": "http://127.0.0.1:9/hook"})], env)
    assert done.returncode == 0, done.stderr
    done = run_cli(["--endpoint-url", endpoint, "--output", "json", "events", "describe-connection", "--name", name], env)
    assert json.loads(done.stdout)["AuthParameters"] == {"BasicAuthParameters": {"Username": "u"}}
    assert "cli-secret" not in done.stdout
    done = run_cli(["--endpoint-url", endpoint, "--output", "json", "events", "create-api-destination",
                    "--cli-input-json", json.dumps({"Name": unique("cli"), "ConnectionArn": arn, "HttpMethod": "POST",
                                                    "InvocationEndpoint": "http://example.com/"})], env)
    assert done.returncode != 0 and "ValidationException" in done.stderr
