"""AssumeRole of another account's role is in both accounts' trails, as CloudTrail records it: the
caller's account has the call as made; the role's account has a copy whose userIdentity is only an
`AWSAccount` (the caller's principal id and account); both share one `sharedEventID`. A refused
attempt is in the role's account too, so a role's owner sees who tried to assume it."""

from __future__ import annotations

from e2e_helpers import ACCOUNT_ID, aws_error, dumps, unique
from org_helpers import Org, organization_fixture
from trail_helpers import lookup_all, records, since

org = organization_fixture("trail-cross-account", extra_args=["--lookup-events-per-second", "0"])


def assume_role_records(org: Org, session, role_arn: str) -> list[dict]:
    events = lookup_all(org.client(session, "cloudtrail"), "EventName", "AssumeRole", StartTime=since(60))
    return [r for r in records(events) if (r.get("requestParameters") or {}).get("roleArn") == role_arn]


def test_assume_role_across_accounts_is_recorded_in_both(org: Org):
    account = org.create_account()
    role_arn = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
    member = org.member_session(account)
    admin_id = org.client(org.admin, "iam").get_user()["User"]["UserId"]

    [caller_copy] = [r for r in assume_role_records(org, org.admin, role_arn) if r["recipientAccountId"] == ACCOUNT_ID]
    assert caller_copy["userIdentity"]["type"] == "IAMUser" and caller_copy["userIdentity"]["principalId"] == admin_id
    assert caller_copy["responseElements"]["assumedRoleUser"]["arn"].startswith(
        f"arn:aws:sts::{account}:assumed-role/OrganizationAccountAccessRole/")
    shared = caller_copy["sharedEventID"]

    in_member = assume_role_records(org, member, role_arn)
    [role_copy] = [r for r in in_member if r.get("sharedEventID") == shared]
    assert role_copy["recipientAccountId"] == account
    assert role_copy["userIdentity"] == {"type": "AWSAccount", "principalId": admin_id, "accountId": ACCOUNT_ID}
    assert role_copy["eventID"] != caller_copy["eventID"]
    for same in ("eventTime", "eventName", "eventSource", "requestID", "requestParameters", "responseElements",
                 "sourceIPAddress", "userAgent"):
        assert role_copy[same] == caller_copy[same], same
    keys = list(role_copy)
    assert keys.index("recipientAccountId") < keys.index("sharedEventID") < keys.index("eventCategory")


def test_a_refused_attempt_is_recorded_in_the_roles_account(org: Org):
    account = org.create_account()
    role_arn = f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"
    powerless = org.user_with_key(org.admin, policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    with aws_error("AccessDenied", 403):
        org.member_session(account, session=powerless)
    caller_id = org.client(powerless, "sts").get_caller_identity()["UserId"]
    member = org.member_session(account)
    refused = [r for r in assume_role_records(org, member, role_arn) if r.get("errorCode") == "AccessDenied"]
    assert len(refused) == 1, refused
    assert refused[0]["userIdentity"] == {"type": "AWSAccount", "principalId": caller_id, "accountId": ACCOUNT_ID}
    assert refused[0]["recipientAccountId"] == account


def test_assume_role_within_one_account_has_no_copy(org: Org):
    iam = org.client(org.admin, "iam")
    name = unique("same-account")
    iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Principal": {"AWS": f"arn:aws:iam::{ACCOUNT_ID}:root"}, "Action": "sts:AssumeRole"}]}))
    role_arn = f"arn:aws:iam::{ACCOUNT_ID}:role/{name}"
    org.client(org.admin, "sts").assume_role(RoleArn=role_arn, RoleSessionName="same")
    [record] = assume_role_records(org, org.admin, role_arn)
    assert "sharedEventID" not in record and record["userIdentity"]["type"] == "IAMUser"
