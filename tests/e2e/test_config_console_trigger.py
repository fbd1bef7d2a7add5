"""Config's change-triggered rules follow every committed identity change, not only IAM API calls:
an access key made in the console re-evaluates them within seconds, as the same key made through
the API does, while console pages that only read leave them alone."""

from __future__ import annotations

import time

from console_helpers import ConsoleClient, console_fixtures
from e2e_helpers import ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, dumps, make_session, unique

PASSWORD = "Correct-Horse-9-Battery"
# The trigger waits half a second to gather changes; an evaluation is one write.
CHANGE_LATENCY = 3.0
server, iam = console_fixtures("config-console-trigger")

OWN_KEYS = {"Version": "2012-10-17", "Statement": [{
    "Effect": "Allow", "Action": ["iam:ListAccessKeys", "iam:CreateAccessKey"],
    "Resource": "arn:aws:iam::*:user/${aws:username}"}]}


def config(server):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("config", endpoint_url=server.endpoint, region_name=REGION)


def invoked(cfg, rule: str):
    return cfg.describe_config_rule_evaluation_status(
        ConfigRuleNames=[rule])["ConfigRulesEvaluationStatus"][0]["LastSuccessfulInvocationTime"]


def settled(cfg, rule: str):
    """The rule's last invocation time once no evaluation has run for a second."""
    last = invoked(cfg, rule)
    while True:
        time.sleep(1.0)
        now = invoked(cfg, rule)
        if now == last:
            return now
        last = now


def changed_within(cfg, rule: str, before, timeout: float) -> float | None:
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if invoked(cfg, rule) != before:
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def test_a_console_write_triggers_change_rules_and_a_read_does_not(server, iam):
    cfg = config(server)
    cfg.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": f"arn:aws:iam::{ACCOUNT_ID}:role/config-role",
        "recordingGroup": {"allSupported": True, "includeGlobalResourceTypes": True}})
    rule = "users-without-policies"
    cfg.put_config_rule(ConfigRule={"ConfigRuleName": rule,
                                    "Source": {"Owner": "AWS", "SourceIdentifier": "IAM_USER_NO_POLICIES_CHECK"}})
    user = unique("keys")
    iam.create_user(UserName=user)
    iam.create_login_profile(UserName=user, Password=PASSWORD)
    iam.put_user_policy(UserName=user, PolicyName="own-keys", PolicyDocument=dumps(OWN_KEYS))
    client = ConsoleClient(server.endpoint, client_ip="198.51.100.7")
    client.sign_in(ACCOUNT_ID, user, PASSWORD)

    before = settled(cfg, rule)
    for path in ("/console/keys", "/console/security", "/console/keys"):
        assert client.get(path).status == 200
    assert changed_within(cfg, rule, before, timeout=1.5) is None, "a console read re-evaluated the rule"

    created = client.post("/console/keys/create", {})
    assert 'id="new-key-id"' in created.text
    took = changed_within(cfg, rule, before, timeout=CHANGE_LATENCY)
    assert took is not None, "the console's access key did not re-evaluate the change-triggered rule"

    # A periodic rule is not re-evaluated by a change, from the console or the API.
    periodic = "users-mfa"
    cfg.put_config_rule(ConfigRule={"ConfigRuleName": periodic,
                                    "Source": {"Owner": "AWS", "SourceIdentifier": "IAM_USER_MFA_ENABLED"}})
    first = settled(cfg, periodic)
    client.post("/console/keys/create", {})
    assert changed_within(cfg, periodic, first, timeout=1.5) is None
