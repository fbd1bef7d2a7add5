"""The MFA policy linter: `rampart lint` and the admin API's LintPolicy."""

from __future__ import annotations

import json
import subprocess

from e2e_helpers import rampart_binary
from mfa_helpers import admin_call
from test_policy_engine import FORCE_MFA

BAD = """{
  "Version": "2012-10-17",
  "Statement": [
    {
      "Sid": "DenyNoMFA",
      "Effect": "Deny",
      "Action": "*",
      "Resource": "*",
      "Condition": {"Bool": {"aws:MultiFactorAuthPresent": "false"}}
    }
  ]
}
"""


def lint(*args, stdin=None):
    return subprocess.run([str(rampart_binary()), "lint", *map(str, args)], input=stdin, capture_output=True,
                          text=True, timeout=60)


def test_lint_flags_deny_with_bool_false(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(BAD)
    proc = lint(path)
    assert proc.returncode == 1, proc.stderr
    assert f"{path}:9:" in proc.stdout and "[mfa-deny-bool-false]" in proc.stdout
    assert "BoolIfExists" in proc.stdout


def test_force_mfa_policy_has_no_error_or_warning(tmp_path):
    path = tmp_path / "force.json"
    path.write_text(json.dumps(FORCE_MFA, indent=2))
    proc = lint(path, "--format", "json")
    assert proc.returncode == 0, proc.stdout + proc.stderr
    findings = [f for entry in json.loads(proc.stdout) for f in entry.get("findings", [])]
    assert all(f["severity"] == "info" for f in findings), findings


def test_lint_reads_stdin_and_reports_invalid_json():
    assert lint("-", stdin=BAD).returncode == 1
    broken = lint("-", stdin='{"Version": }')
    assert broken.returncode == 2 and "not a JSON policy document" in broken.stderr


def test_lint_api(endpoint, make_user):
    _, session = make_user()  # linting needs no permission
    resp = admin_call(endpoint, session, "LintPolicy", {"PolicyDocument": BAD})
    assert resp.status_code == 200, resp.text
    findings = resp.json()["Findings"]
    assert [(f["Rule"], f["Severity"], f["Line"]) for f in findings] == [("mfa-deny-bool-false", "error", 9)]
    resp = admin_call(endpoint, session, "LintPolicy", {"PolicyDocument": "{"})
    assert resp.status_code == 400 and resp.json()["__type"] == "MalformedPolicyDocument"
