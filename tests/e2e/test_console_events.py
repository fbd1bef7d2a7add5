"""The console's event history (GET /console/events) and the security page's recent sign-ins.

An administrator makes API calls with boto3 (a user created, a call denied, enough reads for a second
page), then in the browser filters the history by EventName and by Username, opens an event to its
full record, narrows the time range and pages on with the NextToken link. Reading it is authorized as
cloudtrail:LookupEvents, through the authorizer the API uses: a user without that permission is told
so, and is not offered the link. On the security page a person sees their own last sign-ins, with the
address they came from and whether (and which) second factor they used."""

from __future__ import annotations

import datetime as dt
import itertools
import json
import time

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from browser_helpers import Pages, chromium_binaries, pages_fixture
from console_helpers import ConsoleClient, console_fixtures, console_user
from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_POLICY, ADMIN_SECRET, REGION, make_session, unique
from mfa_helpers import code, create_device, enable, wait_for_fresh_step

PASSWORD = "Correct-Horse-9-Battery"
# A string with markup, sent in a policy document: the record that holds it must show it as text.
ODD = '<img src=x onerror=alert(1)> & "quoted"'
_addresses = itertools.count(1)
server, iam = console_fixtures("console-events")
pages = pages_fixture("192.0.2")
needs_chromium = pytest.mark.skipif(None in chromium_binaries(), reason="chromium and chromedriver are not installed")


def whole_page_shot(pages: Pages, label: str) -> None:
    chrome = pages.chrome
    height = chrome.execute_script("return document.documentElement.scrollHeight")
    chrome.set_window_size(1400, min(height + 140, 4000))
    pages.shot(label)
    chrome.set_window_size(1000, 900)


def sign_in(pages: Pages, user: str, seed: str | None = None) -> None:
    pages.open("/console", "sign-in")
    pages.fill("account", ACCOUNT_ID)
    pages.fill("username", user)
    pages.fill("password", PASSWORD)
    pages.click("sign-in", "after-password")
    if seed:  # the step after the two that enabled the device
        pages.fill("code", code(seed, 1))
        pages.click("verify", "signed-in")
    assert pages.text("acting-as") == f"{user} @ {ACCOUNT_ID}"


def look_up(pages: Pages, key: str, value: str, label: str) -> None:
    Select(pages.chrome.find_element(By.ID, "lookup-key")).select_by_value(key)
    pages.fill("lookup-value", value)
    pages.click("lookup", label)


def rows(pages: Pages) -> list:
    return pages.chrome.find_elements(By.CSS_SELECTOR, "#events details.event")


def cell(row, column: str) -> str:
    """A row's cell as text, without the label that only screen readers get or the event source."""
    found = row.find_element(By.CSS_SELECTOR, f"summary > .{column}")
    text = found.get_attribute("textContent")
    for extra in found.find_elements(By.CSS_SELECTOR, ".cell-label, .event-source"):
        text = text.replace(extra.get_attribute("textContent"), "", 1)
    return text.strip()


def cells(pages: Pages, column: str) -> list[str]:
    return [cell(row, column) for row in rows(pages)]


def keyed_client(iam, user: str, service: str = "iam"):
    key = iam.create_access_key(UserName=user)["AccessKey"]
    return make_session(key["AccessKeyId"], key["SecretAccessKey"]).client(
        service, endpoint_url=iam.meta.endpoint_url, region_name=REGION)


@needs_chromium
def test_an_administrator_filters_opens_and_pages_the_event_history(server, iam, pages):
    target = unique("ev-target")
    iam.create_user(UserName=target)
    policy = {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:*", "Resource": "*",
                                                        "Condition": {"StringEquals": {"aws:username": ODD}}}]}
    iam.put_user_policy(UserName=target, PolicyName="odd", PolicyDocument=json.dumps(policy))
    nobody = console_user(iam, "ev-nobody", PASSWORD)
    denied = keyed_client(iam, nobody)
    with pytest.raises(denied.exceptions.ClientError) as refused:
        denied.list_users()
    assert refused.value.response["Error"]["Code"] == "AccessDenied"
    for _ in range(55):  # more than a page of one event name
        iam.get_user(UserName=target)

    viewer = console_user(iam, "ev-viewer", PASSWORD, policy_arn=ADMIN_POLICY)
    serial, seed = create_device(iam, unique("ev-dev"))
    wait_for_fresh_step()
    enable(iam, viewer, serial, seed)
    sign_in(pages, viewer, seed)
    assert pages.has("events-link")
    pages.click("nav-events", "event-history")
    assert pages.path() == "/console/events"
    assert len(rows(pages)) == 50 and pages.has("next-page")
    times = [row.find_element(By.CSS_SELECTOR, "time").get_attribute("datetime") for row in rows(pages)]
    assert times == sorted(times, reverse=True)  # newest first
    assert f"account {ACCOUNT_ID}" in pages.text("scope")
    whole_page_shot(pages, "all-events")

    # By event name: the user created, with its type and name, by the administrator's key.
    look_up(pages, "EventName", "CreateUser", "create-user")
    assert pages.path().startswith("/console/events?key=EventName&value=CreateUser")
    created = [row for row in rows(pages) if target in cell(row, "resource-name")]
    assert len(created) == 1
    row = created[0]
    assert cell(row, "user-name") == "admin" and cell(row, "resource-type") == "AWS::IAM::User"
    assert cell(row, "source-ip") == "127.0.0.1" and cell(row, "error-code") == ""
    # Opened, it shows the whole record, laid out and as text.
    record = row.find_element(By.CSS_SELECTOR, "pre.event-json")
    assert not record.is_displayed()
    row.find_element(By.TAG_NAME, "summary").click()
    assert record.is_displayed()
    shown = json.loads(record.text)
    assert shown["eventName"] == "CreateUser" and shown["requestParameters"]["userName"] == target
    assert record.text.startswith('{\n  "')  # one member a line, indented
    pages.shot("create-user-open")

    # By user name: the denied call, with its error code.
    look_up(pages, "Username", nobody, "by-username")
    assert Select(pages.chrome.find_element(By.ID, "lookup-key")).first_selected_option.text == "User name"
    names = cells(pages, "event-name")
    assert "ListUsers" in names
    denied_row = rows(pages)[names.index("ListUsers")]
    assert cell(denied_row, "error-code") == "AccessDenied"
    assert set(cells(pages, "user-name")) == {nobody}
    pages.shot("denied-call")

    # The policy with markup in it is text in the record, and made no element.
    look_up(pages, "EventName", "PutUserPolicy", "put-user-policy")
    rows(pages)[0].find_element(By.TAG_NAME, "summary").click()
    record = json.loads(rows(pages)[0].find_element(By.CSS_SELECTOR, "pre").text)
    assert json.loads(record["requestParameters"]["policyDocument"]) == policy
    assert not pages.chrome.find_elements(By.CSS_SELECTOR, "#events img")
    pages.shot("odd-record")

    # A time range after every event finds none.
    later = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M")
    pages.chrome.execute_script("arguments[0].value = arguments[1]", pages.chrome.find_element(By.ID, "from"), later)
    pages.click("lookup", "future-range")
    assert pages.has("no-events") and not pages.has("next-page")
    pages.click("clear", "cleared")

    # Paging: 55 GetUser calls are a page of 50 and a page of 5, none repeated.
    look_up(pages, "EventName", "GetUser", "get-user-1")
    first = [row.get_attribute("data-event-id") for row in rows(pages)]
    assert len(first) == 50 and not pages.has("first-page")
    pages.click("next-page", "get-user-2")
    assert "token=" in pages.path() and "key=EventName&value=GetUser" in pages.path()
    second = [row.get_attribute("data-event-id") for row in rows(pages)]
    assert len(second) >= 5 and not set(first) & set(second)
    assert set(cells(pages, "event-name")) == {"GetUser"}
    assert pages.has("first-page")
    whole_page_shot(pages, "second-page")

    # The narrow window folds each row into labelled cells.
    pages.chrome.set_window_size(500, 900)
    pages.shot("narrow")
    pages.chrome.set_window_size(1000, 900)


@needs_chromium
def test_a_user_without_lookup_events_is_refused(server, iam, pages):
    reader = console_user(iam, "ev-reader", PASSWORD, inline={
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "iam:Get*", "Resource": "*"}]})
    sign_in(pages, reader)
    assert not pages.has("nav-events") and not pages.has("events-link")
    pages.open("/console/events?key=EventName&value=CreateUser", "refused")
    assert "not authorized to look up events" in pages.text("not-authorized")
    assert "cloudtrail:LookupEvents" in pages.text("denied-reason")
    assert not pages.has("events") and not pages.has("lookup-form")
    client = ConsoleClient(server.endpoint, client_ip=f"198.18.20.{next(_addresses)}")
    assert client.sign_in(ACCOUNT_ID, reader, PASSWORD).url.endswith("/console")
    assert client.get("/console/events").status == 403


def test_lookup_events_on_the_api_is_allowed_to_the_same_principals(server, iam):
    """The page and the API agree: the reader the page refuses is refused by LookupEvents too, and one
    allowed only cloudtrail:LookupEvents reads both."""
    reader = console_user(iam, "ev-api-reader", PASSWORD)
    trail = keyed_client(iam, reader, "cloudtrail")
    with pytest.raises(trail.exceptions.ClientError) as refused:
        trail.lookup_events(MaxResults=1)
    assert refused.value.response["Error"]["Code"] in ("AccessDenied", "AccessDeniedException")
    page = ConsoleClient(server.endpoint, client_ip=f"198.18.20.{next(_addresses)}")
    page.sign_in(ACCOUNT_ID, reader, PASSWORD)
    assert page.get("/console/events").status == 403

    iam.put_user_policy(UserName=reader, PolicyName="trail", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "cloudtrail:LookupEvents", "Resource": "*"}]}))
    assert trail.lookup_events(MaxResults=1)["Events"]
    allowed = page.get(f"/console/events?key=Username&value={reader}")
    assert allowed.status == 200 and 'id="events"' in allowed.text and 'id="nav-events"' in allowed.text


def test_a_bad_token_or_range_is_explained(server, iam):
    viewer = console_user(iam, "ev-bad", PASSWORD, policy_arn=ADMIN_POLICY)
    client = ConsoleClient(server.endpoint, client_ip=f"198.18.20.{next(_addresses)}")
    client.sign_in(ACCOUNT_ID, viewer, PASSWORD)
    bad = client.get("/console/events?token=bm90LWEtdG9rZW4%3D")
    assert bad.status == 400 and "Invalid NextToken" in bad.message
    backwards = client.get("/console/events?from=2030-01-02T00:00&to=2030-01-01T00:00")
    assert backwards.status == 400 and "Start time must be before end time" in backwards.message
    typed = client.get("/console/events?from=yesterday")
    assert typed.status == 400 and "YYYY-MM-DDTHH:MM" in typed.message


@needs_chromium
def test_the_security_page_lists_recent_sign_ins_with_the_factor_and_address(server, iam, pages):
    person = console_user(iam, "ev-person", PASSWORD)
    first_ip = f"198.18.21.{next(_addresses)}"
    plain = ConsoleClient(server.endpoint, client_ip=first_ip)
    assert plain.sign_in(ACCOUNT_ID, person, PASSWORD).url.endswith("/console")  # no device yet: password alone
    wrong_ip = f"198.18.21.{next(_addresses)}"
    wrong = ConsoleClient(server.endpoint, client_ip=wrong_ip)
    assert wrong.sign_in(ACCOUNT_ID, person, "not-the-password").url.endswith("/console/signin")
    serial, seed = create_device(iam, unique("ev-person-dev"))
    wait_for_fresh_step()
    enable(iam, person, serial, seed)

    sign_in(pages, person, seed)
    pages.click("nav-security", "security")
    signins = pages.chrome.find_elements(By.CSS_SELECTOR, "#recent-sign-ins tr.sign-in")
    assert len(signins) == 3
    newest, failed, oldest = signins

    def td(row, name: str) -> str:
        return row.find_element(By.CSS_SELECTOR, f"td.{name}").text

    assert td(newest, "result") == "Success" and td(newest, "mfa").startswith("Yes")
    assert newest.find_element(By.CSS_SELECTOR, ".mfa-identifier").text == serial
    assert td(newest, "source-ip").startswith("192.0.2.")  # the browser's own address
    assert td(failed, "result").startswith("Failure") and td(failed, "source-ip") == wrong_ip
    assert "Failed authentication" in td(failed, "result") and td(failed, "mfa") == "No"
    assert td(oldest, "result") == "Success" and td(oldest, "mfa") == "No"
    assert td(oldest, "source-ip") == first_ip
    whole_page_shot(pages, "recent-sign-ins")

    # The record behind the newest row says the same, as AWS writes it.
    trail = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("cloudtrail", endpoint_url=server.endpoint, region_name=REGION)
    events = trail.lookup_events(LookupAttributes=[{"AttributeKey": "Username", "AttributeValue": person}])["Events"]
    logins = [json.loads(e["CloudTrailEvent"]) for e in events if e["EventName"] == "ConsoleLogin"]
    assert logins[0]["additionalEventData"]["MFAUsed"] == "Yes"
    assert logins[0]["additionalEventData"]["MFAIdentifier"] == serial



def test_lookup_events_pages_without_a_time_range(server, iam):
    """A paginator that gives no StartTime or EndTime repeats the same question on every page: its
    NextToken must still be accepted though the defaults (now, now less the retention) have moved."""
    target = unique("ev-pages")
    iam.create_user(UserName=target)
    for _ in range(60):
        iam.get_user(UserName=target)
    trail = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("cloudtrail", endpoint_url=server.endpoint,
                                                             region_name=REGION)
    pages = trail.get_paginator("lookup_events").paginate(
        LookupAttributes=[{"AttributeKey": "ResourceName", "AttributeValue": target}],
        PaginationConfig={"PageSize": 50})
    events = []
    for page in pages:
        events += page["Events"]
        time.sleep(0.6)  # the API's two lookups a second
    assert [e["EventName"] for e in events].count("GetUser") == 60
    assert len({e["EventId"] for e in events}) == len(events)
