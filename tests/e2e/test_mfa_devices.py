"""Virtual MFA devices through the IAM API: create, enable, resync, deactivate, delete, list,
tags, the 8-device limit and the single use of codes. Codes come from pyotp."""

from __future__ import annotations

import base64
import shutil
import sqlite3
import subprocess
import threading
import urllib.parse

import pytest

from e2e_helpers import ACCOUNT_ID, aws_error, cli_env, run_cli, unique, ADMIN_KEY_ID, ADMIN_SECRET
from mfa_helpers import code, create_device, enable, wait_for_fresh_step


@pytest.fixture
def device(iam):
    serial, seed = create_device(iam, unique("dev"))
    return serial, seed


@pytest.fixture(autouse=True)
def _fresh_step():
    wait_for_fresh_step()


def test_create_returns_serial_seed_and_qr(iam):
    name = unique("dev")
    out = iam.create_virtual_mfa_device(VirtualMFADeviceName=name, Path="/team/")["VirtualMFADevice"]
    assert out["SerialNumber"] == f"arn:aws:iam::{ACCOUNT_ID}:mfa/team/{name}"
    seed = out["Base32StringSeed"].decode()
    assert len(seed) == 64 and set(seed) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    assert out["QRCodePNG"].startswith(b"\x89PNG\r\n\x1a\n")


def test_qr_code_decodes_to_the_otpauth_uri(iam, tmp_path):
    zbarimg = shutil.which("zbarimg")
    assert zbarimg, "zbarimg is missing: ./scripts/test installs zbar-tools"
    name = unique("dev")
    out = iam.create_virtual_mfa_device(VirtualMFADeviceName=name)["VirtualMFADevice"]
    png = tmp_path / "qr.png"
    png.write_bytes(out["QRCodePNG"])
    text = subprocess.run([zbarimg, "--raw", "-q", str(png)], capture_output=True, text=True, check=True).stdout
    uri = urllib.parse.urlparse(text.strip())
    assert (uri.scheme, uri.netloc) == ("otpauth", "totp")
    assert urllib.parse.unquote(uri.path) == f"/Rampart:{name}@{ACCOUNT_ID}"
    query = dict(urllib.parse.parse_qsl(uri.query))
    assert query["secret"] == out["Base32StringSeed"].decode()
    assert (query["issuer"], query["algorithm"], query["digits"], query["period"]) == ("Rampart", "SHA1", "6", "30")


def test_duplicate_name_is_entity_already_exists(iam):
    name = unique("dev")
    iam.create_virtual_mfa_device(VirtualMFADeviceName=name)
    with aws_error("EntityAlreadyExists", 409):
        iam.create_virtual_mfa_device(VirtualMFADeviceName=name)


@pytest.mark.parametrize("name", ["", "bad name", "a/b"])
def test_invalid_names_are_refused(iam, name):
    with aws_error("ValidationError", 400):
        iam.create_virtual_mfa_device(VirtualMFADeviceName=name)


def test_enable_list_deactivate_delete(iam, make_user, device):
    serial, seed = device
    user, _ = make_user(with_key=False)
    enable(iam, user, serial, seed)
    listed = iam.list_mfa_devices(UserName=user)["MFADevices"]
    assert [(d["UserName"], d["SerialNumber"]) for d in listed] == [(user, serial)]
    assigned = iam.list_virtual_mfa_devices(AssignmentStatus="Assigned")["VirtualMFADevices"]
    entry = next(d for d in assigned if d["SerialNumber"] == serial)
    assert entry["User"]["UserName"] == user and "EnableDate" in entry
    assert "Base32StringSeed" not in entry and "QRCodePNG" not in entry
    unassigned = iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"]
    assert serial not in [d["SerialNumber"] for d in unassigned]
    got = iam.get_mfa_device(SerialNumber=serial, UserName=user)
    assert got["SerialNumber"] == serial and got["UserName"] == user
    with aws_error("DeleteConflict", 409):
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    with aws_error("DeleteConflict", 409):
        iam.delete_user(UserName=user)
    iam.deactivate_mfa_device(UserName=user, SerialNumber=serial)
    assert iam.list_mfa_devices(UserName=user)["MFADevices"] == []
    iam.delete_virtual_mfa_device(SerialNumber=serial)
    with aws_error("NoSuchEntity", 404):
        iam.delete_virtual_mfa_device(SerialNumber=serial)
    iam.delete_user(UserName=user)


def test_enable_needs_two_consecutive_valid_codes(iam, make_user, device):
    serial, seed = device
    user, _ = make_user(with_key=False)
    with aws_error("InvalidAuthenticationCode", 403, "not valid"):
        iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                              AuthenticationCode1=code(seed, 0), AuthenticationCode2=code(seed, 0))
    with aws_error("InvalidAuthenticationCode", 403):
        iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                              AuthenticationCode1=code(seed, -1), AuthenticationCode2=code(seed, 1))
    with aws_error("InvalidAuthenticationCode", 403):  # ten minutes old
        iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                              AuthenticationCode1=code(seed, -20), AuthenticationCode2=code(seed, -19))
    enable(iam, user, serial, seed)


@pytest.mark.parametrize("codes", [("12345", "123456"), ("1234567", "123456"), ("abcdef", "123456")])
def test_malformed_codes_are_validation_errors(iam, make_user, device, codes):
    serial, _ = device
    user, _ = make_user(with_key=False)
    with aws_error("ValidationError", 400):
        iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                              AuthenticationCode1=codes[0], AuthenticationCode2=codes[1])


def test_enable_errors(iam, make_user, device):
    serial, seed = device
    user, _ = make_user(with_key=False)
    other, _ = make_user(with_key=False)
    with aws_error("NoSuchEntity", 404):
        enable(iam, "nobody-" + unique(), serial, seed)
    with aws_error("NoSuchEntity", 404):
        enable(iam, user, f"arn:aws:iam::{ACCOUNT_ID}:mfa/{unique('none')}", seed)
    enable(iam, user, serial, seed, first_offset=-2)
    with aws_error("EntityAlreadyExists", 409):
        enable(iam, other, serial, seed, first_offset=0)


def test_codes_are_single_use_across_operations(iam, make_user, device):
    serial, seed = device
    user, _ = make_user(with_key=False)
    enable(iam, user, serial, seed, first_offset=-1)
    # The same two codes again, for a resync: both steps are spent.
    with aws_error("InvalidAuthenticationCode", 403):
        iam.resync_mfa_device(UserName=user, SerialNumber=serial,
                              AuthenticationCode1=code(seed, -1), AuthenticationCode2=code(seed, 0))


def test_resync_accepts_a_drifted_device(iam, make_user, device, connect):
    serial, seed = device
    user, session = make_user()
    enable(iam, user, serial, seed, first_offset=-1)
    # The device's clock now runs five minutes ahead of the server's: it shows the codes of
    # steps +10, +11, … A single code that far out is refused; resync finds the pair and
    # remembers the drift.
    sts = connect(session, "sts")
    with aws_error("AccessDenied", 403):
        sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 10))
    iam.resync_mfa_device(UserName=user, SerialNumber=serial,
                          AuthenticationCode1=code(seed, 10), AuthenticationCode2=code(seed, 11))
    # Afterwards the drifted device's next code opens a session.
    creds = sts.get_session_token(SerialNumber=serial, TokenCode=code(seed, 12))["Credentials"]
    assert creds["AccessKeyId"].startswith("ASIA")


def test_resync_of_unassigned_device_is_no_such_entity(iam, make_user, device):
    serial, seed = device
    user, _ = make_user(with_key=False)
    with aws_error("NoSuchEntity", 404):
        iam.resync_mfa_device(UserName=user, SerialNumber=serial,
                              AuthenticationCode1=code(seed, -1), AuthenticationCode2=code(seed, 0))


def test_eight_devices_in_use_and_no_ninth(iam, make_user):
    user, _ = make_user(with_key=False)
    devices = [create_device(iam, unique("lim")) for _ in range(9)]
    for serial, seed in devices[:8]:
        enable(iam, user, serial, seed)
    assert len(iam.list_mfa_devices(UserName=user)["MFADevices"]) == 8
    with aws_error("LimitExceeded", 409):
        enable(iam, user, *devices[8])
    # Freeing one makes room again.
    iam.deactivate_mfa_device(UserName=user, SerialNumber=devices[0][0])
    enable(iam, user, *devices[8])


def test_the_limit_holds_when_two_enables_race(iam, make_user):
    user, _ = make_user(with_key=False)
    devices = [create_device(iam, unique("race")) for _ in range(9)]
    for serial, seed in devices[:7]:
        enable(iam, user, serial, seed)
    results = []

    def attempt(serial, seed):
        try:
            enable(iam, user, serial, seed)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001
            results.append(getattr(exc, "response", {}).get("Error", {}).get("Code", repr(exc)))

    threads = [threading.Thread(target=attempt, args=d) for d in devices[7:]]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) == ["LimitExceeded", "ok"]
    assert len(iam.list_mfa_devices(UserName=user)["MFADevices"]) == 8


def test_two_concurrent_enables_with_the_same_codes(iam, make_user, device):
    serial, seed = device
    users = [make_user(with_key=False)[0] for _ in range(2)]
    results = []

    def attempt(user):
        try:
            enable(iam, user, serial, seed)
            results.append("ok")
        except Exception as exc:  # noqa: BLE001
            results.append(exc.response["Error"]["Code"])

    threads = [threading.Thread(target=attempt, args=(u,)) for u in users]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert set(results) - {"ok"} <= {"EntityAlreadyExists", "InvalidAuthenticationCode"}


def test_tags(iam):
    name = unique("tag")
    serial, _ = create_device(iam, name, tags=[{"Key": "team", "Value": "a"}])
    iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": "env", "Value": "prod"}])
    tags = {t["Key"]: t["Value"] for t in iam.list_mfa_device_tags(SerialNumber=serial)["Tags"]}
    assert tags == {"team": "a", "env": "prod"}
    iam.untag_mfa_device(SerialNumber=serial, TagKeys=["team"])
    assert [t["Key"] for t in iam.list_mfa_device_tags(SerialNumber=serial)["Tags"]] == ["env"]
    with aws_error("LimitExceeded", 409):
        iam.tag_mfa_device(SerialNumber=serial, Tags=[{"Key": f"k{i}", "Value": "v"} for i in range(50)])
    with aws_error("NoSuchEntity", 404):
        iam.list_mfa_device_tags(SerialNumber=f"arn:aws:iam::{ACCOUNT_ID}:mfa/{unique('none')}")


def test_list_virtual_devices_pages(iam):
    for _ in range(3):
        create_device(iam, unique("page"))
    first = iam.list_virtual_mfa_devices(MaxItems=2)
    assert first["IsTruncated"] and len(first["VirtualMFADevices"]) == 2
    second = iam.list_virtual_mfa_devices(Marker=first["Marker"], MaxItems=1000)
    serials = [d["SerialNumber"] for d in first["VirtualMFADevices"] + second["VirtualMFADevices"]]
    assert len(serials) == len(set(serials))


def test_account_summary_counts_devices(iam, make_user):
    before = iam.get_account_summary()["SummaryMap"]
    user, _ = make_user(with_key=False)
    serial, seed = create_device(iam, unique("sum"))
    create_device(iam, unique("sum"))
    enable(iam, user, serial, seed)
    after = iam.get_account_summary()["SummaryMap"]
    assert after["MFADevices"] == before["MFADevices"] + 2
    assert after["MFADevicesInUse"] == before["MFADevicesInUse"] + 1
    assert after["AccountMFAEnabled"] == 0


def test_no_seed_in_the_database_file(iam, data_dir):
    _, seed = create_device(iam, unique("sec"))
    raw = base64.b32decode(seed)
    for path in data_dir.glob("rampart.db*"):
        content = path.read_bytes()
        assert seed.encode() not in content and raw not in content, path
    # And the device row is there, sealed.
    db = sqlite3.connect(f"file:{data_dir / 'rampart.db'}?mode=ro", uri=True)
    try:
        bodies = [row[0] for row in db.execute("select body from records where kind = 'mfa-device'")]
    finally:
        db.close()
    assert bodies and all(seed not in (b if isinstance(b, str) else b.decode()) for b in bodies)


@pytest.mark.parametrize("method,suffix", [("QRCodePNG", b"\x89PNG"), ("Base32StringSeed", None)])
def test_cli_create_virtual_mfa_device(endpoint, tmp_path, method, suffix):
    out = tmp_path / "bootstrap"
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": ADMIN_KEY_ID, "AWS_SECRET_ACCESS_KEY": ADMIN_SECRET})
    proc = run_cli(["--endpoint-url", endpoint, "iam", "create-virtual-mfa-device",
                    "--virtual-mfa-device-name", unique("cli"), "--outfile", str(out),
                    "--bootstrap-method", method], env)
    assert proc.returncode == 0, proc.stderr
    assert "SerialNumber" in proc.stdout and "Base32StringSeed" not in proc.stdout
    content = out.read_bytes()
    if suffix:
        assert content.startswith(suffix)
    else:
        assert len(content.decode()) == 64 and base64.b32decode(content.decode())
