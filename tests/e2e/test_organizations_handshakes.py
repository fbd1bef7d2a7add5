"""Organizations: invitations between accounts of one server, as handshakes, and leaving."""

from __future__ import annotations

from e2e_helpers import ACCOUNT_ID, aws_error
from org_helpers import HANDSHAKE_ID, Org, organization_fixture, root_id

org = organization_fixture("org-handshakes")


def invite(org: Org, account: str) -> dict:
    return org.organizations.invite_account_to_organization(
        Target={"Id": account, "Type": "ACCOUNT"}, Notes="join us")["Handshake"]


def test_invite_accept_and_leave(org: Org):
    account, root = org.standalone_account()
    invited = org.client(root, "organizations")
    handshake = invite(org, account)
    assert HANDSHAKE_ID.match(handshake["Id"]) and handshake["State"] == "OPEN"
    assert handshake["Action"] == "INVITE"
    assert {"Id": account, "Type": "ACCOUNT"} in handshake["Parties"]
    resources = handshake["Resources"][0]
    assert resources["Type"] == "ORGANIZATION"
    assert {"Type": "NOTES", "Value": "join us"} in resources["Resources"]
    assert [h["Id"] for h in invited.list_handshakes_for_account()["Handshakes"]] == [handshake["Id"]]
    assert invited.describe_handshake(HandshakeId=handshake["Id"])["Handshake"]["State"] == "OPEN"
    accepted = invited.accept_handshake(HandshakeId=handshake["Id"])["Handshake"]
    assert accepted["State"] == "ACCEPTED"
    with aws_error("HandshakeAlreadyInStateException", 400):
        invited.accept_handshake(HandshakeId=handshake["Id"])
    member = org.organizations.describe_account(AccountId=account)["Account"]
    assert member["JoinedMethod"] == "INVITED"
    assert account in [a["Id"] for a in org.organizations.list_accounts_for_parent(ParentId=root_id(org))["Accounts"]]
    with aws_error("DuplicateAccountException", 400):
        invite(org, account)
    invited.leave_organization()
    with aws_error("AWSOrganizationsNotInUseException"):
        invited.describe_organization()


def test_decline_and_cancel(org: Org):
    account, root = org.standalone_account()
    invited = org.client(root, "organizations")
    first = invite(org, account)
    with aws_error("DuplicateHandshakeException", 400):
        invite(org, account)
    assert invited.decline_handshake(HandshakeId=first["Id"])["Handshake"]["State"] == "DECLINED"
    with aws_error("InvalidHandshakeTransitionException", 400):
        invited.accept_handshake(HandshakeId=first["Id"])
    second = invite(org, account)
    assert org.organizations.cancel_handshake(HandshakeId=second["Id"])["Handshake"]["State"] == "CANCELED"
    listed = org.organizations.list_handshakes_for_organization(Filter={"ActionType": "INVITE"})["Handshakes"]
    assert {first["Id"], second["Id"]} <= {h["Id"] for h in listed}
    # Only a party sees a handshake.
    _, stranger = org.standalone_account()
    with aws_error("HandshakeNotFoundException", 400):
        org.client(stranger, "organizations").describe_handshake(HandshakeId=second["Id"])


def test_an_invitation_by_email(org: Org):
    account, root, email = org.standalone_account_with_email()
    handshake = org.organizations.invite_account_to_organization(
        Target={"Id": email, "Type": "EMAIL"})["Handshake"]
    assert {"Id": email, "Type": "EMAIL"} in handshake["Parties"]
    org.client(root, "organizations").accept_handshake(HandshakeId=handshake["Id"])
    org.organizations.remove_account_from_organization(AccountId=account)
    assert org.client(root, "organizations").list_handshakes_for_account()["Handshakes"][0]["State"] == "ACCEPTED"


def test_an_account_already_in_an_organization_cannot_be_invited(org: Org):
    account, root = org.standalone_account()
    org.client(root, "organizations").create_organization(FeatureSet="ALL")
    with aws_error("HandshakeConstraintViolationException", 400) as err:
        invite(org, account)
    assert err.response["Reason"] == "ALREADY_IN_AN_ORGANIZATION"


def test_the_management_account_cannot_leave(org: Org):
    with aws_error("MasterCannotLeaveOrganizationException", 400):
        org.organizations.leave_organization()
    assert org.organizations.describe_organization()["Organization"]["MasterAccountId"] == ACCOUNT_ID
