"""A policy denial on the JSON 1.1 services (Organizations, CloudTrail, Config, EventBridge) is their
common error AccessDeniedException with HTTP 400, the modeled exception boto3 raises, while IAM and STS
keep AccessDenied with 403; the audit trail records the refusal's errorCode as AccessDenied for both."""

from __future__ import annotations

import json

import pytest

from e2e_helpers import aws_error
from trail_helpers import lookup_all, since

CALLS = {
    "organizations": ("organizations:DescribeOrganization", lambda client: client.describe_organization()),
    "cloudtrail": ("cloudtrail:LookupEvents", lambda client: client.lookup_events(MaxResults=1)),
    "config": ("config:DescribeConfigRules", lambda client: client.describe_config_rules()),
    "events": ("events:ListRules", lambda client: client.list_rules()),
}


@pytest.fixture
def powerless(make_user):
    """A user with a key and no policy: every call it makes is refused by policy."""
    return make_user()[1]


@pytest.mark.parametrize("service", sorted(CALLS))
def test_a_json_service_refuses_with_access_denied_exception(service, powerless, connect):
    action, call = CALLS[service]
    client = connect(powerless, service)
    with aws_error("AccessDeniedException", 400, action) as refused:
        call(client)
    assert refused.message.startswith("User: arn:aws:iam::"), refused.message
    if hasattr(client.exceptions, "AccessDeniedException"):  # Config's model does not declare it
        with pytest.raises(client.exceptions.AccessDeniedException):
            call(client)


def test_query_services_keep_access_denied_and_the_trail_records_one_code(powerless, admin, connect):
    start = since()
    with aws_error("AccessDenied", 403, "iam:ListUsers"):
        connect(powerless, "iam").list_users()
    with aws_error("AccessDeniedException", 400, "events:ListRules"):
        connect(powerless, "events").list_rules()
    key_id = powerless.get_credentials().access_key
    found = lookup_all(connect(admin, "cloudtrail"), "AccessKeyId", key_id, StartTime=start)
    codes = {json.loads(event["CloudTrailEvent"])["eventName"]: json.loads(event["CloudTrailEvent"]).get("errorCode")
             for event in found}
    assert codes.get("ListUsers") == "AccessDenied", codes
    assert codes.get("ListRules") == "AccessDenied", codes
