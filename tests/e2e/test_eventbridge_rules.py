"""EventBridge rules over boto3 and the aws CLI: PutRule (patterns, schedules, AWS's refusals),
DescribeRule, ListRules (prefix, paging), EnableRule/DisableRule, DeleteRule (refused while targets
remain), PutTargets/RemoveTargets/ListTargetsByRule (per-entry failures, 5 targets per rule),
TestEventPattern, tags."""

from __future__ import annotations

import json

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, aws_error, cli_env, run_cli, unique,
)
from eventbridge_helpers import api_key_connection, destination, rule_arn, TARGET_ROLE

ROOT_SIGN_IN = {"detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"userIdentity": {"type": ["Root"]}}}


@pytest.fixture(scope="module")
def events(admin, endpoint):
    return admin.client("events", endpoint_url=endpoint, region_name=REGION, config=BOTO_CONFIG)


@pytest.fixture(scope="module")
def dest_arn(events):
    _, connection = api_key_connection(events)
    return destination(events, connection, "http://127.0.0.1:9/hook")


def test_put_describe_and_list_a_rule(events):
    name = unique("rule")
    pattern = json.dumps(ROOT_SIGN_IN)
    arn = events.put_rule(Name=name, EventPattern=pattern, Description="root sign-ins")["RuleArn"]
    assert arn == rule_arn(name)
    rule = events.describe_rule(Name=name)
    assert rule["Name"] == name and rule["Arn"] == arn
    assert rule["EventPattern"] == pattern
    assert rule["State"] == "ENABLED" and rule["EventBusName"] == "default"
    assert rule["Description"] == "root sign-ins" and rule["CreatedBy"] == ACCOUNT_ID
    listed = events.list_rules(NamePrefix=name)["Rules"]
    assert [r["Name"] for r in listed] == [name]
    assert listed[0]["EventPattern"] == pattern

    # PutRule again updates in place.
    events.put_rule(Name=name, EventPattern=json.dumps({"source": ["custom.app"]}), State="DISABLED")
    again = events.describe_rule(Name=name)
    assert again["State"] == "DISABLED" and json.loads(again["EventPattern"]) == {"source": ["custom.app"]}
    assert "Description" not in again


def test_schedule_expressions(events):
    name = unique("sched")
    events.put_rule(Name=name, ScheduleExpression="rate(5 minutes)")
    assert events.describe_rule(Name=name)["ScheduleExpression"] == "rate(5 minutes)"
    events.put_rule(Name=name, ScheduleExpression="cron(0 12 * * ? *)")
    for bad in ["rate(0 minutes)", "rate(1 minutes)", "rate(5 fortnights)", "cron(0 12 * * *)", "every day"]:
        with aws_error("ValidationException", 400, "Parameter ScheduleExpression is not valid."):
            events.put_rule(Name=unique("sched"), ScheduleExpression=bad)
    with aws_error("ValidationException", 400, "Parameter(s) EventPattern or ScheduleExpression must be specified."):
        events.put_rule(Name=unique("none"))


@pytest.mark.parametrize("pattern, reason", [
    ("[1]", "Filter is not an object"),
    ("{}", "Empty objects are not allowed"),
    ('{"detail": {}}', "Empty objects are not allowed"),
    ('{"slug": "some-pipeline"}', '"slug" must be an object or an array'),
    ('{"a": [{"suffix": ["x"]}]}', "suffix match pattern must be a string"),
    ('{"a": [{"exists": "yes"}]}', "exists match pattern must be either true or false."),
    ('{"a": [{"regex": "x"}]}', "Unrecognized match type regex"),
    ('{"a": [{"numeric": [">", 5, "<", 1]}]}', "Bottom must be less than top"),
    ("not json", "Filter is not valid JSON"),
])
def test_invalid_patterns_are_refused_in_aws_words(events, pattern, reason):
    with aws_error("InvalidEventPatternException", 400, f"Event pattern is not valid. Reason: {reason}"):
        events.put_rule(Name=unique("bad"), EventPattern=pattern)
    with aws_error("InvalidEventPatternException", 400, reason):
        events.test_event_pattern(EventPattern=pattern, Event=json.dumps(sign_in_event("Root")))


def test_model_constraints_are_checked(events):
    with aws_error("ValidationException", 400, "Member must have length less than or equal to 64"):
        events.put_rule(Name="x" * 65, ScheduleExpression="rate(1 hour)")
    with aws_error("ValidationException", 400, "Member must satisfy enum value set"):
        events.put_rule(Name=unique("state"), ScheduleExpression="rate(1 hour)", State="PAUSED")


def test_only_the_default_bus_exists(events):
    with aws_error("ResourceNotFoundException", 400, "Event bus other does not exist."):
        events.put_rule(Name=unique("bus"), ScheduleExpression="rate(1 hour)", EventBusName="other")
    name = unique("bus")
    events.put_rule(Name=name, ScheduleExpression="rate(1 hour)", EventBusName="default")
    events.describe_rule(Name=name, EventBusName=f"arn:aws:events:{REGION}:{ACCOUNT_ID}:event-bus/default")


def test_missing_rules(events):
    for call in (lambda: events.describe_rule(Name="nope-rule"), lambda: events.enable_rule(Name="nope-rule"),
                 lambda: events.disable_rule(Name="nope-rule"),
                 lambda: events.list_targets_by_rule(Rule="nope-rule"),
                 lambda: events.put_targets(Rule="nope-rule", Targets=[{"Id": "a", "Arn": "arn:aws:sns:x"}]),
                 lambda: events.list_tags_for_resource(ResourceARN=rule_arn("nope-rule"))):
        with aws_error("ResourceNotFoundException", 400, "Rule nope-rule does not exist on EventBus default."):
            call()
    # Deleting a rule that is not there succeeds, as on AWS.
    events.delete_rule(Name="nope-rule")


def test_list_rules_pages_by_prefix(events):
    prefix = unique("page")
    names = sorted(f"{prefix}-{i}" for i in range(5))
    for name in names:
        events.put_rule(Name=name, ScheduleExpression="rate(1 day)")
    first = events.list_rules(NamePrefix=prefix, Limit=2)
    assert [r["Name"] for r in first["Rules"]] == names[:2] and first["NextToken"]
    second = events.list_rules(NamePrefix=prefix, Limit=2, NextToken=first["NextToken"])
    assert [r["Name"] for r in second["Rules"]] == names[2:4]
    third = events.list_rules(NamePrefix=prefix, Limit=2, NextToken=second["NextToken"])
    assert [r["Name"] for r in third["Rules"]] == names[4:] and "NextToken" not in third
    paginated = [r["Name"] for page in events.get_paginator("list_rules").paginate(
        NamePrefix=prefix, PaginationConfig={"PageSize": 3}) for r in page["Rules"]]
    assert paginated == names
    with aws_error("ValidationException", 400):
        events.list_rules(NamePrefix=prefix, Limit=101)
    with aws_error("ValidationException", 400, "The nextToken provided is invalid."):
        events.list_rules(NamePrefix=prefix, NextToken="!!not-a-token!!")


def test_enable_and_disable(events):
    name = unique("toggle")
    events.put_rule(Name=name, EventPattern=json.dumps({"source": ["a"]}))
    events.disable_rule(Name=name)
    assert events.describe_rule(Name=name)["State"] == "DISABLED"
    events.enable_rule(Name=name)
    assert events.describe_rule(Name=name)["State"] == "ENABLED"


def test_targets_put_list_remove_and_delete(events, dest_arn):
    name = unique("targets")
    events.put_rule(Name=name, EventPattern=json.dumps({"source": ["a"]}))
    reply = events.put_targets(Rule=name, Targets=[
        {"Id": "one", "Arn": dest_arn, "RoleArn": TARGET_ROLE, "RetryPolicy": {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 60},
         "DeadLetterConfig": {"Arn": f"arn:aws:sqs:{REGION}:{ACCOUNT_ID}:dlq"}},
        {"Id": "two", "Arn": dest_arn, "RoleArn": TARGET_ROLE, "InputPath": "$.detail"},
        {"Id": "both", "Arn": dest_arn, "RoleArn": TARGET_ROLE, "Input": "{}", "InputPath": "$.detail"},
        {"Id": "lambda", "Arn": f"arn:aws:lambda:{REGION}:{ACCOUNT_ID}:function:f"},
    ])
    assert reply["FailedEntryCount"] == 2
    failures = {e["TargetId"]: e for e in reply["FailedEntries"]}
    assert set(failures) == {"both", "lambda"}
    assert failures["both"]["ErrorCode"] == "ValidationException"
    assert "Only one of Input, InputPath, or InputTransformer" in failures["both"]["ErrorMessage"]
    targets = events.list_targets_by_rule(Rule=name)["Targets"]
    assert [t["Id"] for t in targets] == ["one", "two"]
    assert targets[0]["RetryPolicy"] == {"MaximumRetryAttempts": 3, "MaximumEventAgeInSeconds": 60}
    assert targets[0]["DeadLetterConfig"]["Arn"].endswith(":dlq")
    assert targets[1]["InputPath"] == "$.detail"

    with aws_error("ValidationException", 400, "Rule can't be deleted since it has targets."):
        events.delete_rule(Name=name)
    removed = events.remove_targets(Rule=name, Ids=["one", "two"])
    assert removed["FailedEntryCount"] == 0
    assert events.list_targets_by_rule(Rule=name)["Targets"] == []
    events.delete_rule(Name=name)
    with aws_error("ResourceNotFoundException", 400):
        events.describe_rule(Name=name)


def test_api_destination_targets_need_a_role(events, dest_arn):
    """As on AWS, an API destination target without RoleArn fails the whole call; an SNS topic needs none."""
    name = unique("role")
    events.put_rule(Name=name, EventPattern=json.dumps({"source": ["a"]}))
    with aws_error("ValidationException", 400, f"RoleArn is required for target {dest_arn}."):
        events.put_targets(Rule=name, Targets=[{"Id": "sns", "Arn": f"arn:aws:sns:{REGION}:{ACCOUNT_ID}:t"},
                                               {"Id": "api", "Arn": dest_arn}])
    assert events.list_targets_by_rule(Rule=name)["Targets"] == []
    reply = events.put_targets(Rule=name, Targets=[{"Id": "sns", "Arn": f"arn:aws:sns:{REGION}:{ACCOUNT_ID}:t"}])
    assert reply["FailedEntryCount"] == 0
    events.put_targets(Rule=name, Targets=[{"Id": "api", "Arn": dest_arn, "RoleArn": TARGET_ROLE}])
    targets = {t["Id"]: t for t in events.list_targets_by_rule(Rule=name)["Targets"]}
    assert targets["api"]["RoleArn"] == TARGET_ROLE and "RoleArn" not in targets["sns"]


def test_five_targets_per_rule(events, dest_arn):
    name = unique("five")
    events.put_rule(Name=name, EventPattern=json.dumps({"source": ["a"]}))
    events.put_targets(Rule=name, Targets=[{"Id": f"t{i}", "Arn": dest_arn, "RoleArn": TARGET_ROLE} for i in range(5)])
    # Putting an existing id again replaces it: still five.
    events.put_targets(Rule=name, Targets=[{"Id": "t0", "Arn": dest_arn, "RoleArn": TARGET_ROLE, "InputPath": "$.detail"}])
    with aws_error("LimitExceededException", 400, "The requested resource exceeds the maximum number allowed."):
        events.put_targets(Rule=name, Targets=[{"Id": "t5", "Arn": dest_arn, "RoleArn": TARGET_ROLE}])
    assert len(events.list_targets_by_rule(Rule=name)["Targets"]) == 5
    with aws_error("ValidationException", 400):
        events.put_targets(Rule=name, Targets=[{"Id": f"x{i}", "Arn": dest_arn, "RoleArn": TARGET_ROLE} for i in range(101)])


def sign_in_event(identity_type: str) -> dict:
    return {"id": "7bf73129-1428-4cd3-a780-95db273d1602", "detail-type": "AWS Console Sign In via CloudTrail",
            "source": "aws.signin", "account": ACCOUNT_ID, "time": "2026-12-06T12:00:00Z", "region": REGION,
            "resources": [], "detail": {"eventName": "ConsoleLogin", "userIdentity": {"type": identity_type}}}


def test_test_event_pattern(events):
    pattern = json.dumps(ROOT_SIGN_IN)
    assert events.test_event_pattern(EventPattern=pattern, Event=json.dumps(sign_in_event("Root")))["Result"] is True
    assert events.test_event_pattern(EventPattern=pattern, Event=json.dumps(sign_in_event("IAMUser")))["Result"] is False
    wildcard = json.dumps({"detail": {"eventName": [{"wildcard": "Console*"}], "userIdentity": {
        "type": [{"anything-but": ["IAMUser"]}]}}})
    assert events.test_event_pattern(EventPattern=wildcard, Event=json.dumps(sign_in_event("Root")))["Result"] is True
    missing = sign_in_event("Root")
    del missing["account"]
    with aws_error("ValidationException", 400, "Parameter Event is not valid."):
        events.test_event_pattern(EventPattern=pattern, Event=json.dumps(missing))
    with aws_error("ValidationException", 400, "Parameter Event is not valid."):
        events.test_event_pattern(EventPattern=pattern, Event="[]")


def test_tags(events):
    name = unique("tagged")
    arn = events.put_rule(Name=name, ScheduleExpression="rate(1 day)", Tags=[{"Key": "team", "Value": "sec"}])["RuleArn"]
    assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "team", "Value": "sec"}]
    events.tag_resource(ResourceARN=arn, Tags=[{"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "ops"}])
    assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == [
        {"Key": "env", "Value": "prod"}, {"Key": "team", "Value": "ops"}]
    events.untag_resource(ResourceARN=arn, TagKeys=["team"])
    assert events.list_tags_for_resource(ResourceARN=arn)["Tags"] == [{"Key": "env", "Value": "prod"}]
    with aws_error("LimitExceededException", 400):
        events.tag_resource(ResourceARN=arn, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with aws_error("ValidationException", 400, "Parameter ResourceARN is not valid."):
        events.tag_resource(ResourceARN="arn:aws:iam::123456789012:user/x", Tags=[{"Key": "a", "Value": "b"}])


@pytest.fixture
def cli(tmp_path, endpoint):
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET})

    def run(*args, check=True):
        done = run_cli(["--endpoint-url", endpoint, "--output", "json", "events", *args], env)
        if check:
            assert done.returncode == 0, done.stderr
        return done
    return run


def test_rules_from_the_aws_cli(cli):
    name = unique("cli")
    reply = json.loads(cli("put-rule", "--name", name, "--event-pattern", json.dumps(ROOT_SIGN_IN)).stdout)
    assert reply["RuleArn"] == rule_arn(name)
    described = json.loads(cli("describe-rule", "--name", name).stdout)
    assert json.loads(described["EventPattern"]) == ROOT_SIGN_IN
    listed = json.loads(cli("list-rules", "--name-prefix", name).stdout)
    assert [r["Name"] for r in listed["Rules"]] == [name]
    cli("disable-rule", "--name", name)
    assert json.loads(cli("describe-rule", "--name", name).stdout)["State"] == "DISABLED"
    result = json.loads(cli("test-event-pattern", "--event-pattern", json.dumps(ROOT_SIGN_IN),
                            "--event", json.dumps(sign_in_event("Root"))).stdout)
    assert result["Result"] is True
    bad = cli("put-rule", "--name", unique("cli"), "--event-pattern", '{"source": "aws.iam"}', check=False)
    assert bad.returncode != 0
    assert "InvalidEventPatternException" in bad.stderr and '"source" must be an object or an array' in bad.stderr
    cli("delete-rule", "--name", name)
    missing = cli("describe-rule", "--name", name, check=False)
    assert "ResourceNotFoundException" in missing.stderr


def test_calls_are_authorized_by_iam_policies(iam, make_user, endpoint):
    name, session = make_user()
    events = session.client("events", endpoint_url=endpoint, region_name=REGION, config=BOTO_CONFIG)
    # A JSON service's refusal: AccessDeniedException with 400 (test_json_access_denied covers the others).
    with aws_error("AccessDeniedException", 400, "events:ListRules"):
        events.list_rules()
    iam.put_user_policy(UserName=name, PolicyName="rules", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": ["events:PutRule", "events:DescribeRule"], "Resource": "*"}]}))
    rule = unique("authz")
    events.put_rule(Name=rule, ScheduleExpression="rate(1 day)")
    assert events.describe_rule(Name=rule)["Name"] == rule
    with aws_error("AccessDeniedException", 400, "events:DeleteRule"):
        events.delete_rule(Name=rule)
