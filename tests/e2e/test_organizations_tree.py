"""Organizations: the organization itself, its root and OUs, and how accounts sit in the tree.

Every operation through boto3 against a running server, every error by code, Reason and HTTP
status, every limit at its edge (OU depth 5, name lengths, MaxResults 1..20).
"""

from __future__ import annotations

import json

import botocore.config
import pytest

from e2e_helpers import ACCOUNT_ID, ROOT_EMAIL, aws_error, cli_env, run_cli, unique, ADMIN_KEY_ID, ADMIN_SECRET
from org_helpers import OU_ID, ORG_ID, ROOT_ID, Org, organization_fixture, root_id

org = organization_fixture("org-tree")


def test_describe_organization(org: Org):
    described = org.organizations.describe_organization()["Organization"]
    assert ORG_ID.match(described["Id"])
    assert described["FeatureSet"] == "ALL"
    assert described["MasterAccountId"] == ACCOUNT_ID
    assert described["MasterAccountEmail"] == ROOT_EMAIL
    assert described["Arn"] == f"arn:aws:organizations::{ACCOUNT_ID}:organization/{described['Id']}"
    assert described["MasterAccountArn"] == (
        f"arn:aws:organizations::{ACCOUNT_ID}:account/{described['Id']}/{ACCOUNT_ID}")


def test_an_account_in_an_organization_cannot_create_another(org: Org):
    with aws_error("AlreadyInOrganizationException", 400):
        org.organizations.create_organization(FeatureSet="ALL")


def test_a_standalone_account_is_in_no_organization(org: Org):
    _, session = org.standalone_account()
    client = org.client(session, "organizations")
    with aws_error("AWSOrganizationsNotInUseException", 400, "not a member of an organization"):
        client.describe_organization()
    with aws_error("AWSOrganizationsNotInUseException", 400):
        client.list_accounts()


def test_an_organization_can_be_deleted_while_it_holds_only_its_management_account(org: Org):
    _, session = org.standalone_account()
    client = org.client(session, "organizations")
    created = client.create_organization(FeatureSet="CONSOLIDATED_BILLING")["Organization"]
    assert created["FeatureSet"] == "CONSOLIDATED_BILLING"
    client.create_organizational_unit(ParentId=client.list_roots()["Roots"][0]["Id"], Name="Goes")
    client.delete_organization()
    with aws_error("AWSOrganizationsNotInUseException"):
        client.describe_organization()


def test_an_organization_with_members_cannot_be_deleted(org: Org):
    org.create_account()
    with aws_error("OrganizationNotEmptyException", 400):
        org.organizations.delete_organization()


def test_one_root(org: Org):
    roots = org.organizations.list_roots()["Roots"]
    assert len(roots) == 1
    root = roots[0]
    assert ROOT_ID.match(root["Id"]) and root["Name"] == "Root"
    organization = org.organizations.describe_organization()["Organization"]["Id"]
    assert root["Arn"] == f"arn:aws:organizations::{ACCOUNT_ID}:root/{organization}/{root['Id']}"


def test_organizational_units_nest_five_deep(org: Org):
    parent = root_id(org)
    created = []
    for level in range(1, 6):
        unit = org.organizations.create_organizational_unit(ParentId=parent, Name=unique(f"l{level}"))
        unit = unit["OrganizationalUnit"]
        assert OU_ID.match(unit["Id"]) and unit["Id"].startswith("ou-" + parent[2:6] if level == 1 else "ou-")
        created.append(unit["Id"])
        parent = unit["Id"]
    with aws_error("ConstraintViolationException", 400) as err:
        org.organizations.create_organizational_unit(ParentId=parent, Name="too-deep")
    assert err.response["Reason"] == "OU_DEPTH_LIMIT_EXCEEDED"
    parents = org.organizations.list_parents(ChildId=created[-1])["Parents"]
    assert parents == [{"Id": created[-2], "Type": "ORGANIZATIONAL_UNIT"}]
    assert org.organizations.list_parents(ChildId=created[0])["Parents"] == [
        {"Id": root_id(org), "Type": "ROOT"}]


def test_organizational_unit_lifecycle(org: Org):
    client = org.organizations
    root = root_id(org)
    name = unique("team")
    unit = client.create_organizational_unit(ParentId=root, Name=name,
                                             Tags=[{"Key": "cost", "Value": "1"}])["OrganizationalUnit"]
    with aws_error("DuplicateOrganizationalUnitException", 400):
        client.create_organizational_unit(ParentId=root, Name=name)
    assert client.describe_organizational_unit(OrganizationalUnitId=unit["Id"])["OrganizationalUnit"] == unit
    renamed = client.update_organizational_unit(OrganizationalUnitId=unit["Id"], Name=name + "-x")
    assert renamed["OrganizationalUnit"]["Name"] == name + "-x"
    listed = client.list_organizational_units_for_parent(ParentId=root)["OrganizationalUnits"]
    assert unit["Id"] in [u["Id"] for u in listed]
    children = client.list_children(ParentId=root, ChildType="ORGANIZATIONAL_UNIT")["Children"]
    assert {"Id": unit["Id"], "Type": "ORGANIZATIONAL_UNIT"} in children
    inner = client.create_organizational_unit(ParentId=unit["Id"], Name="inner")["OrganizationalUnit"]
    with aws_error("OrganizationalUnitNotEmptyException", 400):
        client.delete_organizational_unit(OrganizationalUnitId=unit["Id"])
    client.delete_organizational_unit(OrganizationalUnitId=inner["Id"])
    client.delete_organizational_unit(OrganizationalUnitId=unit["Id"])
    with aws_error("OrganizationalUnitNotFoundException", 400):
        client.describe_organizational_unit(OrganizationalUnitId=unit["Id"])
    with aws_error("ParentNotFoundException", 400):
        client.create_organizational_unit(ParentId=unit["Id"], Name="orphan")


def test_organizational_unit_name_lengths(org: Org):
    root = root_id(org)
    org.organizations.create_organizational_unit(ParentId=root, Name=unique("n").ljust(128, "x")[:128])
    with aws_error("ValidationException", 400):
        org.organizations.create_organizational_unit(ParentId=root, Name="y" * 129)


def test_moving_accounts(org: Org):
    client = org.organizations
    root = root_id(org)
    account = org.create_account()
    unit = client.create_organizational_unit(ParentId=root, Name=unique("dest"))["OrganizationalUnit"]["Id"]
    client.move_account(AccountId=account, SourceParentId=root, DestinationParentId=unit)
    assert client.list_parents(ChildId=account)["Parents"] == [{"Id": unit, "Type": "ORGANIZATIONAL_UNIT"}]
    assert [a["Id"] for a in client.list_accounts_for_parent(ParentId=unit)["Accounts"]] == [account]
    assert client.list_children(ParentId=unit, ChildType="ACCOUNT")["Children"] == [
        {"Id": account, "Type": "ACCOUNT"}]
    with aws_error("DuplicateAccountException", 400):
        client.move_account(AccountId=account, SourceParentId=unit, DestinationParentId=unit)
    with aws_error("SourceParentNotFoundException", 400):
        client.move_account(AccountId=account, SourceParentId=root, DestinationParentId=root)
    with aws_error("DestinationParentNotFoundException", 400):
        client.move_account(AccountId=account, SourceParentId=unit, DestinationParentId="ou-abcd-12345678")
    with aws_error("AccountNotFoundException", 400):
        client.move_account(AccountId="999999999999", SourceParentId=unit, DestinationParentId=root)
    with aws_error("ChildNotFoundException", 400):
        client.list_parents(ChildId="999999999999")


def test_paging_through_children(org: Org):
    client = org.organizations
    parent = client.create_organizational_unit(ParentId=root_id(org), Name=unique("pages"))["OrganizationalUnit"]
    made = {client.create_organizational_unit(ParentId=parent["Id"], Name=f"c{i}")["OrganizationalUnit"]["Id"]
            for i in range(5)}
    seen, token = [], None
    while True:
        page = client.list_organizational_units_for_parent(
            ParentId=parent["Id"], MaxResults=2, **({"NextToken": token} if token else {}))
        assert len(page["OrganizationalUnits"]) <= 2
        seen += [u["Id"] for u in page["OrganizationalUnits"]]
        token = page.get("NextToken")
        if not token:
            break
    assert sorted(seen) == sorted(made)
    paginator = client.get_paginator("list_organizational_units_for_parent")
    assert {u["Id"] for p in paginator.paginate(ParentId=parent["Id"], PaginationConfig={"PageSize": 3})
            for u in p["OrganizationalUnits"]} == made
    with aws_error("InvalidInputException", 400) as err:
        client.list_organizational_units_for_parent(ParentId=parent["Id"], NextToken="not-a-token")
    assert err.response["Reason"] == "INVALID_NEXT_TOKEN"


def test_max_results_edges(org: Org):
    unchecked = org.admin.client("organizations", endpoint_url=org.server.endpoint, region_name="us-east-1",
                                 config=botocore.config.Config(parameter_validation=False, retries={"max_attempts": 1}))
    assert len(unchecked.list_roots(MaxResults=20)["Roots"]) == 1
    assert len(unchecked.list_roots(MaxResults=1)["Roots"]) == 1
    for bad in (0, 21):
        with aws_error("ValidationException", 400):
            unchecked.list_roots(MaxResults=bad)


def test_the_aws_cli(org: Org, tmp_path):
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET})
    described = run_cli(["organizations", "describe-organization", "--endpoint-url", org.server.endpoint], env)
    assert described.returncode == 0, described.stderr
    assert json.loads(described.stdout)["Organization"]["MasterAccountId"] == ACCOUNT_ID
    roots = run_cli(["organizations", "list-roots", "--endpoint-url", org.server.endpoint], env)
    assert json.loads(roots.stdout)["Roots"][0]["Name"] == "Root"
    bad = run_cli(["organizations", "describe-organizational-unit", "--organizational-unit-id",
                   "ou-abcd-12345678", "--endpoint-url", org.server.endpoint], env)
    assert bad.returncode != 0 and "OrganizationalUnitNotFoundException" in bad.stderr
