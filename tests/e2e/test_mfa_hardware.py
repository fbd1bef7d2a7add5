"""Hardware TOTP tokens: imported by an administrator (the `rampart admin` command and the admin
API), enabled by serial number, resynchronized, at most one user each."""

from __future__ import annotations

import base64
import os

import pyotp
import pytest

from e2e_helpers import ADMIN_KEY_ID, ADMIN_POLICY, ADMIN_SECRET, aws_error, run_rampart, unique
from mfa_helpers import admin_call, wait_for_fresh_step


@pytest.fixture(autouse=True)
def _fresh_step():
    wait_for_fresh_step()


def new_seed() -> str:
    return base64.b32encode(os.urandom(20)).decode().rstrip("=")


def serial() -> str:
    return "GAHT" + unique("").replace("-", "").upper()[:10]


def import_tokens(endpoint, creds, tokens):
    return admin_call(endpoint, creds, "ImportHardwareMFADevices", {"Devices": tokens})


def enable_hw(iam, user, sn, totp: pyotp.TOTP, offset=-1):
    import time
    now = time.time()
    iam.enable_mfa_device(UserName=user, SerialNumber=sn, AuthenticationCode1=totp.at(now + offset * totp.interval),
                          AuthenticationCode2=totp.at(now + (offset + 1) * totp.interval))


def test_import_with_the_rampart_command_and_enable(iam, make_user, endpoint, data_dir, tmp_path, connect):
    sn, seed = serial(), new_seed()
    sn2, seed2 = serial(), new_seed()
    csv = tmp_path / "tokens.csv"
    csv.write_text(f"serial,seed,algorithm,digits,period\n# vendor batch 7\n{sn},{seed}\n{sn2},{seed2},SHA256,6,60\n")
    proc = run_rampart("admin", "import-hardware-mfa", "--endpoint", endpoint, "--data", data_dir, "--file", csv)
    assert "Imported 2 hardware MFA tokens." in proc.stdout
    listed = run_rampart("admin", "list-hardware-mfa", "--endpoint", endpoint, "--data", data_dir).stdout
    assert sn in listed and sn2 in listed
    user, session = make_user(policy_arns=[ADMIN_POLICY])
    enable_hw(iam, user, sn, pyotp.TOTP(seed))
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=user)["MFADevices"]] == [sn]
    # A token with its own parameters: SHA-256, 60-second steps.
    enable_hw(iam, user, sn2, pyotp.TOTP(seed2, digest="sha256", interval=60))
    token = pyotp.TOTP(seed2, digest="sha256", interval=60)
    import time
    creds = connect(session, "sts").get_session_token(
        SerialNumber=sn2, TokenCode=token.at(time.time() + 60))["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")


def test_a_token_belongs_to_one_user(iam, make_user, endpoint, admin):
    sn, seed = serial(), new_seed()
    assert import_tokens(endpoint, admin, [{"SerialNumber": sn, "Base32StringSeed": seed}]).status_code == 200
    first, _ = make_user(with_key=False)
    second, _ = make_user(with_key=False)
    totp = pyotp.TOTP(seed)
    enable_hw(iam, first, sn, totp, offset=-2)
    with aws_error("EntityAlreadyExists", 409):
        enable_hw(iam, second, sn, totp, offset=0)
    # Deactivated, it returns to the pool and another user can take it.
    iam.deactivate_mfa_device(UserName=first, SerialNumber=sn)
    listed = admin_call(endpoint, admin, "ListHardwareMFADevices").json()["Devices"]
    assert next(d for d in listed if d["SerialNumber"] == sn)["Assigned"] is False
    enable_hw(iam, second, sn, totp, offset=0)
    assert [d["SerialNumber"] for d in iam.list_mfa_devices(UserName=second)["MFADevices"]] == [sn]


def test_resync_a_hardware_token(iam, make_user, endpoint, admin):
    sn, seed = serial(), new_seed()
    import_tokens(endpoint, admin, [{"SerialNumber": sn, "Base32StringSeed": seed}])
    user, _ = make_user(with_key=False)
    totp = pyotp.TOTP(seed)
    enable_hw(iam, user, sn, totp)
    import time
    now = time.time()
    iam.resync_mfa_device(UserName=user, SerialNumber=sn, AuthenticationCode1=totp.at(now + 300),
                          AuthenticationCode2=totp.at(now + 330))


def test_virtual_device_operations_do_not_apply_to_tokens(iam, endpoint, admin):
    sn, seed = serial(), new_seed()
    import_tokens(endpoint, admin, [{"SerialNumber": sn, "Base32StringSeed": seed}])
    with aws_error("NoSuchEntity", 404):
        iam.delete_virtual_mfa_device(SerialNumber=sn)
    with aws_error("NoSuchEntity", 404):
        iam.tag_mfa_device(SerialNumber=sn, Tags=[{"Key": "k", "Value": "v"}])
    listed = iam.list_virtual_mfa_devices()["VirtualMFADevices"]
    assert sn not in [d["SerialNumber"] for d in listed]
    resp = admin_call(endpoint, admin, "DeleteHardwareMFADevice", {"SerialNumber": sn})
    assert resp.status_code == 200, resp.text


@pytest.mark.parametrize("token,fragment", [
    ({"SerialNumber": "short", "Base32StringSeed": "JBSWY3DPEHPK3PXPJBSWY3DP"}, "9 to 256"),
    ({"SerialNumber": "GAHT00000001", "Base32StringSeed": "not base32!"}, "Base32"),
    ({"SerialNumber": "GAHT00000002", "Base32StringSeed": "JBSWY3DP"}, "80 bits"),
    ({"SerialNumber": "GAHT00000003", "Base32StringSeed": "JBSWY3DPEHPK3PXPJBSWY3DP", "Algorithm": "MD5"}, "SHA1"),
    ({"SerialNumber": "GAHT00000004", "Base32StringSeed": "JBSWY3DPEHPK3PXPJBSWY3DP", "Digits": 8}, "6-digit"),
    ({"SerialNumber": "GAHT00000005", "Base32StringSeed": "JBSWY3DPEHPK3PXPJBSWY3DP", "Period": 5}, "period"),
])
def test_bad_tokens_are_refused_and_nothing_is_imported(endpoint, admin, token, fragment):
    good = {"SerialNumber": serial(), "Base32StringSeed": new_seed()}
    resp = import_tokens(endpoint, admin, [good, token])
    assert resp.status_code == 400, resp.text
    assert resp.json()["__type"] == "InvalidInput" and fragment in resp.json()["message"]
    listed = admin_call(endpoint, admin, "ListHardwareMFADevices").json()["Devices"]
    assert good["SerialNumber"] not in [d["SerialNumber"] for d in listed]


def test_duplicate_serial_is_entity_already_exists(endpoint, admin):
    sn = serial()
    assert import_tokens(endpoint, admin, [{"SerialNumber": sn, "Base32StringSeed": new_seed()}]).status_code == 200
    resp = import_tokens(endpoint, admin, [{"SerialNumber": sn, "Base32StringSeed": new_seed()}])
    assert resp.status_code == 409 and resp.json()["__type"] == "EntityAlreadyExists"


def test_only_administrators_may_import(make_user, endpoint):
    _, session = make_user()
    resp = import_tokens(endpoint, session, [{"SerialNumber": serial(), "Base32StringSeed": new_seed()}])
    assert resp.status_code == 403 and resp.json()["__type"] == "AccessDenied"


def test_admin_api_errors(endpoint, admin):
    resp = admin_call(endpoint, admin, "NoSuchOperation")
    assert resp.status_code == 400 and resp.json()["__type"] == "UnknownOperationException"
    resp = admin_call(endpoint, admin, "DeleteHardwareMFADevice", {})
    assert resp.status_code == 400 and resp.json()["__type"] == "ValidationException"
    resp = admin_call(endpoint, admin, "ClearMFALockout", {"UserName": "nobody-" + unique()})
    assert resp.status_code == 404 and resp.json()["__type"] == "NoSuchEntity"


def test_command_reports_server_errors(endpoint, data_dir, tmp_path):
    csv = tmp_path / "bad.csv"
    csv.write_text("GAHT-ONLY-SERIAL\n")
    proc = run_rampart("admin", "import-hardware-mfa", "--endpoint", endpoint, "--data", data_dir, "--file", csv,
                       check=False)
    assert proc.returncode != 0 and "line 1" in (proc.stderr + proc.stdout)


def test_command_signs_with_the_environment_key(endpoint, tmp_path):
    csv = tmp_path / "one.csv"
    csv.write_text(f"{serial()},{new_seed()}\n")
    import subprocess
    from e2e_helpers import rampart_binary
    env = {**os.environ, "AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET}
    proc = subprocess.run([str(rampart_binary()), "admin", "import-hardware-mfa", "--endpoint", endpoint,
                           "--data", str(tmp_path / "no-data"), "--file", str(csv)],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode == 0, proc.stderr
    env["AWS_SECRET_ACCESS_KEY"] = "wrong"
    proc = subprocess.run([str(rampart_binary()), "admin", "list-hardware-mfa", "--endpoint", endpoint],
                          capture_output=True, text=True, env=env, timeout=60)
    assert proc.returncode != 0 and "SignatureDoesNotMatch" in proc.stderr + proc.stdout
