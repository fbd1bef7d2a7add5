"""IAM's access advisor for Organizations entities: GenerateOrganizationsAccessReport and
GetOrganizationsAccessReport, on a server of its own whose operator account manages an organization.

What AWS documents (API reference and the IAM User Guide's "Refine permissions using last accessed
information"): called from the management account with SCPs enabled; the entity path is
`o-…/r-…[/ou-…]*[/ACCOUNT]`; the root's and an OU's reports list the services the SCPs from the root down
to the entity allow and count every account beneath except the management account; a member account's
report counts only that account; the management account's report lists every service (SCPs do not limit
it) and ignores a policy id; with a policy id the report lists what that SCP allows and counts only the
accounts it applies to. Results are sorted by namespace unless SortKey says otherwise. The codes are the
model's; the messages of the refusals are Rampart's (no public record quotes AWS's)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, aws_error, cli_env, run_cli, unique, utcnow, wait_until
from org_helpers import Org, organization_fixture, root_id

org = organization_fixture("org-access-report")
bare_org = organization_fixture("org-access-report-bare")

SERVED = {"cloudtrail", "config", "iam", "organizations", "sts"}
JOB_TIMEOUT = 20.0


def scp(org: Org, *actions: str) -> str:
    content = json.dumps({"Version": "2012-10-17",
                          "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]})
    created = org.organizations.create_policy(Name=unique("scp"), Description="report", Content=content,
                                              Type="SERVICE_CONTROL_POLICY")
    return created["Policy"]["PolicySummary"]["Id"]


@pytest.fixture(scope="module")
def tree(org: Org):
    """SCPs enabled; an OU holding a member account that has called IAM (listing its users)."""
    client = org.organizations
    root = root_id(org)
    client.enable_policy_type(RootId=root, PolicyType="SERVICE_CONTROL_POLICY")
    org_id = client.describe_organization()["Organization"]["Id"]
    unit = client.create_organizational_unit(ParentId=root, Name=unique("ou"))["OrganizationalUnit"]["Id"]
    account = org.create_account()
    client.move_account(AccountId=account, SourceParentId=root, DestinationParentId=unit)
    member = org.member_session(account)
    org.client(member, "iam").list_users()
    org.client(org.admin, "iam").get_account_summary()  # the management account's own attempt
    return {"org": org_id, "root": root, "unit": unit, "account": account, "member": member,
            "iam": org.client(org.admin, "iam")}


def finished(iam, job_id: str, **kwargs) -> dict:
    def done():
        reply = iam.get_organizations_access_report(JobId=job_id, **kwargs)
        return reply if reply["JobStatus"] != "IN_PROGRESS" else None
    reply = wait_until(done, timeout=JOB_TIMEOUT, interval=0.2)
    assert reply, f"job {job_id} still IN_PROGRESS after {JOB_TIMEOUT}s"
    assert reply["JobStatus"] == "COMPLETED", reply
    return reply


def report(iam, path: str, policy: str | None = None, **kwargs) -> dict:
    extra = {"OrganizationsPolicyId": policy} if policy else {}
    job = iam.generate_organizations_access_report(EntityPath=path, **extra)["JobId"]
    assert len(job) == 36
    return finished(iam, job, **kwargs)


def by_namespace(reply: dict) -> dict:
    return {detail["ServiceNamespace"]: detail for detail in reply["AccessDetails"]}


def report_with_attempt(iam, path: str, namespace: str, **kwargs) -> dict:
    """Regenerates until the trail shows the attempt (reads are recorded a moment after they answer)."""
    def seen():
        reply = report(iam, path, **kwargs)
        return reply if "LastAuthenticatedTime" in by_namespace(reply).get(namespace, {}) else None
    reply = wait_until(seen, timeout=JOB_TIMEOUT, interval=0.5)
    assert reply, f"no attempt of {namespace} reported for {path}"
    return reply


def test_root_report_counts_members_not_the_management_account(tree):
    iam = tree["iam"]
    before = utcnow() - dt.timedelta(minutes=5)
    path = f"{tree['org']}/{tree['root']}"
    reply = report_with_attempt(iam, path, "iam")
    assert reply["JobCreationDate"] <= reply["JobCompletionDate"]
    assert reply["IsTruncated"] is False
    services = by_namespace(reply)
    assert set(services) == SERVED, "FullAWSAccess allows every service"
    assert [d["ServiceNamespace"] for d in reply["AccessDetails"]] == sorted(SERVED)
    used = services["iam"]
    assert used["ServiceName"] == "AWS Identity and Access Management"
    assert used["EntityPath"] == f"{tree['org']}/{tree['root']}/{tree['unit']}/{tree['account']}"
    assert used["Region"] == "us-east-1"
    assert used["LastAuthenticatedTime"] >= before
    assert used["TotalAuthenticatedEntities"] == 1, "the management account's own calls do not count"
    unused = services["config"]
    assert "LastAuthenticatedTime" not in unused and "EntityPath" not in unused and "Region" not in unused
    assert unused["TotalAuthenticatedEntities"] == 0
    assert reply["NumberOfServicesAccessible"] == len(SERVED)
    assert reply["NumberOfServicesNotAccessed"] == sum(1 for d in services.values() if "LastAuthenticatedTime" not in d)


def test_ou_and_member_account_reports(tree):
    iam = tree["iam"]
    unit_path = f"{tree['org']}/{tree['root']}/{tree['unit']}"
    assert by_namespace(report_with_attempt(iam, unit_path, "iam"))["iam"]["TotalAuthenticatedEntities"] == 1
    account_path = f"{unit_path}/{tree['account']}"
    account_report = by_namespace(report_with_attempt(iam, account_path, "iam"))
    assert account_report["iam"]["EntityPath"] == account_path


def test_management_account_report_lists_every_service_and_ignores_the_policy(tree, org):
    iam = tree["iam"]
    path = f"{tree['org']}/{tree['root']}/{ACCOUNT_ID}"
    reply = report_with_attempt(iam, path, "iam")
    assert set(by_namespace(reply)) == SERVED
    assert by_namespace(reply)["iam"]["EntityPath"] == path
    narrow = scp(org, "sts:*")
    assert set(by_namespace(report(iam, path, narrow))) == SERVED


def test_every_level_from_the_root_must_allow(tree, org):
    iam = tree["iam"]
    client = org.organizations
    unit = client.create_organizational_unit(ParentId=tree["root"], Name=unique("narrow"))["OrganizationalUnit"]["Id"]
    narrow = scp(org, "iam:*", "sts:GetCallerIdentity")
    client.attach_policy(PolicyId=narrow, TargetId=unit)
    client.detach_policy(PolicyId="p-FullAWSAccess", TargetId=unit)
    services = by_namespace(report(iam, f"{tree['org']}/{tree['root']}/{unit}"))
    assert set(services) == {"iam", "sts"}
    assert all(d["TotalAuthenticatedEntities"] == 0 for d in services.values()), "no account in the OU"


def test_policy_report_counts_only_accounts_the_policy_applies_to(tree, org):
    iam = tree["iam"]
    client = org.organizations
    policy = scp(org, "iam:List*", "organizations:Describe*")
    root_path = f"{tree['org']}/{tree['root']}"
    unattached = by_namespace(report(iam, root_path, policy))
    assert set(unattached) == {"iam", "organizations"}
    assert all(d["TotalAuthenticatedEntities"] == 0 for d in unattached.values()), "applies to no account yet"
    client.attach_policy(PolicyId=policy, TargetId=tree["account"])
    attached = by_namespace(report_with_attempt(iam, root_path, "iam", policy=policy))
    assert attached["iam"]["TotalAuthenticatedEntities"] == 1
    client.detach_policy(PolicyId=policy, TargetId=tree["account"])


def test_sort_keys_and_paging(tree):
    iam = tree["iam"]
    path = f"{tree['org']}/{tree['root']}"

    def job_with_attempt():
        job = iam.generate_organizations_access_report(EntityPath=path)["JobId"]
        return job if "LastAuthenticatedTime" in by_namespace(finished(iam, job))["iam"] else None
    job = wait_until(job_with_attempt, timeout=JOB_TIMEOUT, interval=0.5)
    assert job
    names = lambda reply: [d["ServiceNamespace"] for d in reply["AccessDetails"]]  # noqa: E731
    assert names(finished(iam, job, SortKey="SERVICE_NAMESPACE_DESCENDING")) == sorted(SERVED, reverse=True)
    latest_first = finished(iam, job, SortKey="LAST_AUTHENTICATED_TIME_DESCENDING")
    attempted = [d for d in latest_first["AccessDetails"] if "LastAuthenticatedTime" in d]
    assert latest_first["AccessDetails"][:len(attempted)] == attempted, "attempted services come first"
    assert attempted, "the member's IAM call is in the report"
    oldest_first = finished(iam, job, SortKey="LAST_AUTHENTICATED_TIME_ASCENDING")
    assert oldest_first["AccessDetails"][-len(attempted):] == attempted[::-1]
    first = finished(iam, job, MaxItems=2)
    assert names(first) == sorted(SERVED)[:2] and first["IsTruncated"] is True
    rest = finished(iam, job, MaxItems=10, Marker=first["Marker"])
    assert names(rest) == sorted(SERVED)[2:] and rest["IsTruncated"] is False and "Marker" not in rest
    with aws_error("ValidationError", 400, "Member must satisfy enum value set"):
        iam.get_organizations_access_report(JobId=job, SortKey="NEWEST")
    with aws_error("ValidationError", 400, "Member must have value greater than or equal to 1"):
        iam.get_organizations_access_report(JobId=job, MaxItems=0)


def test_paths_that_name_no_entity(tree, org):
    iam = tree["iam"]
    o, r, unit, account = tree["org"], tree["root"], tree["unit"], tree["account"]
    other_unit = org.organizations.create_organizational_unit(ParentId=r, Name=unique("other"))
    other_unit = other_unit["OrganizationalUnit"]["Id"]
    for bad in (f"o-zzzzzzzzzz/{r}", f"{o}/r-zzzz", f"{o}/{r}/ou-zzzz-zzzzzzzz", f"{o}/{r}/{account}",
                f"{o}/{r}/{other_unit}/{account}", f"{o}/{r}/{unit}/{account}/extra", f"{o}/{r}/{unit}/999999999999",
                f"{o}/{r}/"):
        with aws_error("InvalidInput", 400, f"The entity path {bad} does not name an entity of the organization."):
            iam.generate_organizations_access_report(EntityPath=bad)
    with aws_error("InvalidInput", 400, "The service control policy p-zzzzzzzzzz does not exist in the organization."):
        iam.generate_organizations_access_report(EntityPath=f"{o}/{r}", OrganizationsPolicyId="p-zzzzzzzzzz")
    with aws_error("ValidationError", 400, "Member must satisfy regular expression pattern"):
        iam.generate_organizations_access_report(EntityPath="not-an-entity-path-at-all")
    with aws_error("ValidationError", 400, "Member must have length greater than or equal to 19"):
        iam.generate_organizations_access_report(EntityPath="o-abc/r-ab")
    with aws_error("ValidationError", 400, "Member must satisfy regular expression pattern"):
        iam.generate_organizations_access_report(EntityPath=f"{o}/{r}", OrganizationsPolicyId="policy")


def test_unknown_job(tree):
    iam = tree["iam"]
    ghost = "00000000-0000-0000-0000-000000000000"
    with aws_error("NoSuchEntity", 404, f"The job with ID {ghost} cannot be found."):
        iam.get_organizations_access_report(JobId=ghost)
    with aws_error("ValidationError", 400, "Member must have length greater than or equal to 36"):
        iam.get_organizations_access_report(JobId="short")


def test_only_the_management_account_may_ask(tree, org):
    member_iam = org.client(tree["member"], "iam")
    with aws_error("AccessDenied", 403, "only with the credentials of an organization's management account"):
        member_iam.generate_organizations_access_report(EntityPath=f"{tree['org']}/{tree['root']}")
    # A job of the management account is no other account's to read.
    job = tree["iam"].generate_organizations_access_report(EntityPath=f"{tree['org']}/{tree['root']}")["JobId"]
    with aws_error("NoSuchEntity", 404):
        member_iam.get_organizations_access_report(JobId=job)
    account, session = org.standalone_account()
    with aws_error("AccessDenied", 403):
        org.client(session, "iam").generate_organizations_access_report(EntityPath=f"{tree['org']}/{tree['root']}")


def test_scps_must_be_enabled(bare_org):
    client = bare_org.organizations
    path = f"{client.describe_organization()['Organization']['Id']}/{root_id(bare_org)}"
    with aws_error("InvalidInput", 400, "Service control policies are not enabled for the organization root."):
        bare_org.client(bare_org.admin, "iam").generate_organizations_access_report(EntityPath=path)


def test_cli(tree, org, tmp_path):
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET})
    common = ["--endpoint-url", org.server.endpoint, "--output", "json"]
    made = run_cli(["iam", "generate-organizations-access-report", "--entity-path",
                    f"{tree['org']}/{tree['root']}", *common], env)
    assert made.returncode == 0, made.stderr
    job = json.loads(made.stdout)["JobId"]
    def done():
        got = run_cli(["iam", "get-organizations-access-report", "--job-id", job, *common], env)
        reply = json.loads(got.stdout)
        return reply if reply["JobStatus"] == "COMPLETED" else None
    reply = wait_until(done, timeout=JOB_TIMEOUT, interval=0.5)
    assert reply and {d["ServiceNamespace"] for d in reply["AccessDetails"]} == SERVED
