"""Scheduled rules run: at each due time (by the server's clock, which these tests move with
/_rampart/clock rather than wait) an enabled rule's targets get EventBridge's "Scheduled Event" from
`aws.events` with the rule's ARN as the resource and an empty detail; a disabled rule does not fire; a
rate is counted from the rule's creation and a jump of the clock fires a rule once, not once per missed
period. A server of its own, since the tests move its clock."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from console_helpers import start_console_server
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, aws_error, make_session, shift_clock, unique,
    wait_until,
)
from eventbridge_helpers import TARGET_ROLE, Receiver, api_key_connection, destination, rule_arn


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    started = start_console_server(tmp_path_factory, "eventbridge-schedules")
    yield started
    started.stop()


@pytest.fixture(scope="module")
def events(server):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "events", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)


@pytest.fixture(scope="module")
def receiver():
    started = Receiver()
    yield started
    started.stop()


def scheduled_rule(events, receiver, schedule: str, path: str, state="ENABLED") -> str:
    name = unique("every")
    _, connection = api_key_connection(events)
    events.put_rule(Name=name, ScheduleExpression=schedule, State=state)
    reply = events.put_targets(Rule=name, Targets=[{"Id": "t1", "RoleArn": TARGET_ROLE,
                                                     "Arn": destination(events, connection, receiver.url(path))}])
    assert reply["FailedEntryCount"] == 0
    return name


def test_rate_and_cron_rules_fire_at_their_times_and_disabled_ones_do_not(server, events, receiver):
    rate = scheduled_rule(events, receiver, "rate(1 minute)", "/rate")
    # A cron rule due once a day, five minutes from now: the second jump of the clock passes it.
    at = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=5)
    cron = scheduled_rule(events, receiver, f"cron({at.minute} {at.hour} * * ? *)", "/cron")
    off = scheduled_rule(events, receiver, "rate(1 minute)", "/off", state="DISABLED")
    created = time.time()
    time.sleep(2.5)  # the scheduler has seen the rules; nothing is due yet
    assert receiver.events() == []
    shift_clock(server, 61)
    assert wait_until(lambda: receiver.events("/rate"), timeout=10)
    time.sleep(2)
    fired = receiver.events("/rate")
    assert len(fired) == 1 and receiver.events("/cron") == [] and receiver.events("/off") == []
    event = fired[0]
    assert event == {"version": "0", "id": event["id"], "detail-type": "Scheduled Event", "source": "aws.events",
                     "account": ACCOUNT_ID, "time": event["time"], "region": REGION,
                     "resources": [rule_arn(rate)], "detail": {}}
    # Due one minute after the rule was created, by the server's (moved) clock.
    due = dt.datetime.strptime(event["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc).timestamp()
    assert created + 60 - 3 <= due <= created + 60 + 1

    # Ten more minutes at once: the rate rule fires once more, not ten times; the cron rule at its minute.
    shift_clock(server, 61 + 600)
    assert wait_until(lambda: len(receiver.events("/rate")) == 2 and len(receiver.events("/cron")) == 1,
                      timeout=10)
    time.sleep(2)
    assert len(receiver.events("/rate")) == 2 and len(receiver.events("/cron")) == 1
    assert receiver.events("/off") == []
    cron_event = receiver.events("/cron")[0]
    assert cron_event["resources"] == [rule_arn(cron)]
    assert cron_event["time"] == at.strftime("%Y-%m-%dT%H:%M:00Z")

    # Disabled, the rule stops firing; enabled again, it fires at its next time, owing nothing.
    events.disable_rule(Name=rate)
    events.enable_rule(Name=off)
    time.sleep(2)
    shift_clock(server, 61 + 600 + 120)
    assert wait_until(lambda: receiver.events("/off"), timeout=10)
    time.sleep(2)
    assert len(receiver.events("/rate")) == 2 and len(receiver.events("/off")) == 1
    assert receiver.events("/off")[0]["resources"] == [rule_arn(off)]


@pytest.mark.parametrize("schedule", [
    "rate(1 minutes)", "rate(0 minutes)", "rate(5 seconds)", "cron(0 12 * * * *)", "cron(0 0 30 2 ? * *)",
    "cron(0 0 ? * 3#1,6#3 *)", "cron(0 24 * * ? *)", "cron(0 0 ? * 1/2 *)",
])
def test_invalid_schedules_are_refused(events, schedule):
    with aws_error("ValidationException", 400, "Parameter ScheduleExpression is not valid."):
        events.put_rule(Name=unique("bad"), ScheduleExpression=schedule)
