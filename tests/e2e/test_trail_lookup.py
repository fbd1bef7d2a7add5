"""CloudTrail LookupEvents through boto3 and the aws CLI: each lookup attribute finds its events and no
others, time ranges are inclusive, paging walks more than a thousand events newest first without a gap
or a repeat, and the bad requests answer CloudTrail's own exceptions with the HTTP status botocore sees.
The shared server runs unthrottled; the throttle is checked on a server of its own."""

from __future__ import annotations

import datetime as dt
import json
import re
from concurrent.futures import ThreadPoolExecutor

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_KEY_ID, ROOT_SECRET, RampartServer, aws_error,
    cli_env, make_session, run_cli, run_rampart, session_from_key, unique,
)
from org_helpers import start_org_server
from trail_helpers import lookup_all, raw_lookup, records, since


@pytest.fixture(scope="module")
def cloudtrail(admin, connect):
    return connect(admin, "cloudtrail")


@pytest.fixture(scope="module")
def actor(admin, connect):
    """A fresh user with a key who made a write (CreateUser and CreateAccessKey by admin), two reads of
    its own (GetUser on IAM, GetCallerIdentity on STS) and a refused call."""
    start = since()
    iam = connect(admin, "iam")
    name = unique("trail")
    iam.create_user(UserName=name)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    session = session_from_key(key)
    own_iam, own_sts = connect(session, "iam"), connect(session, "sts")
    own_sts.get_caller_identity()
    with aws_error("AccessDenied", 403):
        own_iam.get_user(UserName=name)
    return {"name": name, "key": key["AccessKeyId"], "start": start}


def assert_every(events, predicate, what):
    assert events, f"no events for {what}"
    bad = [event for event in events if not predicate(event)]
    assert not bad, f"{what}: {len(bad)} events do not match, e.g. {bad[0]}"


def test_username_finds_the_callers_events_only(cloudtrail, actor):
    events = lookup_all(cloudtrail, "Username", actor["name"], StartTime=actor["start"])
    assert_every(events, lambda e: e["Username"] == actor["name"], "Username")
    names = sorted(e["EventName"] for e in events)
    assert names == ["GetCallerIdentity", "GetUser"], names
    assert lookup_all(cloudtrail, "Username", actor["name"] + "x", StartTime=actor["start"]) == []


def test_access_key_id_finds_what_the_key_signed(cloudtrail, actor):
    events = lookup_all(cloudtrail, "AccessKeyId", actor["key"], StartTime=actor["start"])
    assert_every(events, lambda e: e.get("AccessKeyId") == actor["key"], "AccessKeyId")
    assert sorted(e["EventName"] for e in events) == ["GetCallerIdentity", "GetUser"]
    by_admin = lookup_all(cloudtrail, "AccessKeyId", ADMIN_KEY_ID, StartTime=actor["start"])
    assert_every(by_admin, lambda e: e.get("AccessKeyId") == ADMIN_KEY_ID, "AccessKeyId admin")


def test_resource_name_finds_the_events_naming_the_resource(cloudtrail, actor):
    events = lookup_all(cloudtrail, "ResourceName", actor["name"], StartTime=actor["start"])
    assert_every(events, lambda e: any(r.get("ResourceName") == actor["name"] for r in e.get("Resources", [])),
                 "ResourceName")
    names = {e["EventName"] for e in events}
    assert {"CreateUser", "CreateAccessKey", "GetUser"} <= names, names
    keyed = lookup_all(cloudtrail, "ResourceName", actor["key"], StartTime=actor["start"])
    assert "CreateAccessKey" in {e["EventName"] for e in keyed}
    assert_every(keyed, lambda e: any(r.get("ResourceName") == actor["key"] for r in e.get("Resources", [])),
                 "ResourceName key")


def test_resource_type_finds_the_events_with_a_resource_of_that_type(cloudtrail, actor):
    events = lookup_all(cloudtrail, "ResourceType", "AWS::IAM::AccessKey", StartTime=actor["start"])
    assert_every(events, lambda e: any(r.get("ResourceType") == "AWS::IAM::AccessKey" for r in e["Resources"]),
                 "ResourceType")
    created = [e for e in events if e["EventName"] == "CreateAccessKey"]
    assert any(r["ResourceName"] == actor["key"] for e in created for r in e["Resources"])
    assert lookup_all(cloudtrail, "ResourceType", "AWS::S3::Bucket", StartTime=actor["start"]) == []


def test_event_name_and_event_source(cloudtrail, actor):
    created = lookup_all(cloudtrail, "EventName", "CreateUser", StartTime=actor["start"])
    assert_every(created, lambda e: e["EventName"] == "CreateUser", "EventName")
    assert actor["name"] in {r["ResourceName"] for e in created for r in e["Resources"]}
    sts = lookup_all(cloudtrail, "EventSource", "sts.amazonaws.com", StartTime=actor["start"])
    assert_every(sts, lambda e: e["EventSource"] == "sts.amazonaws.com", "EventSource")
    assert any(e.get("Username") == actor["name"] and e["EventName"] == "GetCallerIdentity" for e in sts)
    assert lookup_all(cloudtrail, "EventName", "NoSuchCall", StartTime=actor["start"]) == []


def test_read_only_splits_reads_from_writes(cloudtrail, actor):
    reads = lookup_all(cloudtrail, "ReadOnly", "true", StartTime=actor["start"])
    writes = lookup_all(cloudtrail, "ReadOnly", "false", StartTime=actor["start"])
    assert_every(reads, lambda e: e["ReadOnly"] == "true", "ReadOnly true")
    assert_every(writes, lambda e: e["ReadOnly"] == "false", "ReadOnly false")
    assert {"GetUser", "GetCallerIdentity"} <= {e["EventName"] for e in reads if e.get("Username") == actor["name"]}
    assert {"CreateUser", "CreateAccessKey"} <= {e["EventName"] for e in writes}
    assert not {e["EventId"] for e in reads} & {e["EventId"] for e in writes}
    for record in records(reads + writes):
        assert record["readOnly"] is (record["eventName"].startswith(("Get", "List", "Lookup", "Describe",
                                                                        "Simulate")))


def test_event_id_finds_exactly_one(cloudtrail, actor):
    created = [e for e in lookup_all(cloudtrail, "ResourceName", actor["name"], StartTime=actor["start"])
               if e["EventName"] == "CreateUser"]
    assert len(created) == 1
    found = cloudtrail.lookup_events(LookupAttributes=[{"AttributeKey": "EventId",
                                                        "AttributeValue": created[0]["EventId"]}])["Events"]
    assert [e["EventId"] for e in found] == [created[0]["EventId"]]
    assert found[0]["CloudTrailEvent"] == created[0]["CloudTrailEvent"]
    assert json.loads(found[0]["CloudTrailEvent"])["eventID"] == created[0]["EventId"]
    assert cloudtrail.lookup_events(LookupAttributes=[{"AttributeKey": "EventId",
                                                       "AttributeValue": "nope"}])["Events"] == []


def test_time_range_is_inclusive_to_the_millisecond(endpoint, admin, cloudtrail, actor):
    """boto3 sends whole seconds; the raw body carries the event's own time, with its milliseconds."""
    attribute = [{"AttributeKey": "Username", "AttributeValue": actor["name"]}]
    base = {"LookupAttributes": attribute, "StartTime": actor["start"].timestamp()}
    reply = raw_lookup(endpoint, admin, base)
    assert reply.status_code == 200, reply.text
    newest = reply.json()["Events"][0]
    at = newest["EventTime"]
    assert isinstance(at, (int, float))

    def ids(body):
        answer = raw_lookup(endpoint, admin, {"LookupAttributes": attribute, **body})
        assert answer.status_code == 200, answer.text
        return [e["EventId"] for e in answer.json()["Events"]]

    assert newest["EventId"] in ids({"StartTime": at, "EndTime": at})
    # Times are kept to the millisecond; 2 ms on keeps clear of the float's last digit.
    assert newest["EventId"] not in ids({"StartTime": at + 0.002, "EndTime": at + 10})
    assert newest["EventId"] not in ids({"StartTime": at - 10, "EndTime": at - 0.001})
    # With boto3's whole seconds: the second that holds it, and nothing after it.
    second = dt.datetime.fromtimestamp(int(at), dt.timezone.utc)
    found = lookup_all(cloudtrail, "Username", actor["name"], StartTime=second,
                       EndTime=second + dt.timedelta(seconds=1))
    assert newest["EventId"] in {e["EventId"] for e in found}
    later = lookup_all(cloudtrail, "Username", actor["name"], StartTime=second + dt.timedelta(seconds=1))
    assert newest["EventId"] not in {e["EventId"] for e in later}


def test_paging_through_more_than_a_thousand_events(cloudtrail, admin, connect, make_user):
    name, session = make_user()
    own = connect(session, "sts")
    start = since()
    calls = 1030

    def one(_):
        return own.get_caller_identity()["ResponseMetadata"]["RequestId"]

    with ThreadPoolExecutor(max_workers=8) as pool:
        request_ids = set(pool.map(one, range(calls)))
    assert len(request_ids) == calls
    attribute = [{"AttributeKey": "Username", "AttributeValue": name}]

    # By hand, 50 at a time.
    seen, pages, token = [], 0, None
    while True:
        kwargs = {"NextToken": token} if token else {}
        page = cloudtrail.lookup_events(LookupAttributes=attribute, StartTime=start, MaxResults=50, **kwargs)
        pages += 1
        assert len(page["Events"]) <= 50
        seen += page["Events"]
        token = page.get("NextToken")
        if not token:
            break
    assert pages == -(-calls // 50) or pages == -(-calls // 50) + 1
    ids = [e["EventId"] for e in seen]
    assert len(ids) == len(set(ids)) == calls
    times = [e["EventTime"] for e in seen]
    assert times == sorted(times, reverse=True)
    assert {json.loads(e["CloudTrailEvent"])["requestID"] for e in seen} == request_ids

    # boto3's paginator, in pages of 7 and in one sweep.
    paginator = cloudtrail.get_paginator("lookup_events")
    paged = [e["EventId"] for page in paginator.paginate(LookupAttributes=attribute, StartTime=start,
                                                          PaginationConfig={"PageSize": 7})
             for e in page["Events"]]
    assert paged == ids
    swept = paginator.paginate(LookupAttributes=attribute, StartTime=start).build_full_result()
    assert [e["EventId"] for e in swept["Events"]] == ids

    # Without an attribute: the whole account since `start`, every one of ours among them once.
    everything = [e["EventId"] for page in paginator.paginate(StartTime=start) for e in page["Events"]]
    assert len(everything) == len(set(everything))
    assert set(ids) <= set(everything)


def test_max_results_edges(cloudtrail, actor, sts):
    for _ in range(51):
        sts.get_caller_identity()
    attribute = [{"AttributeKey": "ResourceName", "AttributeValue": actor["name"]}]
    one = cloudtrail.lookup_events(LookupAttributes=attribute, StartTime=actor["start"], MaxResults=1)
    assert len(one["Events"]) == 1 and "NextToken" in one
    fifty = cloudtrail.lookup_events(StartTime=actor["start"] - dt.timedelta(days=1), MaxResults=50)
    assert len(fifty["Events"]) == 50
    for bad in (0, 51, -1):
        with aws_error("InvalidMaxResultsException", 400):
            cloudtrail.lookup_events(MaxResults=bad)


def test_bad_lookup_attributes(cloudtrail):
    two = [{"AttributeKey": "EventName", "AttributeValue": "CreateUser"},
           {"AttributeKey": "Username", "AttributeValue": "admin"}]
    with aws_error("InvalidLookupAttributesException", 400):
        cloudtrail.lookup_events(LookupAttributes=two)
    with aws_error("InvalidLookupAttributesException", 400):
        cloudtrail.lookup_events(LookupAttributes=[{"AttributeKey": "UserName", "AttributeValue": "admin"}])
    with aws_error("InvalidLookupAttributesException", 400):
        cloudtrail.lookup_events(LookupAttributes=[{"AttributeKey": "Region", "AttributeValue": REGION}])


def test_start_after_end_is_an_invalid_time_range(cloudtrail):
    now = dt.datetime.now(dt.timezone.utc)
    with aws_error("InvalidTimeRangeException", 400):
        cloudtrail.lookup_events(StartTime=now, EndTime=now - dt.timedelta(seconds=1))


def test_next_token_is_bound_to_its_question(cloudtrail, actor):
    attribute = [{"AttributeKey": "ResourceName", "AttributeValue": actor["name"]}]
    first = cloudtrail.lookup_events(LookupAttributes=attribute, StartTime=actor["start"], MaxResults=1)
    token = first["NextToken"]
    second = cloudtrail.lookup_events(LookupAttributes=attribute, StartTime=actor["start"], MaxResults=1,
                                      NextToken=token)
    assert second["Events"][0]["EventId"] != first["Events"][0]["EventId"]
    middle = len(token) // 2  # not the last character, whose low bits may be padding
    flipped = token[:middle] + ("A" if token[middle] != "A" else "B") + token[middle + 1:]
    for bad in (flipped, "garbage", token + "=", "x" * 300):
        with aws_error("InvalidNextTokenException", 400, message=bad[:20]):
            cloudtrail.lookup_events(LookupAttributes=attribute, StartTime=actor["start"], MaxResults=1,
                                     NextToken=bad)
    # The same token with another question: another value, another range, no attribute.
    other = [{"AttributeKey": "ResourceName", "AttributeValue": actor["key"]}]
    for kwargs in ({"LookupAttributes": other, "StartTime": actor["start"]},
                   {"LookupAttributes": attribute, "StartTime": actor["start"] - dt.timedelta(seconds=5)},
                   {"StartTime": actor["start"]}):
        with aws_error("InvalidNextTokenException", 400):
            cloudtrail.lookup_events(MaxResults=1, NextToken=token, **kwargs)


def test_aws_cli_finds_the_root_users_events(tmp_path, root_iam, endpoint):
    """As AWS's guidance for spotting root activity writes it."""
    marker = root_iam.get_account_summary()["ResponseMetadata"]["RequestId"]
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": ROOT_KEY_ID, "AWS_SECRET_ACCESS_KEY": ROOT_SECRET})
    start = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=30)).strftime("%Y-%m-%dT%H:%M:%SZ")
    proc = run_cli(["--endpoint-url", endpoint, "cloudtrail", "lookup-events", "--lookup-attributes",
                    "AttributeKey=Username,AttributeValue=root", "--start-time", start, "--output", "json"], env)
    assert proc.returncode == 0, proc.stderr
    events = json.loads(proc.stdout)["Events"]
    assert all(e["Username"] == "root" for e in events), events
    found = [json.loads(e["CloudTrailEvent"]) for e in events if e["EventName"] == "GetAccountSummary"]
    assert marker in {record["requestID"] for record in found}
    record = next(r for r in found if r["requestID"] == marker)
    assert record["userIdentity"]["type"] == "Root"
    assert record["userIdentity"]["arn"] == f"arn:aws:iam::{ACCOUNT_ID}:root"
    assert record["userIdentity"]["accessKeyId"] == ROOT_KEY_ID
    # Each attribute key is accepted by the CLI's shorthand too.
    for key, value in (("EventName", "GetAccountSummary"), ("ReadOnly", "true"), ("EventSource", "iam.amazonaws.com"),
                       ("AccessKeyId", ROOT_KEY_ID), ("ResourceType", "AWS::IAM::User"),
                       ("ResourceName", "admin"), ("EventId", record["eventID"])):
        proc = run_cli(["--endpoint-url", endpoint, "cloudtrail", "lookup-events", "--lookup-attributes",
                        f"AttributeKey={key},AttributeValue={value}", "--start-time", start, "--max-items", "5",
                        "--output", "json"], env)
        assert proc.returncode == 0, (key, proc.stderr)
    bad = run_cli(["--endpoint-url", endpoint, "cloudtrail", "lookup-events", "--max-results", "51"], env)
    assert bad.returncode != 0 and "InvalidMaxResultsException" in bad.stderr


# ---------------------------------------------------------------------------
# The throttle, on a server started without --lookup-events-per-second 0
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def throttled(tmp_path_factory):
    server = start_org_server(tmp_path_factory, "trail-throttle")
    yield server
    server.stop()


def test_lookups_beyond_two_a_second_are_throttled(throttled):
    client = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "cloudtrail", endpoint_url=throttled.endpoint, region_name=REGION, config=BOTO_CONFIG)
    outcomes = []
    for _ in range(6):
        try:
            client.lookup_events(MaxResults=1)
            outcomes.append("ok")
        except client.exceptions.ClientError as exc:
            outcomes.append(exc.response["Error"]["Code"])
            assert exc.response["ResponseMetadata"]["HTTPStatusCode"] == 400
            assert re.search("rate exceeded", exc.response["Error"]["Message"], re.I)
    assert outcomes[:2] == ["ok", "ok"], outcomes
    assert "ThrottlingException" in outcomes, outcomes
    # The bucket refills: a second later a lookup passes again.
    import time
    time.sleep(1.1)
    client.lookup_events(MaxResults=1)
