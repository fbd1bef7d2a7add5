"""The stock `aws` CLI (v1) against the server, including the profile `rampart init` writes."""

import configparser
import json
import re
from urllib.parse import urlsplit

import pytest

from e2e_helpers import (
    ACCOUNT_ID, AwsCliError, cli_env, run_cli, ADMIN_KEY_ID, allow_doc, config_section, read_profile_files, unique, unique_path, user_arn,
)


def test_cli_create_and_get_user(aws):
    name = unique("cli")
    created = aws("iam", "create-user", "--user-name", name)["User"]
    assert created["UserName"] == name and created["Arn"] == user_arn(name)
    assert aws("iam", "get-user", "--user-name", name)["User"]["UserId"] == created["UserId"]


def test_cli_list_users_with_max_items_and_page_size(aws):
    path = unique_path()
    names = sorted(unique("cli") for _ in range(3))
    for name in names:
        aws("iam", "create-user", "--user-name", name, "--path", path)
    # --page-size 1 makes the CLI follow Marker across three requests.
    everything = aws("iam", "list-users", "--path-prefix", path, "--page-size", "1")
    assert sorted(u["UserName"] for u in everything["Users"]) == names
    first = aws("iam", "list-users", "--path-prefix", path, "--max-items", "2")
    assert len(first["Users"]) == 2 and first["NextToken"]
    rest = aws("iam", "list-users", "--path-prefix", path, "--max-items", "2",
               "--starting-token", first["NextToken"])
    assert len(rest["Users"]) == 1 and "NextToken" not in rest
    assert sorted(u["UserName"] for u in first["Users"] + rest["Users"]) == names


def test_cli_get_policy_version_document_is_decoded(aws, tmp_path):
    doc = allow_doc(action=["s3:GetObject", "s3:PutObject"], resource="arn:aws:s3:::bucket/*")
    doc_file = tmp_path / "policy.json"
    doc_file.write_text(json.dumps(doc, indent=2))
    arn = aws("iam", "create-policy", "--policy-name", unique("cli"),
              "--policy-document", f"file://{doc_file}")["Policy"]["Arn"]
    version = aws("iam", "get-policy-version", "--policy-arn", arn, "--version-id", "v1")["PolicyVersion"]
    assert version["Document"] == doc
    assert version["IsDefaultVersion"] is True


def test_cli_create_access_key(aws):
    name = unique("cli")
    aws("iam", "create-user", "--user-name", name)
    key = aws("iam", "create-access-key", "--user-name", name)["AccessKey"]
    assert re.match(r"^AKIA[A-Z0-9]{16}$", key["AccessKeyId"])
    assert len(key["SecretAccessKey"]) == 40
    assert key["Status"] == "Active" and key["UserName"] == name
    ident = aws("sts", "get-caller-identity", creds=(key["AccessKeyId"], key["SecretAccessKey"]))
    assert ident["Arn"] == user_arn(name)


def test_cli_get_caller_identity(aws):
    ident = aws("sts", "get-caller-identity")
    assert ident["Account"] == ACCOUNT_ID
    assert ident["Arn"] == user_arn("admin")
    assert ident["UserId"].startswith("AIDA")


def test_cli_get_account_summary(aws):
    summary = aws("iam", "get-account-summary")["SummaryMap"]
    assert summary["AccessKeysPerUserQuota"] == 2
    assert summary["Users"] >= 1


def test_cli_reports_service_errors(aws):
    with pytest.raises(AwsCliError) as exc:
        aws("iam", "get-user", "--user-name", unique("ghost"))
    assert exc.value.returncode != 0
    assert "NoSuchEntity" in exc.value.stderr


def test_cli_with_bad_secret(aws):
    with pytest.raises(AwsCliError) as exc:
        aws("sts", "get-caller-identity", creds=(ADMIN_KEY_ID, "y" * 40))
    assert "SignatureDoesNotMatch" in exc.value.stderr


def test_generated_profile_files(data_dir):
    creds, config = read_profile_files(data_dir)
    assert creds.has_section("rampart"), creds.sections()
    assert creds["rampart"]["aws_access_key_id"] == ADMIN_KEY_ID
    assert len(creds["rampart"]["aws_secret_access_key"]) == 40
    section = config_section(config)
    assert section["region"] == "us-east-1"
    url = urlsplit(section["endpoint_url"])
    assert url.scheme == "http" and url.hostname in {"127.0.0.1", "localhost"}
    # `rampart init` points the profile at the server's default address (port 9430).
    assert url.port == 9430, section["endpoint_url"]


def test_generated_profile_works_without_flags(data_dir, endpoint, tmp_path):
    """`aws --profile rampart sts get-caller-identity` with only the generated files.

    The session server listens on a random port, so the copy used here differs from the
    generated config in one value only: endpoint_url points at this test server.
    """
    config = configparser.ConfigParser()
    config.read(data_dir / "aws" / "config")
    config_section(config)["endpoint_url"] = endpoint
    config_copy = tmp_path / "config"
    with open(config_copy, "w") as fh:
        config.write(fh)
    env = cli_env(tmp_path, {
        "AWS_SHARED_CREDENTIALS_FILE": str(data_dir / "aws" / "credentials"),
        "AWS_CONFIG_FILE": str(config_copy),
    })
    env.pop("AWS_DEFAULT_REGION")
    proc = run_cli(["--profile", "rampart", "sts", "get-caller-identity"], env)
    assert proc.returncode == 0, proc.stderr
    ident = json.loads(proc.stdout)
    assert ident["Account"] == ACCOUNT_ID
    assert ident["Arn"] == user_arn("admin")
    proc = run_cli(["--profile", "rampart", "iam", "get-user"], env)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["User"]["UserName"] == "admin"
