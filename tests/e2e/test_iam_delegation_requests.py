"""IAM temporary delegation, end to end with boto3: a partner account creates a delegation request from a
policy template of its own; a person of the customer account claims it, forwards it for approval, accepts
it and releases the trade-in token, which reaches the partner on its SNS topic (Rampart's outbox) and is
exchanged once with STS GetDelegatedAccessToken for credentials of the accepting identity, limited to the
rendered policy. Every refusal is checked for code, message and status; expiry runs on a shifted clock."""

from __future__ import annotations

import json
import time

import pytest

from e2e_helpers import ACCOUNT_ID, aws_error, session_from_credentials, unique
from org_helpers import Org, clock_shifter, organization_fixture
from trail_helpers import lookup_all, records, since

org = organization_fixture("iam-delegation", extra_args=["--lookup-events-per-second", "0"])

TEMPLATE = {
    "Version": "2012-10-17",
    "Statement": [
        {"Effect": "Allow", "Action": ["iam:GetUser", "iam:ListUsers"], "Resource": "*"},
        {"Effect": "Allow", "Action": "iam:GetRole", "Resource": "arn:aws:iam::*:role/@{roleName}"},
    ],
}


@pytest.fixture
def shift(org: Org, monkeypatch):
    yield from clock_shifter(org, monkeypatch)


@pytest.fixture(scope="module")
def partner(org: Org):
    """The partner: a standalone account, its root session and a policy template of its own."""
    account, session = org.standalone_account(unique("partner"))
    iam = org.client(session, "iam")
    arn = iam.create_policy(PolicyName=unique("tmpl"), PolicyDocument=json.dumps(TEMPLATE))["Policy"]["Arn"]
    return {"account": account, "session": session, "iam": iam, "sts": org.client(session, "sts"),
            "template": arn, "topic": f"arn:aws:sns:us-east-1:{account}:partner-topic-{unique('t')[-8:]}"}


def create(partner, **overrides) -> str:
    params = {
        "OwnerAccountId": ACCOUNT_ID, "Description": "Set up monitoring",
        "Permissions": {"PolicyTemplateArn": partner["template"],
                        "Parameters": [{"Name": "roleName", "Values": ["Monitor*"], "Type": "string"}]},
        "RequestorWorkflowId": unique("wf"), "NotificationChannel": partner["topic"], "SessionDuration": 900,
    }
    params.update(overrides)
    return partner["iam"].create_delegation_request(**params)["DelegationRequestId"]


def notices(org: Org, partner) -> list[dict]:
    folder = org.server.data_dir / "outbox" / partner["topic"].split(":")[-1]
    found = []
    for path in sorted(folder.glob("*.eml")) if folder.exists() else []:
        body = path.read_bytes().decode().split("\r\n\r\n", 1)[1]
        found.append(json.loads(body))
    return found


def released_token(org: Org, partner, request_id: str) -> str:
    [notice] = [n for n in notices(org, partner) if n["DelegationRequestId"] == request_id and n["State"] == "FINALIZED"]
    return notice["TradeInToken"]


def finalize(org: Org, partner, customer_iam, **overrides) -> str:
    request_id = create(partner, **overrides)
    customer_iam.associate_delegation_request(DelegationRequestId=request_id)
    customer_iam.accept_delegation_request(DelegationRequestId=request_id)
    customer_iam.send_delegation_token(DelegationRequestId=request_id)
    return request_id


def test_full_lifecycle_from_request_to_delegated_credentials(org: Org, partner):
    customer = org.client(org.admin, "iam")
    admin_arn = customer.get_user()["User"]["Arn"]
    request_id = create(partner, RequestMessage="Retry after the first was rejected")

    got = partner["iam"].get_delegation_request(DelegationRequestId=request_id)["DelegationRequest"]
    assert got["State"] == "UNASSIGNED" and got["RequestorId"] == partner["account"]
    assert got["OwnerAccountId"] == ACCOUNT_ID and "OwnerId" not in got
    assert json.loads(got["PermissionPolicy"])["Statement"][1]["Resource"] == "arn:aws:iam::*:role/Monitor*"
    assert (got["ExpirationTime"] - got["CreateDate"]).total_seconds() == 86400
    assert got["Permissions"]["Parameters"] == [{"Name": "roleName", "Values": ["Monitor*"], "Type": "string"}]

    customer.associate_delegation_request(DelegationRequestId=request_id)
    customer.update_delegation_request(DelegationRequestId=request_id, Notes="Please approve: monitoring setup")
    got = customer.get_delegation_request(DelegationRequestId=request_id, DelegationPermissionCheck=True)
    assert got["DelegationRequest"]["State"] == "PENDING_APPROVAL"
    assert got["DelegationRequest"]["OwnerId"] == admin_arn
    assert got["DelegationRequest"]["Notes"] == "Please approve: monitoring setup"
    assert (got["PermissionCheckStatus"], got["PermissionCheckResult"]) == ("COMPLETE", "ALLOWED")

    customer.accept_delegation_request(DelegationRequestId=request_id)
    got = customer.get_delegation_request(DelegationRequestId=request_id)["DelegationRequest"]
    assert got["State"] == "ACCEPTED" and got["ApproverId"] == admin_arn
    customer.send_delegation_token(DelegationRequestId=request_id)
    assert customer.get_delegation_request(
        DelegationRequestId=request_id)["DelegationRequest"]["State"] == "FINALIZED"
    states = [n["State"] for n in notices(org, partner) if n["DelegationRequestId"] == request_id]
    assert sorted(states) == ["ACCEPTED", "ASSIGNED", "FINALIZED", "PENDING_APPROVAL"]

    token = released_token(org, partner, request_id)
    answer = partner["sts"].get_delegated_access_token(TradeInToken=token)
    assert answer["AssumedPrincipal"] == admin_arn
    creds = answer["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")
    delegated = session_from_credentials(creds)
    assert org.client(delegated, "sts").get_caller_identity()["Arn"] == admin_arn
    delegated_iam = org.client(delegated, "iam")
    assert delegated_iam.list_users()["Users"]
    # The rendered policy bounds the session: the admin may list roles, the delegated session may not.
    with aws_error("AccessDenied", 403):
        delegated_iam.list_roles()

    with aws_error("ExpiredTradeInTokenException", 400,
                   "The trade-in token has expired or has already been exchanged."):
        partner["sts"].get_delegated_access_token(TradeInToken=token)


def test_trade_in_token_is_verified_and_only_for_the_partner(org: Org, partner):
    customer = org.client(org.admin, "iam")
    request_id = finalize(org, partner, customer)
    token = released_token(org, partner, request_id)
    tampered = token[:-6] + ("AAAAAA" if not token.endswith("AAAAAA") else "BBBBBB")
    for bad in (tampered, "not-a-token", token + "x"):
        with aws_error("InvalidParameterValue", 400, "The trade-in token is not valid."):
            partner["sts"].get_delegated_access_token(TradeInToken=bad)
    # The customer's own account cannot trade the partner's token in; the refusal does not use it up.
    with aws_error("InvalidParameterValue", 400, "The trade-in token is not valid."):
        org.client(org.admin, "sts").get_delegated_access_token(TradeInToken=token)
    assert partner["sts"].get_delegated_access_token(TradeInToken=token)["Credentials"]


def test_credentials_die_with_the_accepting_identity(org: Org, partner):
    person_session = org.user_with_key(org.admin)
    person = org.client(person_session, "iam")
    name = person.get_user()["User"]["UserName"]
    request_id = finalize(org, partner, person)
    creds = partner["sts"].get_delegated_access_token(
        TradeInToken=released_token(org, partner, request_id))["Credentials"]
    delegated = org.client(session_from_credentials(creds), "iam")
    assert delegated.get_user(UserName=name)
    admin = org.client(org.admin, "iam")
    for key in admin.list_access_keys(UserName=name)["AccessKeyMetadata"]:
        admin.delete_access_key(UserName=name, AccessKeyId=key["AccessKeyId"])
    admin.detach_user_policy(UserName=name, PolicyArn="arn:aws:iam::aws:policy/AdministratorAccess")
    admin.delete_user(UserName=name)
    admin.create_user(UserName=name)  # another user under the same name
    with aws_error("InvalidClientTokenId", 403):
        delegated.get_user(UserName=name)


def test_create_refusals(org: Org, partner):
    workflow = unique("wf")
    create(partner, RequestorWorkflowId=workflow)
    with aws_error("EntityAlreadyExists", 409,
                   f"A delegation request with RequestorWorkflowId {workflow} already exists."):
        create(partner, RequestorWorkflowId=workflow)
    with aws_error("InvalidInput", 400, "Missing value for parameter roleName."):
        create(partner, Permissions={"PolicyTemplateArn": partner["template"]})
    with aws_error("InvalidInput", 400, "The policy template has no parameter named extraName."):
        create(partner, Permissions={"PolicyTemplateArn": partner["template"], "Parameters": [
            {"Name": "roleName", "Values": ["A"], "Type": "string"},
            {"Name": "extraName", "Values": ["B"], "Type": "string"}]})
    with aws_error("InvalidInput", 400, "Parameter roleName must have exactly one value where it is used."):
        create(partner, Permissions={"PolicyTemplateArn": partner["template"], "Parameters": [
            {"Name": "roleName", "Values": ["A", "B"], "Type": "stringList"}]})
    with aws_error("LimitExceeded", 409, "Cannot exceed quota for DelegationPolicySize: 2048"):
        create(partner, Permissions={"PolicyTemplateArn": partner["template"], "Parameters": [
            {"Name": "roleName", "Values": ["r" * 2000], "Type": "string"}]})
    managed = "arn:aws:iam::aws:policy/ReadOnlyAccess"
    with aws_error("InvalidInput", 400,
                   f"PolicyTemplateArn {managed} is not a policy template of account {partner['account']}."):
        create(partner, Permissions={"PolicyTemplateArn": managed})
    missing = f"arn:aws:iam::{partner['account']}:policy/missing-template"
    with aws_error("NoSuchEntity", 404, f"Policy {missing} does not exist or is not attachable."):
        create(partner, Permissions={"PolicyTemplateArn": missing})
    with aws_error("InvalidInput", 400, "Permissions must include a PolicyTemplateArn."):
        create(partner, Permissions={"Parameters": [{"Name": "roleName", "Values": ["A"], "Type": "string"}]})
    # botocore sends nothing for an empty structure: the required member is missing.
    with aws_error("ValidationError", 400, "Value at 'permissions' failed to satisfy constraint: Member must not be null"):
        create(partner, Permissions={})
    with aws_error("InvalidInput", 400, "NotificationChannel partner-topic is not an SNS topic ARN."):
        create(partner, NotificationChannel="partner-topic")


@pytest.mark.parametrize("duration,accepted", [(299, False), (300, True), (43200, True), (43201, False)])
def test_session_duration_edges(partner, duration, accepted):
    if accepted:
        assert create(partner, SessionDuration=duration)
        return
    bound = "greater than or equal to 300" if duration < 300 else "less than or equal to 43200"
    with aws_error("ValidationError", 400,
                   f"1 validation error detected: Value at 'sessionDuration' failed to satisfy constraint: "
                   f"Member must have value {bound}"):
        create(partner, SessionDuration=duration)


def test_state_refusals(org: Org, partner):
    customer = org.client(org.admin, "iam")
    request_id = create(partner)
    with aws_error("InvalidInput", 400, f"The delegation request {request_id} is in state UNASSIGNED."):
        customer.accept_delegation_request(DelegationRequestId=request_id)
    customer.associate_delegation_request(DelegationRequestId=request_id)
    with aws_error("InvalidInput", 400, f"The delegation request {request_id} is in state ASSIGNED."):
        customer.associate_delegation_request(DelegationRequestId=request_id)
    with aws_error("InvalidInput", 400, f"The delegation request {request_id} is in state ASSIGNED."):
        customer.send_delegation_token(DelegationRequestId=request_id)
    customer.accept_delegation_request(DelegationRequestId=request_id)
    customer.reject_delegation_request(DelegationRequestId=request_id, Notes="Changed our mind")
    got = customer.get_delegation_request(DelegationRequestId=request_id)["DelegationRequest"]
    assert got["State"] == "REJECTED" and got["RejectionReason"] == "Changed our mind" and "ApproverId" not in got
    for operation in (customer.accept_delegation_request, customer.update_delegation_request,
                      customer.send_delegation_token, customer.reject_delegation_request):
        with aws_error("InvalidInput", 400, f"The delegation request {request_id} is in state REJECTED."):
            operation(DelegationRequestId=request_id)
    missing = "dr-" + "0" * 32
    with aws_error("NoSuchEntity", 404, f"The delegation request {missing} cannot be found."):
        customer.get_delegation_request(DelegationRequestId=missing)
    with aws_error("ValidationError", 400):
        customer.get_delegation_request(DelegationRequestId="short")


def test_other_accounts_see_nothing(org: Org, partner):
    request_id = create(partner)
    _, stranger = org.standalone_account(unique("stranger"))
    stranger_iam = org.client(stranger, "iam")
    for call in (stranger_iam.get_delegation_request, stranger_iam.associate_delegation_request):
        with aws_error("NoSuchEntity", 404, f"The delegation request {request_id} cannot be found."):
            call(DelegationRequestId=request_id)
    # An untargeted request may be claimed by any account, and is then that account's alone.
    open_id = partner["iam"].create_delegation_request(
        Description="Anyone", Permissions={"PolicyTemplateArn": partner["template"], "Parameters": [
            {"Name": "roleName", "Values": ["x"], "Type": "string"}]},
        RequestorWorkflowId=unique("wf"), NotificationChannel=partner["topic"],
        SessionDuration=900)["DelegationRequestId"]
    stranger_iam.associate_delegation_request(DelegationRequestId=open_id)
    with aws_error("NoSuchEntity", 404, f"The delegation request {open_id} cannot be found."):
        org.client(org.admin, "iam").get_delegation_request(DelegationRequestId=open_id)


def test_only_send_by_owner(org: Org, partner):
    customer = org.client(org.admin, "iam")
    request_id = create(partner, OnlySendByOwner=True)
    customer.associate_delegation_request(DelegationRequestId=request_id)
    other = org.client(org.user_with_key(org.admin), "iam")
    other.accept_delegation_request(DelegationRequestId=request_id)
    with aws_error("AccessDenied", 403,
                   f"Only the owner of delegation request {request_id} may send its delegation token."):
        other.send_delegation_token(DelegationRequestId=request_id)
    customer.send_delegation_token(DelegationRequestId=request_id)


def test_list_pages_and_filters(org: Org, partner):
    customer = org.client(org.admin, "iam")
    admin_arn = customer.get_user()["User"]["Arn"]
    ids = [create(partner) for _ in range(3)]
    for request_id in ids:
        customer.associate_delegation_request(DelegationRequestId=request_id)
    listed = []
    marker = None
    while True:
        page = customer.list_delegation_requests(MaxItems=1, **({"Marker": marker} if marker else {}))
        assert len(page["DelegationRequests"]) <= 1
        listed += [r["DelegationRequestId"] for r in page["DelegationRequests"]]
        if not page.get("isTruncated"):
            break
        marker = page["Marker"]
    assert set(ids) <= set(listed) and len(listed) == len(set(listed))
    owned = customer.list_delegation_requests(OwnerId=admin_arn, MaxItems=1000)["DelegationRequests"]
    assert set(ids) <= {r["DelegationRequestId"] for r in owned}
    assert customer.list_delegation_requests(OwnerId=f"arn:aws:iam::{ACCOUNT_ID}:user/nobody")[
        "DelegationRequests"] == []
    mine = partner["iam"].list_delegation_requests(MaxItems=1000)["DelegationRequests"]
    assert set(ids) <= {r["DelegationRequestId"] for r in mine}
    for bad in (0, 1001):
        with aws_error("ValidationError", 400):
            customer.list_delegation_requests(MaxItems=bad)


def test_requests_expire(org: Org, partner, shift):
    customer = org.client(org.admin, "iam")
    unclaimed = create(partner)
    claimed = create(partner)
    customer.associate_delegation_request(DelegationRequestId=claimed)
    short = finalize(org, partner, customer, SessionDuration=300)
    token = released_token(org, partner, short)
    shift(301)
    with aws_error("ExpiredTradeInTokenException", 400):
        partner["sts"].get_delegated_access_token(TradeInToken=token)
    shift(86400 + 1)
    assert customer.get_delegation_request(DelegationRequestId=unclaimed)["DelegationRequest"]["State"] == "EXPIRED"
    assert customer.get_delegation_request(DelegationRequestId=claimed)["DelegationRequest"]["State"] == "ASSIGNED"
    with aws_error("InvalidInput", 400, f"The delegation request {unclaimed} has expired."):
        customer.associate_delegation_request(DelegationRequestId=unclaimed)
    shift(7 * 86400 + 1)
    assert customer.get_delegation_request(DelegationRequestId=claimed)["DelegationRequest"]["State"] == "EXPIRED"
    assert customer.get_delegation_request(DelegationRequestId=short)["DelegationRequest"]["State"] == "EXPIRED"


def test_state_changes_are_in_the_trail_without_the_token(org: Org, partner):
    customer = org.client(org.admin, "iam")
    request_id = finalize(org, partner, customer)
    token = released_token(org, partner, request_id)
    partner["sts"].get_delegated_access_token(TradeInToken=token)
    trail = org.client(org.admin, "cloudtrail")
    for name in ("AssociateDelegationRequest", "AcceptDelegationRequest", "SendDelegationToken"):
        deadline = time.monotonic() + 10
        while True:
            found = [r for r in records(lookup_all(trail, "EventName", name, StartTime=since(120)))
                     if (r.get("requestParameters") or {}).get("delegationRequestId") == request_id]
            if found or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert len(found) == 1, name
    partner_trail = org.client(partner["session"], "cloudtrail")
    exchanged = records(lookup_all(partner_trail, "EventName", "GetDelegatedAccessToken", StartTime=since(120)))
    assert exchanged and all(token not in json.dumps(r) for r in exchanged)
    assert all("secretAccessKey" not in json.dumps(r.get("responseElements")) for r in exchanged)


def test_with_the_aws_cli(org: Org, partner, tmp_path):
    """The aws CLI (v1, whose bundled model has the delegation operations) drives the customer's side."""
    from e2e_helpers import ADMIN_KEY_ID, ADMIN_SECRET, cli_env, run_cli
    request_id = create(partner)
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET})
    base = ["--endpoint-url", org.server.endpoint, "--output", "json", "iam"]
    for command in ("associate-delegation-request", "accept-delegation-request"):
        done = run_cli(base + [command, "--delegation-request-id", request_id], env)
        assert done.returncode == 0, done.stderr
    done = run_cli(base + ["get-delegation-request", "--delegation-request-id", request_id], env)
    assert json.loads(done.stdout)["DelegationRequest"]["State"] == "ACCEPTED"
    done = run_cli(base + ["update-delegation-request", "--delegation-request-id", request_id], env)
    assert done.returncode != 0 and "(InvalidInput)" in done.stderr
    assert f"The delegation request {request_id} is in state ACCEPTED." in done.stderr


def test_human_readable_summary_of_a_request(org: Org, partner):
    request_id = create(partner)
    arn = f"arn:aws:iam::{partner['account']}:delegation-request/{request_id}"
    answer = org.client(org.admin, "iam").get_human_readable_summary(EntityArn=arn, Locale="de-DE")
    assert (answer["SummaryState"], answer["Locale"], answer.get("SummaryContent", "")) == (
        "NOT_SUPPORTED", "de-DE", "")
    _, stranger = org.standalone_account(unique("stranger"))
    with aws_error("NoSuchEntity", 404, f"The delegation request {arn} cannot be found."):
        org.client(stranger, "iam").get_human_readable_summary(EntityArn=arn)
