"""IAM's Marker/MaxItems paging, one parametrised boto3 test over every operation of the model that takes a
Marker: MaxItems at its edges (0 and 1001 refused by the model, 1 and 1000 accepted), IsTruncated and Marker
round trips that list every item once, and a Marker the list did not issue — made up, tampered with, or taken
from another operation — answered with ValidationError "Invalid Marker." (as AWS answers a marker it did not
issue, instead of silently starting over)."""

from __future__ import annotations

import base64
import gzip
import json
import os

import botocore
import pytest

from e2e_helpers import ACCOUNT_ID, aws_error, dumps, unique
from key_material import certificate, pem, private_pem, rsa_key
from saml_idp import IdP

ALLOW = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}]}
TAGS = [{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}]


def model_operations_with_marker() -> list[str]:
    path = os.path.join(os.path.dirname(botocore.__file__), "data", "iam", "2010-05-08", "service-2.json.gz")
    model = json.load(gzip.open(path))
    found = []
    for name, operation in model["operations"].items():
        members = model["shapes"][operation["input"]["shape"]].get("members", {}) if "input" in operation else {}
        if "Marker" in members:
            found.append(name)
    return sorted(found)


@pytest.fixture(scope="module")
def world(iam):
    """Two of everything each list can hold, so every list can be truncated at MaxItems=1."""
    w = {}
    user, group, role = unique("pg-u"), unique("pg-g"), unique("pg-r")
    policy_a = iam.create_policy(PolicyName=unique("pg-p"), PolicyDocument=dumps(ALLOW), Tags=TAGS)["Policy"]["Arn"]
    policy_b = iam.create_policy(PolicyName=unique("pg-p"), PolicyDocument=dumps(ALLOW))["Policy"]["Arn"]
    iam.create_policy_version(PolicyArn=policy_a, PolicyDocument=dumps(ALLOW))
    iam.create_user(UserName=user, Tags=TAGS)
    iam.create_group(GroupName=group)
    iam.create_group(GroupName=group + "2")
    trust = {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": ACCOUNT_ID},
                                                     "Action": "sts:AssumeRole"}]}
    iam.create_role(RoleName=role, AssumeRolePolicyDocument=dumps(trust), Tags=TAGS)
    iam.create_role(RoleName=role + "2", AssumeRolePolicyDocument=dumps(trust))
    for name in (group, group + "2"):
        iam.add_user_to_group(GroupName=name, UserName=user)
    second_user = unique("pg-u")
    iam.create_user(UserName=second_user)
    iam.add_user_to_group(GroupName=group, UserName=second_user)
    for arn in (policy_a, policy_b):
        iam.attach_user_policy(UserName=user, PolicyArn=arn)
        iam.attach_group_policy(GroupName=group, PolicyArn=arn)
        iam.attach_role_policy(RoleName=role, PolicyArn=arn)
    for index in (1, 2):
        iam.put_user_policy(UserName=user, PolicyName=f"inline{index}", PolicyDocument=dumps(ALLOW))
        iam.put_group_policy(GroupName=group, PolicyName=f"inline{index}", PolicyDocument=dumps(ALLOW))
        iam.put_role_policy(RoleName=role, PolicyName=f"inline{index}", PolicyDocument=dumps(ALLOW))
        iam.create_access_key(UserName=user)
        iam.create_service_specific_credential(UserName=user, ServiceName="codecommit.amazonaws.com")
    profiles = [unique("pg-ip"), unique("pg-ip")]
    for name in profiles:
        iam.create_instance_profile(InstanceProfileName=name, Tags=TAGS)
        iam.add_role_to_instance_profile(InstanceProfileName=name, RoleName=role)
    devices = [iam.create_virtual_mfa_device(VirtualMFADeviceName=unique("pg-mfa"), Tags=TAGS)[
        "VirtualMFADevice"]["SerialNumber"] for _ in range(2)]
    oidc = iam.create_open_id_connect_provider(Url=f"https://{unique('pg')}.example.com", ClientIDList=["a"],
                                                ThumbprintList=["a" * 40], Tags=TAGS)["OpenIDConnectProviderArn"]
    saml = iam.create_saml_provider(Name=unique("pg-saml"), SAMLMetadataDocument=IdP("https://idp.test").metadata(),
                                    Tags=TAGS)["SAMLProviderArn"]
    key = rsa_key(3)
    certificates = [unique("pg-cert"), unique("pg-cert")]
    for name in certificates:
        iam.upload_server_certificate(ServerCertificateName=name, CertificateBody=pem(certificate(key)),
                                      PrivateKey=private_pem(key), Tags=TAGS)
    for index in (1, 2):
        iam.upload_signing_certificate(UserName=user, CertificateBody=pem(certificate(rsa_key(index))))
    job = iam.generate_service_last_accessed_details(Arn=f"arn:aws:iam::{ACCOUNT_ID}:user/{user}")["JobId"]
    w.update(job=job, user=user, group=group, role=role, policy=policy_a, profile=profiles[0], device=devices[0],
             oidc=oidc, saml=saml, certificate=certificates[0])
    return w


def cases(w) -> dict:
    """Each operation: its required parameters and the list member of its answer (None: cannot be made to
    hold two items here, so only the refusals are checked)."""
    simulation = {"PolicyInputList": [dumps(ALLOW)], "ActionNames": ["s3:GetObject", "s3:PutObject"]}
    return {
        "GetAccountAuthorizationDetails": (
            {}, ("UserDetailList", "GroupDetailList", "RoleDetailList", "Policies")),
        "GetGroup": ({"GroupName": w["group"]}, "Users"),
        "GetOrganizationsAccessReport": None,
        "GetServiceLastAccessedDetails": ({"JobId": w["job"]}, None),
        "GetServiceLastAccessedDetailsWithEntities": ({"JobId": w["job"], "ServiceNamespace": "iam"}, None),
        "ListAccessKeys": ({"UserName": w["user"]}, "AccessKeyMetadata"),
        "ListAccountAliases": ({}, None),
        "ListAttachedGroupPolicies": ({"GroupName": w["group"]}, "AttachedPolicies"),
        "ListAttachedRolePolicies": ({"RoleName": w["role"]}, "AttachedPolicies"),
        "ListAttachedUserPolicies": ({"UserName": w["user"]}, "AttachedPolicies"),
        "ListDelegationRequests": ({}, None),
        "ListEntitiesForPolicy": ({"PolicyArn": w["policy"]}, ("PolicyGroups", "PolicyUsers", "PolicyRoles")),
        "ListGroupPolicies": ({"GroupName": w["group"]}, "PolicyNames"),
        "ListGroups": ({}, "Groups"),
        "ListGroupsForUser": ({"UserName": w["user"]}, "Groups"),
        "ListInstanceProfileTags": ({"InstanceProfileName": w["profile"]}, "Tags"),
        "ListInstanceProfiles": ({}, "InstanceProfiles"),
        "ListInstanceProfilesForRole": ({"RoleName": w["role"]}, "InstanceProfiles"),
        "ListMFADeviceTags": ({"SerialNumber": w["device"]}, "Tags"),
        "ListMFADevices": ({"UserName": w["user"]}, None),
        "ListOpenIDConnectProviderTags": ({"OpenIDConnectProviderArn": w["oidc"]}, "Tags"),
        "ListPolicies": ({"Scope": "Local"}, "Policies"),
        "ListPoliciesGrantingServiceAccess": (
            {"Arn": f"arn:aws:iam::{ACCOUNT_ID}:user/{w['user']}", "ServiceNamespaces": ["s3"]}, None),
        "ListPolicyTags": ({"PolicyArn": w["policy"]}, "Tags"),
        "ListPolicyVersions": ({"PolicyArn": w["policy"]}, "Versions"),
        "ListRolePolicies": ({"RoleName": w["role"]}, "PolicyNames"),
        "ListRoleTags": ({"RoleName": w["role"]}, "Tags"),
        "ListRoles": ({}, "Roles"),
        "ListSAMLProviderTags": ({"SAMLProviderArn": w["saml"]}, "Tags"),
        "ListSSHPublicKeys": ({"UserName": w["user"]}, None),
        "ListServerCertificateTags": ({"ServerCertificateName": w["certificate"]}, "Tags"),
        "ListServerCertificates": ({}, "ServerCertificateMetadataList"),
        "ListServiceSpecificCredentials": ({"UserName": w["user"]}, None),
        "ListSigningCertificates": ({"UserName": w["user"]}, "Certificates"),
        "ListUserPolicies": ({"UserName": w["user"]}, "PolicyNames"),
        "ListUserTags": ({"UserName": w["user"]}, "Tags"),
        "ListUsers": ({}, "Users"),
        "ListVirtualMFADevices": ({}, "VirtualMFADevices"),
        "SimulateCustomPolicy": (simulation, "EvaluationResults"),
        "SimulatePrincipalPolicy": (
            {"PolicySourceArn": f"arn:aws:iam::{ACCOUNT_ID}:user/{w['user']}",
             "ActionNames": ["s3:GetObject", "s3:PutObject"]}, "EvaluationResults"),
    }


def snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_").replace("m_f_a", "mfa") \
        .replace("s_s_h", "ssh").replace("s_a_m_l", "saml").replace("open_i_d", "open_id")


def items(answer: dict, member) -> list:
    """The listed items; a list spread over several members (ListEntitiesForPolicy) is taken whole."""
    members = member if isinstance(member, tuple) else (member,)
    return [item for name in members for item in answer.get(name, [])]


def is_truncated(answer: dict) -> bool:
    return bool(answer.get("IsTruncated", answer.get("isTruncated")))


OPERATIONS = model_operations_with_marker()


def test_every_operation_with_a_marker_is_covered(world):
    assert sorted(cases(world)) == OPERATIONS


@pytest.mark.parametrize("operation", OPERATIONS)
def test_paging(iam, world, operation):
    case = cases(world)[operation]
    if case is None:
        pytest.skip(f"{operation} needs an organization, which the shared server's account does not have")
    params, member = case
    call = getattr(iam, snake(operation))
    with_max = operation != "ListPoliciesGrantingServiceAccess"
    if with_max:
        for bad, bound in ((0, "greater than or equal to 1"), (1001, "less than or equal to 1000")):
            with aws_error("ValidationError", 400, f"Member must have value {bound}"):
                call(MaxItems=bad, **params)
        call(MaxItems=1000, **params)
    for made_up in ("not-a-marker", "Zm9v.0123456789abcdef", "x" * 320):
        with aws_error("ValidationError", 400, "Invalid Marker."):
            call(Marker=made_up, **params)
    foreign = iam.list_policies(Scope="AWS", MaxItems=1)["Marker"]
    if operation != "ListPolicies":
        with aws_error("ValidationError", 400, "Invalid Marker."):
            call(Marker=foreign, **params)
    if member is None:
        return
    everything = items(call(MaxItems=1000, **params), member)
    first = call(MaxItems=1, **params)
    assert is_truncated(first) and len(items(first, member)) == 1 and first["Marker"]
    issued = first["Marker"]
    position, check = issued.rsplit(".", 1)
    tampered = base64.urlsafe_b64encode(b"~~~").decode().rstrip("=") + "." + check
    with aws_error("ValidationError", 400, "Invalid Marker."):
        call(Marker=tampered, **params)
    with aws_error("ValidationError", 400, "Invalid Marker."):
        call(Marker=position + "." + ("0" if check[0] != "0" else "1") + check[1:], **params)
    collected, answer = items(first, member), first
    while is_truncated(answer):
        answer = call(MaxItems=1, Marker=answer["Marker"], **params)
        assert len(items(answer, member)) <= 1
        collected += items(answer, member)
    assert "Marker" not in answer
    if isinstance(member, tuple):
        # Spread over several members, a page lists each member's items apart: compare the items alone.
        def text(item):
            return json.dumps(item, sort_keys=True, default=str)
        assert sorted(map(text, collected)) == sorted(map(text, everything))
    else:
        assert collected == everything
