"""EventBridge deliveries that happen for real, to an HTTP receiver on loopback: PutEvents and the audit
trail's events reach the rules that match them (and only those), each API destination gets the event
with its connection's authorization (API key, basic, OAuth client credentials), InputPath and
InputTransformer shape what is sent, the rate limit spaces sends, a receiver that is down gets the
event once it is back, what cannot be delivered is dead-lettered, and nothing is delivered twice.
A server of its own: its data folder holds the dead letters, and the root user signs in to its console."""

from __future__ import annotations

import json
import time

import pytest

from console_helpers import ConsoleClient, start_console_server
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_EMAIL, ROOT_PASSWORD, aws_error, cli_env,
    make_session, run_cli, unique, wait_until,
)
from eventbridge_helpers import TARGET_ROLE, Receiver, api_key_connection, basic, destination, rule_to
from trail_helpers import lookup_all, records, since

ROOT_SIGN_IN = {"detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"userIdentity": {"type": ["Root"]}}}


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = start_console_server(tmp_path_factory, "eventbridge")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def session():
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET)


@pytest.fixture(scope="module")
def events(server, session):
    return session.client("events", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)


@pytest.fixture
def receiver():
    started = Receiver()
    yield started
    started.stop()


def put(events, source: str, detail: dict, detail_type="alert", **extra) -> str:
    reply = events.put_events(Entries=[{"Source": source, "DetailType": detail_type, "Detail": json.dumps(detail),
                                        **extra}])
    assert reply["FailedEntryCount"] == 0, reply
    return reply["Entries"][0]["EventId"]


def test_put_events_reaches_exactly_the_matching_rules(events, receiver):
    source = unique("app")
    _, connection = api_key_connection(events, key_name="X-Alert-Key", key_value="k-123")
    dest = destination(events, connection, receiver.url("/matched"))
    rule_to(events, {"source": [source], "detail": {"level": ["high", "critical"]}}, dest)
    disabled = rule_to(events, {"source": [source]}, destination(events, connection, receiver.url("/disabled")))
    events.disable_rule(Name=disabled)

    high = put(events, source, {"level": "high", "n": 1}, Resources=["arn:aws:iam::123456789012:user/x"])
    put(events, source, {"level": "low", "n": 2})
    critical = put(events, source, {"level": "critical", "n": 3})
    got = wait_until(lambda: len(receiver.events("/matched")) >= 2, timeout=10)
    assert got
    time.sleep(1.0)  # anything else would have arrived by now
    delivered = receiver.events()
    assert sorted(e["id"] for e in delivered) == sorted([high, critical])
    first = next(e for e in delivered if e["id"] == high)
    assert first == {"version": "0", "id": high, "detail-type": "alert", "source": source, "account": ACCOUNT_ID,
                     "time": first["time"], "region": REGION, "resources": ["arn:aws:iam::123456789012:user/x"],
                     "detail": {"level": "high", "n": 1}}
    entry = receiver.entries("/matched")[0]
    assert entry["method"] == "POST"
    assert entry["headers"]["x-alert-key"] == "k-123"
    assert entry["headers"]["content-type"].startswith("application/json")


def test_put_events_refusals(events):
    reply = events.put_events(Entries=[
        {"Source": "aws.iam", "DetailType": "forged", "Detail": "{}"},
        {"Source": "app", "DetailType": "x"},
        {"Source": "app", "DetailType": "x", "Detail": "[1, 2]"},
        {"Source": "app", "DetailType": "x", "Detail": "{}", "EventBusName": "other"},
        {"Source": "app", "DetailType": "x", "Detail": "{}"},
    ])
    assert reply["FailedEntryCount"] == 4
    codes = [(e.get("ErrorCode"), e.get("ErrorMessage")) for e in reply["Entries"]]
    assert codes[0] == ("NotAuthorizedForSourceException", "Not authorized for the source.")
    assert codes[1] == ("InvalidArgument", "Parameter Detail is not valid. Reason: Detail is a required argument.")
    assert codes[2] == ("MalformedDetail", "Detail is malformed.")
    assert codes[3][0] == "ResourceNotFoundException"
    assert "EventId" in reply["Entries"][4] and "ErrorCode" not in reply["Entries"][4]
    with aws_error("ValidationException", 400, "Member must have length less than or equal to 10"):
        events.put_events(Entries=[{"Source": "a", "DetailType": "b", "Detail": "{}"}] * 11)


def test_basic_auth_and_http_parameters(events, receiver):
    source = unique("app")
    name = unique("basic")
    arn = events.create_connection(Name=name, AuthorizationType="BASIC", AuthParameters={
        "BasicAuthParameters": {"Username": "alerts", "Password": "pa55"}})["ConnectionArn"]
    dest = destination(events, arn, receiver.url("/basic"))
    rule_to(events, {"source": [source]}, dest,
            HttpParameters={"HeaderParameters": {"X-Team": "sec"}, "QueryStringParameters": {"via": "eb"}})
    event_id = put(events, source, {"x": 1})
    assert wait_until(lambda: receiver.entries("/basic"), timeout=10)
    entry = receiver.entries("/basic")[0]
    assert entry["headers"]["authorization"] == basic("alerts", "pa55")
    assert entry["headers"]["x-team"] == "sec"
    assert entry["path"] == "/basic?via=eb"
    assert json.loads(entry["body"])["id"] == event_id


def test_oauth_client_credentials(events, receiver):
    source = unique("app")
    arn = events.create_connection(Name=unique("oauth"), AuthorizationType="OAUTH_CLIENT_CREDENTIALS", AuthParameters={
        "OAuthParameters": {"ClientParameters": {"ClientID": "client-7", "ClientSecret": "cs-7"},
                            "AuthorizationEndpoint": receiver.url("/oauth/token"), "HttpMethod": "POST"}}
    )["ConnectionArn"]
    rule_to(events, {"source": [source]}, destination(events, arn, receiver.url("/oauth-hook")))
    put(events, source, {"x": 1})
    put(events, source, {"x": 2})
    assert wait_until(lambda: len(receiver.entries("/oauth-hook")) == 2, timeout=10)
    for entry in receiver.entries("/oauth-hook"):
        assert entry["headers"]["authorization"] == f"Bearer {receiver.valid_token}"
    # One token for both sends: it is kept until it expires.
    assert receiver.tokens_issued == 1
    token_request = receiver.token_requests[0]
    assert token_request["headers"]["authorization"] == basic("client-7", "cs-7")
    assert token_request["body"] == "grant_type=client_credentials"


def test_input_path_and_transformer(events, receiver):
    source = unique("app")
    _, connection = api_key_connection(events)
    dest = destination(events, connection, receiver.url("/shaped"))
    name = unique("shape")
    events.put_rule(Name=name, EventPattern=json.dumps({"source": [source]}))
    events.put_targets(Rule=name, Targets=[
        {"Id": "path", "Arn": dest, "RoleArn": TARGET_ROLE, "InputPath": "$.detail"},
        {"Id": "const", "Arn": dest, "RoleArn": TARGET_ROLE, "Input": '{"constant": true}'},
        {"Id": "tpl", "Arn": dest, "RoleArn": TARGET_ROLE, "InputTransformer": {
            "InputPathsMap": {"who": "$.detail.user", "src": "$.source"},
            "InputTemplate": '{"text": "<who> did it", "from": "<src>"}'}},
    ])
    put(events, source, {"user": "alice", "n": 1})
    assert wait_until(lambda: len(receiver.entries("/shaped")) == 3, timeout=10)
    bodies = receiver.events("/shaped")
    assert {"user": "alice", "n": 1} in bodies
    assert {"constant": True} in bodies
    assert {"text": "alice did it", "from": source} in bodies


def test_rate_limit_spaces_the_sends(events, receiver):
    source = unique("app")
    _, connection = api_key_connection(events)
    dest = destination(events, connection, receiver.url("/rate"), InvocationRateLimitPerSecond=2)
    rule_to(events, {"source": [source]}, dest)
    started = time.monotonic()
    events.put_events(Entries=[{"Source": source, "DetailType": "x", "Detail": json.dumps({"i": i})} for i in range(6)])
    assert wait_until(lambda: len(receiver.entries("/rate")) == 6, timeout=20)
    # Six sends at two a second: the last one no sooner than 2.5 s after the first.
    assert time.monotonic() - started >= 2.4
    assert sorted(e["detail"]["i"] for e in receiver.events("/rate")) == list(range(6))


def test_a_receiver_down_for_a_while_gets_the_event_once_it_is_back(events):
    receiver = Receiver()
    port = receiver.port
    source = unique("app")
    _, connection = api_key_connection(events)
    rule_to(events, {"source": [source]}, destination(events, connection, receiver.url("/later")))
    receiver.stop()  # down: connections refused
    event_id = put(events, source, {"x": 1})
    time.sleep(2.5)  # the first attempt and a retry or two fail meanwhile
    back = Receiver(port=port)
    try:
        assert wait_until(lambda: back.entries("/later"), timeout=20)
        time.sleep(3)  # a duplicate would come with the next retry
        assert [e["id"] for e in back.events("/later")] == [event_id]
    finally:
        back.stop()


def test_an_answering_but_failing_receiver_is_retried_then_served_once(events, receiver):
    source = unique("app")
    _, connection = api_key_connection(events)
    rule_to(events, {"source": [source]}, destination(events, connection, receiver.url("/flaky")))
    receiver.status = 503
    event_id = put(events, source, {"x": 1})
    assert wait_until(lambda: len(receiver.entries("/flaky")) >= 2, timeout=10)
    receiver.status = 200
    ok_after = len(receiver.entries("/flaky"))
    assert wait_until(lambda: len(receiver.entries("/flaky")) > ok_after, timeout=20)
    time.sleep(3)
    ids = [e["id"] for e in receiver.events("/flaky")]
    # Every attempt carried the same event; the one answered 200 was the last.
    assert set(ids) == {event_id} and len(ids) == ok_after + 1


def dead_letters(server) -> list[dict]:
    folder = server.data_dir / "dead-letters"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def test_dead_letters_after_the_retry_limit(server, events, receiver):
    source = unique("app")
    _, connection = api_key_connection(events)
    dest = destination(events, connection, receiver.url("/down"))
    rule = rule_to(events, {"source": [source]}, dest, RetryPolicy={"MaximumRetryAttempts": 2},
                   DeadLetterConfig={"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:alerts-dlq"})
    receiver.status = 500
    event_id = put(events, source, {"x": 1})
    letter = wait_until(lambda: [d for d in dead_letters(server) if d["event"]["id"] == event_id], timeout=20)
    assert len(letter) == 1
    letter = letter[0]
    assert letter["rule"] == rule and letter["targetId"] == "t1" and letter["targetArn"] == dest
    assert letter["attempts"] == 3 and "HTTP 500" in letter["reason"]
    assert letter["deadLetterArn"].endswith(":alerts-dlq")
    assert letter["event"]["detail"] == {"x": 1} and letter["account"] == ACCOUNT_ID
    time.sleep(2)
    assert len(receiver.entries("/down")) == 3


def test_a_client_error_is_not_retried(server, events, receiver):
    source = unique("app")
    _, connection = api_key_connection(events)
    rule_to(events, {"source": [source]}, destination(events, connection, receiver.url("/gone")))
    receiver.status = 404
    event_id = put(events, source, {"x": 1})
    letter = wait_until(lambda: [d for d in dead_letters(server) if d["event"]["id"] == event_id], timeout=10)
    assert letter and letter[0]["attempts"] == 1 and "HTTP 404" in letter[0]["reason"]
    time.sleep(2)
    assert len(receiver.entries("/gone")) == 1


def test_trail_api_calls_reach_the_bus(server, events, session, receiver):
    _, connection = api_key_connection(events)
    user = unique("watched")
    rule_to(events, {"source": ["aws.iam"], "detail-type": ["AWS API Call via CloudTrail"],
                     "detail": {"eventName": ["CreateUser"], "requestParameters": {"userName": [user]}}},
            destination(events, connection, receiver.url("/iam")))
    iam = session.client("iam", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)
    iam.create_user(UserName=user)
    iam.get_user(UserName=user)  # read-only: not for rules in state ENABLED
    assert wait_until(lambda: receiver.events("/iam"), timeout=10)
    time.sleep(1)
    delivered = receiver.events("/iam")
    assert len(delivered) == 1
    event = delivered[0]
    assert event["source"] == "aws.iam" and event["detail-type"] == "AWS API Call via CloudTrail"
    assert event["detail"]["eventSource"] == "iam.amazonaws.com" and event["detail"]["eventName"] == "CreateUser"
    assert event["account"] == ACCOUNT_ID


def test_read_only_calls_reach_rules_enabled_with_all_management_events(server, events, session, receiver):
    _, connection = api_key_connection(events)
    user = unique("reader")
    name = rule_to(events, {"source": ["aws.iam"], "detail": {"eventName": ["GetUser"],
                                                               "requestParameters": {"userName": [user]}}},
                   destination(events, connection, receiver.url("/reads")))
    events.put_rule(Name=name, EventPattern=json.dumps(
        {"source": ["aws.iam"], "detail": {"eventName": ["GetUser"], "requestParameters": {"userName": [user]}}}),
        State="ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS")
    iam = session.client("iam", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)
    iam.create_user(UserName=user)
    iam.get_user(UserName=user)
    assert wait_until(lambda: receiver.events("/reads"), timeout=10)
    assert receiver.events("/reads")[0]["detail"]["readOnly"] is True


def test_root_sign_in_alert_end_to_end_from_the_aws_cli(server, receiver, tmp_path):
    """The AWS guidance's rule, written as its documentation writes it, from the aws CLI."""
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET})

    def aws(*args):
        done = run_cli(["--endpoint-url", server.endpoint, "--output", "json", "events", *args], env)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout) if done.stdout.strip() else {}

    name = unique("root-signin")
    connection = aws("create-connection", "--name", name, "--authorization-type", "API_KEY", "--auth-parameters",
                     json.dumps({"ApiKeyAuthParameters": {"ApiKeyName": "X-Pager-Key", "ApiKeyValue": "pager-1"}}))
    dest = aws("create-api-destination", "--cli-input-json", json.dumps({
        "Name": name, "ConnectionArn": connection["ConnectionArn"], "HttpMethod": "POST",
        "InvocationEndpoint": receiver.url("/root-alerts"), "InvocationRateLimitPerSecond": 10}))
    aws("put-rule", "--name", name, "--event-pattern", json.dumps(ROOT_SIGN_IN))
    aws("put-targets", "--rule", name, "--targets", json.dumps([{"Id": "pager", "Arn": dest["ApiDestinationArn"], "RoleArn": TARGET_ROLE}]))

    # An IAM user's sign-in does not match; the root user's does.
    iam = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("iam", endpoint_url=server.endpoint, region_name=REGION,
                                                          config=BOTO_CONFIG)
    user = unique("console")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password="Eb-Passw0rd-9!x")
    assert 'id="arn"' in ConsoleClient(server.endpoint, client_ip="198.51.100.71").sign_in(
        ACCOUNT_ID, user, "Eb-Passw0rd-9!x").text
    browser = ConsoleClient(server.endpoint, client_ip="198.51.100.72")
    reply = browser.sign_in_root(ROOT_EMAIL, ROOT_PASSWORD)
    if reply.url.endswith("/console/enroll"):
        browser.post("/console/enroll", {"action": "setup"})

    assert wait_until(lambda: receiver.events("/root-alerts"), timeout=10)
    time.sleep(1.5)
    alerts = receiver.events("/root-alerts")
    # Exactly the root user's sign-in events of the trail (ConsoleLogin, and the mandate's prompt when the
    # root user has no MFA yet: both are "AWS Console Sign In via CloudTrail" with a Root identity, as on AWS).
    cloudtrail = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "cloudtrail", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)
    root_sign_ins = [r for r in records(lookup_all(cloudtrail, "Username", "root", StartTime=since(60)))
                     if r["eventType"] == "AwsConsoleSignIn"]
    assert sorted(a["detail"]["eventID"] for a in alerts) == sorted(r["eventID"] for r in root_sign_ins)
    assert all(a["detail"]["userIdentity"]["type"] == "Root" for a in alerts)
    logins = [a for a in alerts if a["detail"]["eventName"] == "ConsoleLogin"]
    assert len(logins) == 1
    alert = logins[0]
    assert alert["detail-type"] == "AWS Console Sign In via CloudTrail" and alert["source"] == "aws.signin"
    assert alert["detail"]["eventName"] == "ConsoleLogin"
    assert alert["detail"]["userIdentity"]["type"] == "Root"
    assert alert["detail"]["sourceIPAddress"] == "198.51.100.72"
    assert alert["detail"]["responseElements"] == {"ConsoleLogin": "Success"}
    assert receiver.entries("/root-alerts")[0]["headers"]["x-pager-key"] == "pager-1"


def test_deliveries_waiting_for_a_retry_survive_a_restart(tmp_path_factory):
    """A delivery waiting for its next attempt when the server stops is saved in the data folder and
    resumed at the next start: delivered once, nothing dead-lettered, nothing left pending."""
    own = start_console_server(tmp_path_factory, "eventbridge-stop")
    receiver = Receiver()
    pending = own.data_dir / "pending-deliveries"
    try:
        events = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
            "events", endpoint_url=own.endpoint, region_name=REGION, config=BOTO_CONFIG)
        _, connection = api_key_connection(events)
        rule_to(events, {"source": ["app.stop"]}, destination(events, connection, receiver.url("/stop")))
        receiver.status = 503
        event_id = put(events, "app.stop", {"x": 1})
        assert wait_until(lambda: len(receiver.entries("/stop")) >= 2, timeout=10)
        own.stop()
        saved = [json.loads(p.read_text()) for p in pending.glob("*.json")]
        assert [s["event"]["id"] for s in saved] == [event_id] and dead_letters(own) == []
        assert saved[0]["attempts"] >= 2 and "HTTP 503" in saved[0]["lastFailure"]
        assert saved[0]["event"]["detail"] == {"x": 1}
        before = len(receiver.entries("/stop"))
        receiver.status = 200
        own.start()
        assert wait_until(lambda: len(receiver.entries("/stop")) > before, timeout=10)
        time.sleep(1.5)
        resumed = receiver.entries("/stop")[before:]
        assert [json.loads(e["body"])["id"] for e in resumed] == [event_id]
        assert json.loads(resumed[0]["body"]) == json.loads(receiver.entries("/stop")[0]["body"])
        assert wait_until(lambda: not list(pending.glob("*.json")), timeout=5)
        assert dead_letters(own) == []
    finally:
        own.stop()
        receiver.stop()


def test_email_alerts_land_in_the_outbox(server, events):
    """A target naming an SNS topic gets the email an SNS email subscription would send, written to the
    data folder's outbox (Rampart has no SNS and sends no mail itself)."""
    source = unique("app")
    topic = unique("security-alerts")
    topic_arn = f"arn:aws:sns:{REGION}:{ACCOUNT_ID}:{topic}"
    name = unique("mail")
    events.put_rule(Name=name, EventPattern=json.dumps({"source": [source]}))
    reply = events.put_targets(Rule=name, Targets=[{"Id": "mail", "Arn": topic_arn}])
    assert reply["FailedEntryCount"] == 0
    event_id = put(events, source, {"alert": "root sign-in"})
    put(events, unique("other"), {"alert": "not for this rule"})
    folder = server.data_dir / "outbox" / topic
    files = wait_until(lambda: sorted(folder.glob("*.eml")) if folder.exists() else [], timeout=10)
    time.sleep(1)
    files = sorted(folder.glob("*.eml"))
    assert len(files) == 1 and event_id in files[0].name
    headers, _, body = files[0].read_bytes().decode().partition("\r\n\r\n")
    lines = headers.split("\r\n")
    assert "From: AWS Notifications <no-reply@sns.amazonaws.com>" in lines
    assert "Subject: AWS Notification Message" in lines
    assert f"X-Rampart-Topic-Arn: {topic_arn}" in lines
    message = json.loads(body)
    assert message["id"] == event_id and message["detail"] == {"alert": "root sign-in"}
