"""IAM's access advisor: GenerateServiceLastAccessedDetails, GetServiceLastAccessedDetails(WithEntities)
and ListPoliciesGrantingServiceAccess, over the trail of the shared server's account.

What AWS does, from its API reference and the IAM User Guide ("Refine permissions using last accessed
information"): the report lists every service the entity's permissions policies allow (not boundaries,
SCPs or resource policies); a service with an attempt in the tracking period has LastAuthenticated,
LastAuthenticatedEntity and LastAuthenticatedRegion, one without has none and TotalAuthenticatedEntities
0; "the service last accessed data includes all attempts to access an AWS API, not just the successful
ones" (denied calls count, unauthenticated ones do not); a group's report names the member that last
attempted, WithEntities lists the members most recent first; ACTION_LEVEL adds the tracked actions.
"""

from __future__ import annotations

import datetime as dt

import pytest

from e2e_helpers import REGION, aws_error, dumps, make_session, user_arn, group_arn, unique, utcnow, wait_until

JOB_TIMEOUT = 20.0


def policy_doc(*actions: str) -> dict:
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": list(actions), "Resource": "*"}]}


def completed(iam, job_id: str, **kwargs) -> dict:
    """Polls GetServiceLastAccessedDetails until the job is no longer IN_PROGRESS."""
    def done():
        reply = iam.get_service_last_accessed_details(JobId=job_id, **kwargs)
        return reply if reply["JobStatus"] != "IN_PROGRESS" else None
    reply = wait_until(done, timeout=JOB_TIMEOUT, interval=0.2)
    assert reply, f"job {job_id} still IN_PROGRESS after {JOB_TIMEOUT}s"
    assert reply["JobStatus"] == "COMPLETED", reply
    return reply


def report(iam, arn: str, granularity: str = "SERVICE_LEVEL") -> dict:
    job_id = iam.generate_service_last_accessed_details(Arn=arn, Granularity=granularity)["JobId"]
    assert len(job_id) == 36
    return completed(iam, job_id) | {"JobId": job_id}


def by_namespace(reply: dict) -> dict:
    return {service["ServiceNamespace"]: service for service in reply["ServicesLastAccessed"]}


def near(value: dt.datetime, before: dt.datetime, after: dt.datetime) -> bool:
    return before - dt.timedelta(seconds=2) <= value <= after + dt.timedelta(seconds=2)


@pytest.fixture
def narrow_user(iam, connect, make_policy):
    """A user whose policies allow some of IAM, one STS action and Organizations' reads (never used)."""
    name = unique("aa-user")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="iam-reads",
                        PolicyDocument=dumps(policy_doc("iam:Get*", "iam:ListUsers", "sts:GetCallerIdentity")))
    managed = make_policy(document=policy_doc("organizations:Describe*"))
    iam.attach_user_policy(UserName=name, PolicyArn=managed)
    key = iam.create_access_key(UserName=name)["AccessKey"]
    session = make_session(key["AccessKeyId"], key["SecretAccessKey"])
    return name, session, managed


def test_services_allowed_are_listed_and_used_ones_carry_the_last_attempt(iam, connect, narrow_user, endpoint):
    name, session, _ = narrow_user
    before = utcnow()
    connect(session, "iam").get_user()
    connect(session, "iam").list_users()
    session.client("sts", endpoint_url=endpoint, region_name="eu-west-1").get_caller_identity()
    after = utcnow()

    reply = report(iam, user_arn(name))
    assert reply["JobType"] == "SERVICE_LEVEL"
    assert reply["JobCompletionDate"] >= reply["JobCreationDate"]
    assert reply["IsTruncated"] is False
    services = by_namespace(reply)
    assert set(services) == {"iam", "sts", "organizations"}, "cloudtrail is not allowed, so not listed"

    iam_service = services["iam"]
    assert iam_service["ServiceName"] == "AWS Identity and Access Management"
    assert near(iam_service["LastAuthenticated"], before, after)
    assert iam_service["LastAuthenticatedEntity"] == user_arn(name)
    assert iam_service["LastAuthenticatedRegion"] == REGION
    assert iam_service["TotalAuthenticatedEntities"] == 1
    assert "TrackedActionsLastAccessed" not in iam_service

    assert services["sts"]["LastAuthenticatedRegion"] == "eu-west-1"
    assert near(services["sts"]["LastAuthenticated"], before, after)

    unused = services["organizations"]
    assert unused["ServiceName"] == "AWS Organizations"
    assert "LastAuthenticated" not in unused and "LastAuthenticatedEntity" not in unused
    assert unused["TotalAuthenticatedEntities"] == 0


def test_action_level_shows_the_iam_actions_used(iam, connect, narrow_user):
    name, session, _ = narrow_user
    client = connect(session, "iam")
    before = utcnow()
    client.get_user()
    client.list_users()
    after = utcnow()

    reply = report(iam, user_arn(name), "ACTION_LEVEL")
    assert reply["JobType"] == "ACTION_LEVEL"
    actions = {a["ActionName"]: a for a in by_namespace(reply)["iam"]["TrackedActionsLastAccessed"]}
    for used in ("GetUser", "ListUsers"):
        assert near(actions[used]["LastAccessedTime"], before, after)
        assert actions[used]["LastAccessedEntity"] == user_arn(name)
        assert actions[used]["LastAccessedRegion"] == REGION
    assert "LastAccessedTime" not in actions["GetRole"], "allowed, never called"
    assert "DeleteUser" not in actions and "ListRoles" not in actions, "not allowed, not tracked for this user"


def test_a_refused_call_counts_as_an_attempt(iam, connect):
    """AWS: "includes all attempts to access an AWS API, not just the successful ones"."""
    name = unique("aa-denied")
    iam.create_user(UserName=name)
    iam.put_user_policy(UserName=name, PolicyName="only-get-user", PolicyDocument=dumps(policy_doc("iam:GetUser")))
    key = iam.create_access_key(UserName=name)["AccessKey"]
    client = connect(make_session(key["AccessKeyId"], key["SecretAccessKey"]), "iam")
    with aws_error("AccessDenied", 403):
        client.list_roles()

    reply = report(iam, user_arn(name), "ACTION_LEVEL")
    service = by_namespace(reply)["iam"]
    assert service["LastAuthenticatedEntity"] == user_arn(name)
    assert [a["ActionName"] for a in service["TrackedActionsLastAccessed"]] == ["GetUser"]
    assert "LastAccessedTime" not in service["TrackedActionsLastAccessed"][0]


def test_a_group_report_names_the_member_that_used_the_service(iam, connect, make_user, make_group):
    idle, _ = make_user(with_key=False, prefix="aa-idle")
    busy, session = make_user(prefix="aa-busy")
    group = make_group(members=[idle, busy], prefix="aa-grp")
    iam.put_group_policy(GroupName=group, PolicyName="iam-all", PolicyDocument=dumps(policy_doc("iam:*")))
    connect(session, "iam").get_user()

    reply = report(iam, group_arn(group))
    service = by_namespace(reply)["iam"]
    assert service["LastAuthenticatedEntity"] == user_arn(busy)
    assert service["TotalAuthenticatedEntities"] == 1

    entities = iam.get_service_last_accessed_details_with_entities(JobId=reply["JobId"], ServiceNamespace="iam")
    assert entities["JobStatus"] == "COMPLETED"
    listed = entities["EntityDetailsList"]
    assert [e["EntityInfo"]["Name"] for e in listed] == [busy, idle]
    assert listed[0]["EntityInfo"]["Type"] == "USER"
    assert listed[0]["EntityInfo"]["Arn"] == user_arn(busy)
    assert listed[0]["EntityInfo"]["Id"].startswith("AIDA")
    assert listed[0]["EntityInfo"]["Path"] == "/"
    assert "LastAuthenticated" in listed[0] and "LastAuthenticated" not in listed[1]

    first = iam.get_service_last_accessed_details_with_entities(
        JobId=reply["JobId"], ServiceNamespace="iam", MaxItems=1)
    assert first["IsTruncated"] is True
    rest = iam.get_service_last_accessed_details_with_entities(
        JobId=reply["JobId"], ServiceNamespace="iam", MaxItems=1, Marker=first["Marker"])
    assert [e["EntityInfo"]["Name"] for e in first["EntityDetailsList"] + rest["EntityDetailsList"]] == [busy, idle]


def test_role_sessions_count_for_the_role_and_policy_reports_cover_its_holders(
        iam, sts, connect, make_role, make_policy):
    policy = make_policy(document=policy_doc("iam:GetRole", "sts:GetCallerIdentity"))
    name, arn = make_role(policy_arns=[policy], prefix="aa-role")
    creds = wait_until(lambda: _assume(sts, arn), timeout=5)["Credentials"]
    session = make_session(creds["AccessKeyId"], creds["SecretAccessKey"], creds["SessionToken"])
    connect(session, "iam").get_role(RoleName=name)

    services = by_namespace(report(iam, arn))
    assert services["iam"]["LastAuthenticatedEntity"] == arn
    assert "LastAuthenticated" not in services["sts"]

    policy_report = report(iam, policy)
    assert by_namespace(policy_report)["iam"]["LastAuthenticatedEntity"] == arn
    entities = iam.get_service_last_accessed_details_with_entities(
        JobId=policy_report["JobId"], ServiceNamespace="iam")["EntityDetailsList"]
    assert [(e["EntityInfo"]["Type"], e["EntityInfo"]["Arn"]) for e in entities] == [("ROLE", arn)]


def _assume(sts, arn):
    try:
        return sts.assume_role(RoleArn=arn, RoleSessionName="advisor")
    except Exception:  # noqa: BLE001 - a new role may take a moment to be trusted
        return None


def test_paging_the_services(iam, narrow_user):
    name, _, _ = narrow_user
    job_id = report(iam, user_arn(name))["JobId"]
    seen, marker = [], None
    while True:
        kwargs = {"Marker": marker} if marker else {}
        page = iam.get_service_last_accessed_details(JobId=job_id, MaxItems=1, **kwargs)
        seen += [s["ServiceNamespace"] for s in page["ServicesLastAccessed"]]
        if not page["IsTruncated"]:
            break
        marker = page["Marker"]
    assert seen == ["iam", "organizations", "sts"]


def test_list_policies_granting_service_access_names_inline_and_managed_policies(
        iam, narrow_user, make_group, make_policy):
    name, _, managed = narrow_user
    group_policy = make_policy(document=policy_doc("sts:*"))
    group = make_group(members=[name], policy_arns=[group_policy], prefix="aa-lp")
    iam.put_group_policy(GroupName=group, PolicyName="group-iam", PolicyDocument=dumps(policy_doc("iam:ListRoles")))

    reply = iam.list_policies_granting_service_access(
        Arn=user_arn(name), ServiceNamespaces=["iam", "sts", "organizations", "s3"])
    assert reply["IsTruncated"] is False
    entries = {e["ServiceNamespace"]: e["Policies"] for e in reply["PoliciesGrantingServiceAccess"]}
    assert {(p["PolicyName"], p["PolicyType"], p.get("EntityType"), p.get("EntityName")) for p in entries["iam"]} == {
        ("iam-reads", "INLINE", "USER", name), ("group-iam", "INLINE", "GROUP", group)}
    sts_names = {p["PolicyName"] for p in entries["sts"]}
    assert "iam-reads" in sts_names and group_policy.rsplit("/", 1)[1] in sts_names
    [org_policy] = entries["organizations"]
    assert org_policy["PolicyType"] == "MANAGED" and org_policy["PolicyArn"] == managed
    assert "EntityType" not in org_policy
    assert entries["s3"] == []

    group_reply = iam.list_policies_granting_service_access(Arn=group_arn(group), ServiceNamespaces=["iam"])
    assert [p["PolicyName"] for p in group_reply["PoliciesGrantingServiceAccess"][0]["Policies"]] == ["group-iam"]


def test_errors(iam, narrow_user):
    with aws_error("InvalidInput", 400):
        iam.generate_service_last_accessed_details(Arn="arn:aws:s3:::not-an-iam-entity")
    with aws_error("NoSuchEntity", 404):
        iam.generate_service_last_accessed_details(Arn=user_arn(unique("nobody")))
    with aws_error("InvalidInput", 400):
        iam.get_service_last_accessed_details(JobId="00000000-0000-0000-0000-000000000000")
    with aws_error("InvalidInput", 400):
        iam.get_service_last_accessed_details_with_entities(
            JobId="00000000-0000-0000-0000-000000000000", ServiceNamespace="iam")
    with aws_error("NoSuchEntity", 404):
        iam.list_policies_granting_service_access(Arn=group_arn(unique("nogroup")), ServiceNamespaces=["iam"])
    name, _, managed = narrow_user
    with aws_error("InvalidInput", 400):
        iam.list_policies_granting_service_access(Arn=managed, ServiceNamespaces=["iam"])


def test_the_cli_generates_and_reads_a_report(aws, narrow_user):
    name, _, _ = narrow_user
    job = aws("iam", "generate-service-last-accessed-details", "--arn", user_arn(name),
              "--granularity", "ACTION_LEVEL")
    def done():
        reply = aws("iam", "get-service-last-accessed-details", "--job-id", job["JobId"])
        return reply if reply["JobStatus"] == "COMPLETED" else None
    reply = wait_until(done, timeout=JOB_TIMEOUT, interval=0.3)
    assert reply, "the job did not complete"
    assert {s["ServiceNamespace"] for s in reply["ServicesLastAccessed"]} == {"iam", "sts", "organizations"}
    entities = aws("iam", "get-service-last-accessed-details-with-entities", "--job-id", job["JobId"],
                   "--service-namespace", "iam")
    assert [e["EntityInfo"]["Name"] for e in entities["EntityDetailsList"]] == [name]
    granting = aws("iam", "list-policies-granting-service-access", "--arn", user_arn(name),
                   "--service-namespaces", "organizations")
    assert granting["PoliciesGrantingServiceAccess"][0]["Policies"][0]["PolicyType"] == "MANAGED"
