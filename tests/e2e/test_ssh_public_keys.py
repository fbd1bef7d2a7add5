"""SSH public keys: UploadSSHPublicKey GetSSHPublicKey ListSSHPublicKeys UpdateSSHPublicKey DeleteSSHPublicKey."""

from __future__ import annotations

import base64
import datetime as dt
import json
import re

import pytest

from e2e_helpers import aws_error, utcnow
from key_material import ec_key, ed25519_key, md5_fingerprint, openssh_public, pem_public, rsa_key

KEY_ID = re.compile(r"^APKA[A-Z0-9]{16}$")


def test_upload_openssh_key(iam, make_user):
    name, _ = make_user(with_key=False)
    key = rsa_key(0)
    body = openssh_public(key, "alice@laptop")
    before = utcnow() - dt.timedelta(seconds=60)
    uploaded = iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=body)["SSHPublicKey"]
    assert KEY_ID.match(uploaded["SSHPublicKeyId"])
    assert uploaded["UserName"] == name
    assert uploaded["Fingerprint"] == md5_fingerprint(key)
    assert uploaded["SSHPublicKeyBody"] == body
    assert uploaded["Status"] == "Active"
    assert before <= uploaded["UploadDate"] <= utcnow() + dt.timedelta(seconds=60)


def test_get_converts_between_encodings(iam, make_user):
    name, _ = make_user(with_key=False)
    key = rsa_key(1)
    body = openssh_public(key, "with comment")
    key_id = iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=body)["SSHPublicKey"]["SSHPublicKeyId"]
    as_ssh = iam.get_ssh_public_key(UserName=name, SSHPublicKeyId=key_id, Encoding="SSH")["SSHPublicKey"]
    assert as_ssh["SSHPublicKeyBody"] == body
    as_pem = iam.get_ssh_public_key(UserName=name, SSHPublicKeyId=key_id, Encoding="PEM")["SSHPublicKey"]
    assert as_pem["SSHPublicKeyBody"] == pem_public(key)
    assert as_pem["Fingerprint"] == as_ssh["Fingerprint"] == md5_fingerprint(key)


def test_pem_upload_in_both_rsa_forms(iam, make_user):
    name, _ = make_user(with_key=False)
    spki = iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=pem_public(rsa_key(2)))["SSHPublicKey"]
    assert spki["Fingerprint"] == md5_fingerprint(rsa_key(2))
    as_ssh = iam.get_ssh_public_key(UserName=name, SSHPublicKeyId=spki["SSHPublicKeyId"], Encoding="SSH")
    assert as_ssh["SSHPublicKey"]["SSHPublicKeyBody"] == openssh_public(rsa_key(2))
    pkcs1 = iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=pem_public(rsa_key(3), pkcs1=True))
    assert pkcs1["SSHPublicKey"]["Fingerprint"] == md5_fingerprint(rsa_key(3))


def test_duplicate_key_in_either_encoding(iam, make_user):
    name, _ = make_user(with_key=False)
    iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(0)))
    with aws_error("DuplicateSSHPublicKey", 400):
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(0), "other comment"))
    with aws_error("DuplicateSSHPublicKey", 400):
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=pem_public(rsa_key(0)))
    # Another user may hold the same key.
    other, _ = make_user(with_key=False)
    iam.upload_ssh_public_key(UserName=other, SSHPublicKeyBody=openssh_public(rsa_key(0)))


def test_five_keys_then_limit(iam, make_user):
    name, _ = make_user(with_key=False)
    ids = [iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(i)))
           ["SSHPublicKey"]["SSHPublicKeyId"] for i in range(5)]
    # An inactive key still counts.
    iam.update_ssh_public_key(UserName=name, SSHPublicKeyId=ids[0], Status="Inactive")
    with aws_error("LimitExceeded", 409, "SSHPublicKeysPerUser: 5"):
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(5)))
    iam.delete_ssh_public_key(UserName=name, SSHPublicKeyId=ids[0])
    iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(5)))


def test_key_size_at_the_edge(iam, make_user):
    name, _ = make_user(with_key=False)
    with aws_error("InvalidPublicKey", 400, "2048"):
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(0, 2040)))
    with aws_error("InvalidPublicKey", 400):
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(0, 1024)))
    iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(0, 2048)))
    assert len(iam.list_ssh_public_keys(UserName=name)["SSHPublicKeys"]) == 1


@pytest.mark.parametrize("body", [
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBd0lR4N5W0v6gmuQyyc2YyB9l2aKxBqAsYJbP6RkNbO me",
    "ecdsa-sha2-nistp256 AAAA",
    "not a key at all",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----",
])
def test_other_encodings_are_unrecognized(iam, make_user, body):
    name, _ = make_user(with_key=False)
    with aws_error("UnrecognizedPublicKeyEncoding", 400):
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=body)


def test_ec_and_ed25519_keys_are_unrecognized(iam, make_user):
    name, _ = make_user(with_key=False)
    for body in [openssh_public(ed25519_key()), openssh_public(ec_key()), pem_public(ec_key()),
                 pem_public(ed25519_key())]:
        with aws_error("UnrecognizedPublicKeyEncoding", 400):
            iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=body)


def test_garbled_keys_are_invalid(iam, make_user):
    name, _ = make_user(with_key=False)
    blob = base64.b64decode(openssh_public(rsa_key(0)).split()[1])
    garbled = [
        "ssh-rsa !!!not-base64!!!",
        "ssh-rsa " + base64.b64encode(blob[:-10]).decode(),
        "ssh-rsa " + base64.b64encode(blob + b"\0").decode(),
        "ssh-rsa",
        "-----BEGIN PUBLIC KEY-----\nMIIBIjAN\n-----END PUBLIC KEY-----",
        "-----BEGIN PUBLIC KEY-----\n" + "A" * 16000,
        pem_public(rsa_key(0)).replace("-----END PUBLIC KEY-----", "-----END RSA PUBLIC KEY-----"),
    ]
    for body in garbled:
        with aws_error("InvalidPublicKey", 400):
            iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=body)
    assert iam.list_ssh_public_keys(UserName=name)["SSHPublicKeys"] == []


def test_body_length_limits(iam, make_user):
    name, _ = make_user(with_key=False)
    with aws_error("ValidationError", 400, "sSHPublicKeyBody"):
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody="x" * 16385)
    with aws_error("ValidationError", 400):
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody="")
    # 16384 characters pass the model and reach the key reader.
    with aws_error("UnrecognizedPublicKeyEncoding", 400):
        iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody="x" * 16384)


def test_list_update_delete(iam, make_user):
    name, _ = make_user(with_key=False)
    ids = sorted(iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(i)))
                 ["SSHPublicKey"]["SSHPublicKeyId"] for i in range(3))
    first = iam.list_ssh_public_keys(UserName=name, MaxItems=2)
    assert first["IsTruncated"] is True
    rest = iam.list_ssh_public_keys(UserName=name, Marker=first["Marker"])
    listed = first["SSHPublicKeys"] + rest["SSHPublicKeys"]
    assert [k["SSHPublicKeyId"] for k in listed] == ids
    assert all(k["UserName"] == name and k["Status"] == "Active" and "UploadDate" in k for k in listed)
    assert "Fingerprint" not in listed[0]

    iam.update_ssh_public_key(UserName=name, SSHPublicKeyId=ids[1], Status="Inactive")
    got = iam.get_ssh_public_key(UserName=name, SSHPublicKeyId=ids[1], Encoding="SSH")["SSHPublicKey"]
    assert got["Status"] == "Inactive"
    with aws_error("InvalidInput", 400):
        iam.update_ssh_public_key(UserName=name, SSHPublicKeyId=ids[1], Status="Expired")
    with aws_error("ValidationError", 400):
        iam.update_ssh_public_key(UserName=name, SSHPublicKeyId=ids[1], Status="Paused")
    with aws_error("ValidationError", 400):
        iam.get_ssh_public_key(UserName=name, SSHPublicKeyId=ids[1], Encoding="DER")

    iam.delete_ssh_public_key(UserName=name, SSHPublicKeyId=ids[1])
    with aws_error("NoSuchEntity", 404, ids[1]):
        iam.get_ssh_public_key(UserName=name, SSHPublicKeyId=ids[1], Encoding="SSH")
    with aws_error("NoSuchEntity", 404):
        iam.delete_ssh_public_key(UserName=name, SSHPublicKeyId=ids[1])


def test_keys_belong_to_their_user(iam, make_user):
    owner, _ = make_user(with_key=False)
    other, _ = make_user(with_key=False)
    key_id = iam.upload_ssh_public_key(UserName=owner, SSHPublicKeyBody=openssh_public(rsa_key(0)))[
        "SSHPublicKey"]["SSHPublicKeyId"]
    with aws_error("NoSuchEntity", 404):
        iam.get_ssh_public_key(UserName=other, SSHPublicKeyId=key_id, Encoding="SSH")
    with aws_error("NoSuchEntity", 404):
        iam.delete_ssh_public_key(UserName=other, SSHPublicKeyId=key_id)
    with aws_error("NoSuchEntity", 404, "nobody-here"):
        iam.upload_ssh_public_key(UserName="nobody-here", SSHPublicKeyBody=openssh_public(rsa_key(0)))
    with aws_error("NoSuchEntity", 404):
        iam.list_ssh_public_keys(UserName="nobody-here")
    with aws_error("ValidationError", 400):
        iam.get_ssh_public_key(UserName=owner, SSHPublicKeyId="APKA123", Encoding="SSH")


def test_renamed_user_keeps_keys_and_a_new_namesake_has_none(iam, make_user, unique):
    name, _ = make_user(with_key=False)
    key_id = iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(0)))[
        "SSHPublicKey"]["SSHPublicKeyId"]
    renamed = unique("renamed")
    iam.update_user(UserName=name, NewUserName=renamed)
    listed = iam.list_ssh_public_keys(UserName=renamed)["SSHPublicKeys"]
    assert [(k["SSHPublicKeyId"], k["UserName"]) for k in listed] == [(key_id, renamed)]
    iam.create_user(UserName=name)
    assert iam.list_ssh_public_keys(UserName=name)["SSHPublicKeys"] == []


def test_user_with_keys_cannot_be_deleted(iam, make_user):
    name, _ = make_user(with_key=False)
    key_id = iam.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(0)))[
        "SSHPublicKey"]["SSHPublicKeyId"]
    with aws_error("DeleteConflict", 409, "SSH public keys"):
        iam.delete_user(UserName=name)
    iam.delete_ssh_public_key(UserName=name, SSHPublicKeyId=key_id)
    iam.delete_user(UserName=name)


def test_a_user_manages_its_own_keys(iam, make_user, connect):
    # The policy of AWS's IAMUserSSHKeys: the SSH key actions on the caller's own user.
    name, session = make_user()
    iam.put_user_policy(UserName=name, PolicyName="own-ssh-keys", PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": [
            "iam:DeleteSSHPublicKey", "iam:GetSSHPublicKey", "iam:ListSSHPublicKeys", "iam:UpdateSSHPublicKey",
            "iam:UploadSSHPublicKey"], "Resource": "arn:aws:iam::*:user/${aws:username}"}],
    }))
    own = connect(session, "iam")
    key_id = own.upload_ssh_public_key(UserName=name, SSHPublicKeyBody=openssh_public(rsa_key(0)))[
        "SSHPublicKey"]["SSHPublicKeyId"]
    assert [k["SSHPublicKeyId"] for k in own.list_ssh_public_keys()["SSHPublicKeys"]] == [key_id]
    other, _ = make_user(with_key=False)
    with aws_error("AccessDenied", 403):
        own.upload_ssh_public_key(UserName=other, SSHPublicKeyBody=openssh_public(rsa_key(1)))
