"""Organizations: accounts. CreateAccount's asynchronous life (polled as clients poll it), the
accounts it makes (root without a password, OrganizationAccountAccessRole reachable from the
management account, and only as the caller's own policies allow), listing, closing, removing,
and the account quota at its edge.
"""

from __future__ import annotations


from e2e_helpers import ACCOUNT_ID, aws_error, dumps, unique
from org_helpers import CAR_ID, Org, organization_fixture, root_id

org = organization_fixture("org-accounts")


def test_create_account_runs_asynchronously_and_succeeds(org: Org):
    client = org.organizations
    name = unique("acct")[:50]
    started = client.create_account(Email=f"{name}@example.com", AccountName=name,
                                    Tags=[{"Key": "env", "Value": "dev"}])["CreateAccountStatus"]
    assert CAR_ID.match(started["Id"]) and started["State"] == "IN_PROGRESS"
    assert started["AccountName"] == name and "RequestedTimestamp" in started
    done = org.wait(started["Id"])
    assert done["State"] == "SUCCEEDED" and len(done["AccountId"]) == 12 and "CompletedTimestamp" in done
    account = client.describe_account(AccountId=done["AccountId"])["Account"]
    organization = client.describe_organization()["Organization"]["Id"]
    assert account["Email"] == f"{name}@example.com"
    assert account["Name"] == name
    assert account["Status"] == "ACTIVE" and account["State"] == "ACTIVE"
    assert account["JoinedMethod"] == "CREATED"
    assert account["Arn"] == f"arn:aws:organizations::{ACCOUNT_ID}:account/{organization}/{done['AccountId']}"
    assert client.list_tags_for_resource(ResourceId=done["AccountId"])["Tags"] == [{"Key": "env", "Value": "dev"}]
    listed = client.list_create_account_status(States=["SUCCEEDED"])["CreateAccountStatuses"]
    assert started["Id"] in [s["Id"] for s in listed]
    assert done["AccountId"] in [a["Id"] for a in client.list_accounts_for_parent(ParentId=root_id(org))["Accounts"]]


def test_the_same_email_twice_fails_with_its_reason(org: Org):
    name = unique("dup")[:40]
    org.organizations.create_account(Email=f"{name}@example.com", AccountName=name)
    again = org.organizations.create_account(Email=f"{name}@example.com", AccountName=name + "2")
    done = org.wait(again["CreateAccountStatus"]["Id"])
    assert done["State"] == "FAILED" and done["FailureReason"] == "EMAIL_ALREADY_EXISTS"
    failed = org.organizations.list_create_account_status(States=["FAILED"])["CreateAccountStatuses"]
    assert done["Id"] in [s["Id"] for s in failed]


def test_unknown_requests_and_accounts(org: Org):
    with aws_error("CreateAccountStatusNotFoundException", 400):
        org.organizations.describe_create_account_status(CreateAccountRequestId="car-" + "a" * 32)
    with aws_error("AccountNotFoundException", 400):
        org.organizations.describe_account(AccountId="999999999999")


def test_create_account_validation_at_the_edges(org: Org):
    base = unique("v")[:10]
    with aws_error("ValidationException", 400):
        org.organizations.create_account(Email=f"{base}@example.com", AccountName="x" * 51)
    status = org.organizations.create_account(Email=f"{base}@example.com", AccountName="x" * 50)
    assert org.wait(status["CreateAccountStatus"]["Id"])["State"] == "SUCCEEDED"
    with aws_error("ValidationException", 400):
        org.organizations.create_account(Email="not-an-email", AccountName="bad")


def test_the_management_account_reaches_a_new_account_through_its_role(org: Org):
    account = org.create_account()
    member = org.member_session(account)
    identity = org.client(member, "sts").get_caller_identity()
    assert identity["Account"] == account
    assert identity["Arn"].startswith(f"arn:aws:sts::{account}:assumed-role/OrganizationAccountAccessRole/")
    iam = org.client(member, "iam")
    iam.create_user(UserName="made-in-member")
    assert [u["UserName"] for u in iam.list_users()["Users"]] == ["made-in-member"]
    # Nothing of the member is visible from the management account's own IAM.
    assert "made-in-member" not in [u["UserName"] for u in org.client(org.admin, "iam").list_users()["Users"]]


def test_a_custom_role_name(org: Org):
    account = org.create_account(RoleName="CorpAccess")
    org.member_session(account, role="CorpAccess")
    with aws_error("AccessDenied", 403):
        org.member_session(account)


def test_trust_alone_does_not_open_a_role_across_accounts(org: Org):
    """The role trusts the management account's root; a management user also needs its own
    permission to call sts:AssumeRole on that role."""
    account = org.create_account()
    powerless = org.user_with_key(org.admin, policy_arn="arn:aws:iam::aws:policy/ReadOnlyAccess")
    with aws_error("AccessDenied", 403):
        org.member_session(account, session=powerless)
    iam = org.client(org.admin, "iam")
    name = unique("assumer")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="assume", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                                                "Resource": f"arn:aws:iam::{account}:role/OrganizationAccountAccessRole"}]}))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    from e2e_helpers import make_session
    allowed = make_session(key["AccessKeyId"], key["SecretAccessKey"])
    assert org.client(org.member_session(account, session=allowed), "sts").get_caller_identity()["Account"] == account


def test_members_cannot_manage_the_organization(org: Org):
    account = org.create_account()
    member = org.client(org.member_session(account), "organizations")
    assert member.describe_organization()["Organization"]["MasterAccountId"] == ACCOUNT_ID
    with aws_error("AccessDeniedException", 400):
        member.list_accounts()
    with aws_error("AccessDeniedException", 400):
        member.create_organizational_unit(ParentId=root_id(org), Name="nope")


def test_close_account(org: Org):
    account = org.create_account()
    inside = org.client(org.member_session(account), "iam")
    inside.list_users()
    org.organizations.close_account(AccountId=account)
    with aws_error("AccessDenied", 403, "suspended"):
        inside.list_users()
    described = org.organizations.describe_account(AccountId=account)["Account"]
    assert described["State"] == "SUSPENDED" and described["Status"] == "SUSPENDED"
    with aws_error("AccountAlreadyClosedException", 400):
        org.organizations.close_account(AccountId=account)
    with aws_error("ConstraintViolationException", 400) as err:
        org.organizations.close_account(AccountId=ACCOUNT_ID)
    assert err.response["Reason"] == "CANNOT_CLOSE_MANAGEMENT_ACCOUNT"


def test_remove_account_from_organization(org: Org):
    account = org.create_account()
    org.organizations.remove_account_from_organization(AccountId=account)
    with aws_error("AccountNotFoundException"):
        org.organizations.describe_account(AccountId=account)
    with aws_error("MasterCannotLeaveOrganizationException", 400):
        org.organizations.remove_account_from_organization(AccountId=ACCOUNT_ID)


def test_list_accounts_holds_the_management_account_and_pages(org: Org):
    for _ in range(3):
        org.create_account()
    seen, token = [], None
    while True:
        page = org.organizations.list_accounts(MaxResults=2, **({"NextToken": token} if token else {}))
        seen += page["Accounts"]
        token = page.get("NextToken")
        if not token:
            break
    ids = [a["Id"] for a in seen]
    assert ACCOUNT_ID in ids and len(ids) == len(set(ids)) >= 4
    management = next(a for a in seen if a["Id"] == ACCOUNT_ID)
    assert management["JoinedMethod"] == "CREATED"


def test_govcloud_accounts_come_in_pairs(org: Org):
    name = unique("gov")[:40]
    status = org.organizations.create_gov_cloud_account(Email=f"{name}@example.com", AccountName=name)
    done = org.wait(status["CreateAccountStatus"]["Id"])
    assert done["State"] == "SUCCEEDED"
    assert len(done["GovCloudAccountId"]) == 12 and done["GovCloudAccountId"] != done["AccountId"]


small = organization_fixture("org-quota", extra_args=["--max-organization-accounts", "3"])


def test_the_account_quota_at_its_edge(small: Org):
    small.create_account()
    small.create_account()  # the management account and two members: three, the quota
    with aws_error("ConstraintViolationException", 400) as err:
        small.organizations.create_account(Email=f"{unique('over')}@example.com", AccountName="over")
    assert err.response["Reason"] == "ACCOUNT_NUMBER_LIMIT_EXCEEDED"


def test_trust_policies_can_name_the_organization(org: Org):
    """A role trusting every principal of the organization (aws:PrincipalOrgID, aws:PrincipalOrgPaths)
    opens to the management account's administrator and stays shut to a standalone account."""
    organization = org.organizations.describe_organization()["Organization"]["Id"]
    root = root_id(org)
    account = org.create_account()
    member_iam = org.client(org.member_session(account), "iam")
    for name, condition in (
            ("OrgWide", {"StringEquals": {"aws:PrincipalOrgID": organization}}),
            ("OrgPath", {"ForAnyValue:StringLike": {"aws:PrincipalOrgPaths": [f"{organization}/{root}/*"]}})):
        member_iam.create_role(RoleName=name, AssumeRolePolicyDocument=dumps({
            "Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"},
                                                    "Action": "sts:AssumeRole", "Condition": condition}]}))
        assert org.client(org.member_session(account, role=name), "sts").get_caller_identity()["Account"] == account
        _, outsider_root = org.standalone_account()
        outsider = org.user_with_key(outsider_root)
        with aws_error("AccessDenied", 403):
            org.member_session(account, session=outsider, role=name)
