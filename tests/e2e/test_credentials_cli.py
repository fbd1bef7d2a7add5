"""One aws CLI walk through every credential entity: an SSH key, a signing certificate, a server
certificate and a service-specific credential, each made, read, changed and deleted, then the user."""

from __future__ import annotations

import pytest

from e2e_helpers import ACCOUNT_ID, AwsCliError, unique
from key_material import certificate, md5_fingerprint, openssh_public, pem, pem_public, private_pem, rsa_key


def test_cli_walk(aws, tmp_path):
    user = unique("cli-creds")
    aws("iam", "create-user", "--user-name", user)

    ssh_file = tmp_path / "id_rsa.pub"
    ssh_file.write_text(openssh_public(rsa_key(30), "cli@test") + "\n")
    key = aws("iam", "upload-ssh-public-key", "--user-name", user, "--ssh-public-key-body", f"file://{ssh_file}")[
        "SSHPublicKey"]
    assert key["Fingerprint"] == md5_fingerprint(rsa_key(30))
    as_pem = aws("iam", "get-ssh-public-key", "--user-name", user, "--ssh-public-key-id", key["SSHPublicKeyId"],
                 "--encoding", "PEM")["SSHPublicKey"]
    assert as_pem["SSHPublicKeyBody"] == pem_public(rsa_key(30))
    aws("iam", "update-ssh-public-key", "--user-name", user, "--ssh-public-key-id", key["SSHPublicKeyId"],
        "--status", "Inactive")
    listed = aws("iam", "list-ssh-public-keys", "--user-name", user)["SSHPublicKeys"]
    assert [(k["SSHPublicKeyId"], k["Status"]) for k in listed] == [(key["SSHPublicKeyId"], "Inactive")]

    signing_file = tmp_path / "signing.pem"
    signing_file.write_text(pem(certificate(rsa_key(31), name="cli-signing")))
    signing = aws("iam", "upload-signing-certificate", "--user-name", user, "--certificate-body",
                  f"file://{signing_file}")["Certificate"]
    aws("iam", "update-signing-certificate", "--user-name", user, "--certificate-id", signing["CertificateId"],
        "--status", "Inactive")
    assert aws("iam", "list-signing-certificates", "--user-name", user)["Certificates"][0]["Status"] == "Inactive"

    credential = aws("iam", "create-service-specific-credential", "--user-name", user, "--service-name",
                     "codecommit.amazonaws.com")["ServiceSpecificCredential"]
    assert credential["ServiceUserName"] == f"{user}-at-{ACCOUNT_ID}"
    cred_id = credential["ServiceSpecificCredentialId"]
    reset = aws("iam", "reset-service-specific-credential", "--user-name", user,
                "--service-specific-credential-id", cred_id)["ServiceSpecificCredential"]
    assert reset["ServicePassword"] != credential["ServicePassword"]
    aws("iam", "update-service-specific-credential", "--user-name", user, "--service-specific-credential-id",
        cred_id, "--status", "Inactive")
    assert aws("iam", "list-service-specific-credentials", "--user-name", user)["ServiceSpecificCredentials"][0][
        "Status"] == "Inactive"

    with pytest.raises(AwsCliError) as refused:
        aws("iam", "delete-user", "--user-name", user)
    assert "DeleteConflict" in refused.value.stderr

    cert_name = unique("cli-cert")
    body_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    body_file.write_text(pem(certificate(rsa_key(32), name="cli.example.com")))
    key_file.write_text(private_pem(rsa_key(32)))
    uploaded = aws("iam", "upload-server-certificate", "--server-certificate-name", cert_name, "--path", "/cli/",
                   "--certificate-body", f"file://{body_file}", "--private-key", f"file://{key_file}",
                   "--tags", "Key=env,Value=test")["ServerCertificateMetadata"]
    assert uploaded["Arn"] == f"arn:aws:iam::{ACCOUNT_ID}:server-certificate/cli/{cert_name}"
    got = aws("iam", "get-server-certificate", "--server-certificate-name", cert_name)["ServerCertificate"]
    assert got["CertificateBody"] == body_file.read_text()
    assert "PRIVATE" not in str(got)
    renamed = unique("cli-cert")
    aws("iam", "update-server-certificate", "--server-certificate-name", cert_name, "--new-server-certificate-name",
        renamed)
    aws("iam", "tag-server-certificate", "--server-certificate-name", renamed, "--tags", "Key=owner,Value=cli")
    tags = aws("iam", "list-server-certificate-tags", "--server-certificate-name", renamed)["Tags"]
    assert {t["Key"] for t in tags} == {"env", "owner"}
    aws("iam", "untag-server-certificate", "--server-certificate-name", renamed, "--tag-keys", "env")
    names = [m["ServerCertificateName"] for m in aws("iam", "list-server-certificates", "--path-prefix", "/cli/")[
        "ServerCertificateMetadataList"]]
    assert renamed in names
    aws("iam", "delete-server-certificate", "--server-certificate-name", renamed)

    aws("iam", "delete-service-specific-credential", "--user-name", user, "--service-specific-credential-id", cred_id)
    aws("iam", "delete-signing-certificate", "--user-name", user, "--certificate-id", signing["CertificateId"])
    aws("iam", "delete-ssh-public-key", "--user-name", user, "--ssh-public-key-id", key["SSHPublicKeyId"])
    aws("iam", "delete-user", "--user-name", user)
