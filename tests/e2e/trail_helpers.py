"""LookupEvents for the audit-trail tests: every page of a lookup, the records parsed, and a raw JSON 1.1
call for what boto3 cannot send (fractional StartTime/EndTime)."""

from __future__ import annotations

import datetime as dt
import json

import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

from e2e_helpers import REGION, as_credentials

TARGET = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"


def lookup_all(cloudtrail, key: str | None = None, value: str | None = None, **kwargs) -> list[dict]:
    """Every event a lookup finds, page after page (MaxResults 50), newest first."""
    if key is not None:
        kwargs["LookupAttributes"] = [{"AttributeKey": key, "AttributeValue": value}]
    events: list[dict] = []
    while True:
        page = cloudtrail.lookup_events(MaxResults=50, **kwargs)
        events += page["Events"]
        if "NextToken" not in page:
            return events
        kwargs["NextToken"] = page["NextToken"]


def records(events: list[dict]) -> list[dict]:
    return [json.loads(event["CloudTrailEvent"]) for event in events]


def since(seconds: float = 2.0) -> dt.datetime:
    """A StartTime a little before now, so a lookup reads only what a test just did (and the
    events other tests of the worker made meanwhile)."""
    return dt.datetime.now(dt.timezone.utc) - dt.timedelta(seconds=seconds)


def raw_lookup(endpoint: str, creds, body: dict) -> requests.Response:
    """LookupEvents signed as an SDK signs it, with the body exactly as given."""
    request = AWSRequest(method="POST", url=endpoint + "/", data=json.dumps(body).encode(), headers={
        "Content-Type": "application/x-amz-json-1.1", "X-Amz-Target": TARGET,
    })
    SigV4Auth(as_credentials(creds), "cloudtrail", REGION).add_auth(request)
    prepared = request.prepare()
    return requests.post(prepared.url, data=prepared.body, headers=dict(prepared.headers), timeout=30)


def only(events: list[dict], name: str) -> dict:
    found = [record for record in records(events) if record["eventName"] == name]
    assert len(found) == 1, [record["eventName"] for record in records(events)]
    return found[0]
