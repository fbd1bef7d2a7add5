"""Shared pieces of the AWS Config end-to-end tests.

Each Config test module runs a server of its own, and each test works in a fresh standalone
account (`rampart admin create-account --root-access-key`), so recorders (one per account), rules
(1000 per account) and the account-wide verdicts never meet another test's. `Account` carries the
account's root session and clients; `shifted` moves the server clock and the time boto3 signs with.
"""

from __future__ import annotations

import time

import pytest

from e2e_helpers import ADMIN_POLICY, make_session, unique
from org_helpers import Org, clock_shifter, start_org_server


class Account:
    """A fresh standalone account: its id, root session, and clients made from it."""

    def __init__(self, org: Org):
        self.org = org
        self.id, self.root, self.email = org.standalone_account_with_email()
        self.config = org.client(self.root, "config")
        self.iam = org.client(self.root, "iam")

    def with_recorder(self, name: str = "default") -> "Account":
        self.config.put_configuration_recorder(ConfigurationRecorder={
            "name": name, "roleARN": f"arn:aws:iam::{self.id}:role/config-role",
            "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
        return self

    def put_rule(self, identifier: str, name: str | None = None, parameters: dict | None = None, **extra) -> str:
        name = name or unique(identifier.lower().replace("_", "-"))[:60]
        rule = {"ConfigRuleName": name, "Source": {"Owner": "AWS", "SourceIdentifier": identifier}, **extra}
        if parameters is not None:
            import json
            rule["InputParameters"] = json.dumps(parameters)
        self.config.put_config_rule(ConfigRule=rule)
        return name

    def results(self, rule: str) -> dict[tuple[str, str], str]:
        """{(resource type, resource id): compliance} of a rule's latest evaluation."""
        out: dict[tuple[str, str], str] = {}
        kwargs = {"ConfigRuleName": rule, "Limit": 100}
        while True:
            page = self.config.get_compliance_details_by_config_rule(**kwargs)
            for result in page["EvaluationResults"]:
                q = result["EvaluationResultIdentifier"]["EvaluationResultQualifier"]
                out[(q["ResourceType"], q["ResourceId"])] = result["ComplianceType"]
            if not page.get("NextToken"):
                return out
            kwargs["NextToken"] = page["NextToken"]

    def verdict(self, rule: str, resource_type: str, resource_id: str, evaluate: bool = True) -> str | None:
        if evaluate:
            self.config.start_config_rules_evaluation(ConfigRuleNames=[rule])
        return self.results(rule).get((resource_type, resource_id))

    def account_verdict(self, rule: str, evaluate: bool = True) -> str | None:
        return self.verdict(rule, "AWS::::Account", self.id, evaluate)

    def wait_verdict(self, rule: str, resource_type: str, resource_id: str, expected: str,
                     timeout: float = 5.0) -> float:
        """Waits, without asking for an evaluation, until the rule's verdict on the resource is
        `expected`; returns the seconds it took."""
        start = time.monotonic()
        while time.monotonic() - start < timeout:
            if self.results(rule).get((resource_type, resource_id)) == expected:
                return time.monotonic() - start
            time.sleep(0.1)
        raise AssertionError(
            f"{rule}: {resource_type} {resource_id} never became {expected}: {self.results(rule)}")

    def user(self, name: str | None = None, **kwargs) -> tuple[str, str]:
        """A new IAM user in the account: (name, unique id)."""
        name = name or unique("u")
        user = self.iam.create_user(UserName=name, **kwargs)["User"]
        return name, user["UserId"]

    def admin_session(self):
        """An IAM user of the account with AdministratorAccess and a key, as a session."""
        name, _ = self.user()
        self.iam.attach_user_policy(UserName=name, PolicyArn=ADMIN_POLICY)
        key = self.iam.create_access_key(UserName=name)["AccessKey"]
        return make_session(key["AccessKeyId"], key["SecretAccessKey"])


def config_module_fixture(name: str):
    """A module fixture: a server of its own."""

    @pytest.fixture(scope="module")
    def org(tmp_path_factory):
        server = start_org_server(tmp_path_factory, name)
        yield Org(server)
        server.stop()

    return org


@pytest.fixture
def account(org) -> Account:
    return Account(org)


@pytest.fixture
def shifted(org, monkeypatch):
    """shifted(seconds): moves the server clock, and the time boto3 signs with, by `seconds`."""
    yield from clock_shifter(org, monkeypatch)
