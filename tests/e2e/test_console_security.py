"""The console's security-credentials page: adding an authenticator app (QR read back with zbarimg,
codes from pyotp), removing a device with a fresh MFA proof (step-up), changing the password, the
root user enrolling its own device, and every action authorized by the principal's own policies
with the session's MFA facts (AWS's force-MFA self-service policy)."""

from __future__ import annotations

import base64
import html
import itertools
import re
import subprocess
import time

import pytest
import requests

from console_helpers import console_fixtures, ConsoleClient, admin_iam, start_console_server
from e2e_helpers import ACCOUNT_ID, ROOT_EMAIL, ROOT_PASSWORD, dumps, unique
from mfa_helpers import code, wait_for_fresh_step
from test_policy_engine import FORCE_MFA

PASSWORD = "Correct-Horse-9-Battery"
_addresses = itertools.count(1)
server, iam = console_fixtures("console-security")

SELF_SERVICE = {"Version": "2012-10-17", "Statement": [
    {"Effect": "Allow", "Action": ["iam:ListMFADevices", "iam:EnableMFADevice", "iam:DeactivateMFADevice",
                                   "iam:ChangePassword"],
     "Resource": "arn:aws:iam::*:user/${aws:username}"},
    {"Effect": "Allow", "Action": ["iam:CreateVirtualMFADevice", "iam:DeleteVirtualMFADevice"],
     "Resource": "arn:aws:iam::*:mfa/*"},
]}


@pytest.fixture
def client(server):
    return ConsoleClient(server.endpoint, client_ip=f"198.51.100.{next(_addresses)}")


@pytest.fixture
def server_clock(server):
    offsets = []

    def shift(seconds: int):
        resp = requests.post(server.endpoint + "/_rampart/clock", json={"offset_seconds": seconds}, timeout=10)
        assert resp.status_code < 300
        offsets.append(seconds)

    yield shift
    requests.post(server.endpoint + "/_rampart/clock", json={"offset_seconds": 0}, timeout=10)


def make_user(iam, policy=SELF_SERVICE) -> str:
    name = unique("sec")
    iam.create_user(UserName=name)
    iam.create_login_profile(UserName=name, Password=PASSWORD)
    if policy:
        iam.put_user_policy(UserName=name, PolicyName="self-service", PolicyDocument=dumps(policy))
    return name


def add_authenticator(client: ConsoleClient, name: str, tmp_path, step_up_code: str | None = None) -> str:
    form = {"name": name}
    if step_up_code:
        form["code"] = step_up_code
    page = client.post("/console/security/authenticator", form)
    assert 'id="qr"' in page.text, page.text
    seed = html.unescape(re.search(r'id="seed">([^<]*)<', page.text).group(1)).replace(" ", "")
    png = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', page.text).group(1))
    image = tmp_path / f"{name}.png"
    image.write_bytes(png)
    decoded = subprocess.run(["zbarimg", "--quiet", "--raw", str(image)], capture_output=True, text=True,
                             check=True).stdout.strip()
    assert decoded.startswith("otpauth://totp/") and f"secret={seed}" in decoded
    wait_for_fresh_step()
    serial = re.search(r'name="serial" value="([^"]+)"', page.text).group(1)
    done = client.post("/console/security/authenticator/enable",
                       {"serial": html.unescape(serial), "code1": code(seed, -1), "code2": code(seed, 0)})
    assert done.message is None or "added" in (re.search(r'class="notice"[^>]*>([^<]*)<', done.text) or [""])[0], done.text
    assert html.unescape(serial) in done.text
    return seed


def test_add_an_authenticator_then_sign_in_with_it(client, iam, tmp_path, server):
    user = make_user(iam)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    page = client.get("/console/security")
    assert 'id="no-devices"' in page.text
    seed = add_authenticator(client, unique("app"), tmp_path)
    assert len(iam.list_mfa_devices(UserName=user)["MFADevices"]) == 1
    client.post("/console/signout", {})
    again = ConsoleClient(server.endpoint, client.client_ip)
    assert again.sign_in(ACCOUNT_ID, user, PASSWORD).url.endswith("/console/mfa")
    reply = again.post("/console/mfa", {"code": code(seed, 1)})
    assert 'id="mfa-used">yes<' in reply.text


def test_removing_a_device_needs_a_fresh_code(client, iam, tmp_path, server, server_clock):
    user = make_user(iam)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    seed = add_authenticator(client, unique("app"), tmp_path)
    serial = iam.list_mfa_devices(UserName=user)["MFADevices"][0]["SerialNumber"]
    # Sign in again with the device: MFA is fresh for five minutes, then a change needs a new code.
    client.post("/console/signout", {})
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    client.post("/console/mfa", {"code": code(seed, 1)})
    server_clock(6 * 60)
    page = client.get("/console/security")
    # One confirmation for every change, not a code box under each button.
    assert 'id="confirm-needed"' in page.text and 'name="code"' not in page.text
    asked = client.post("/console/security/remove", {"serial": serial})
    assert "/console/verify?next=security&pending=" in asked.url and "Confirm it is you" in asked.text
    assert len(iam.list_mfa_devices(UserName=user)["MFADevices"]) == 1
    refused = client.post("/console/security/remove", {"serial": serial, "code": "000000"})
    assert refused.message.startswith("The code is not valid")
    assert len(iam.list_mfa_devices(UserName=user)["MFADevices"]) == 1
    server_now = time.time() + 6 * 60
    removed = client.post("/console/security/remove", {"serial": serial, "code": code(seed, 0, server_now)})
    assert "The device was removed." in removed.text, removed.text
    assert iam.list_mfa_devices(UserName=user)["MFADevices"] == []
    assert iam.list_virtual_mfa_devices(AssignmentStatus="Unassigned")["VirtualMFADevices"] is not None
    assert all(d["SerialNumber"] != serial for d in iam.list_virtual_mfa_devices()["VirtualMFADevices"])


def test_without_permissions_the_page_says_so(client, iam):
    user = make_user(iam, policy=None)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    page = client.get("/console/security")
    # In words, naming the permission and who grants it; not IAM's message with its ARNs.
    assert page.message == (f"You cannot do this: your permissions do not include iam:ListMFADevices. Ask an "
                            f"administrator of account {ACCOUNT_ID} to allow iam:ListMFADevices for you.")
    refused = client.post("/console/security/authenticator", {"name": unique("app")})
    assert "iam:CreateVirtualMFADevice" in refused.message and 'id="qr"' not in refused.text


def test_force_mfa_policy_governs_console_actions(client, iam, tmp_path, server):
    user = make_user(iam, policy=FORCE_MFA)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    # Without MFA the policy still lets the user list, create and enable a device...
    seed = add_authenticator(client, user, tmp_path)
    serial = iam.list_mfa_devices(UserName=user)["MFADevices"][0]["SerialNumber"]
    # ...but not change the password: DenyAllExceptListedIfNoMFA applies to this session (MFA false).
    denied = client.post("/console/security/password", {"old": PASSWORD, "new": "New-Passw0rd-1", "confirm": "New-Passw0rd-1"})
    assert "explicit deny" in denied.message
    client.post("/console/signout", {})
    with_mfa = ConsoleClient(server.endpoint, client.client_ip)
    with_mfa.sign_in(ACCOUNT_ID, user, PASSWORD)
    with_mfa.post("/console/mfa", {"code": code(seed, 1)})
    changed = with_mfa.post("/console/security/password", {"old": PASSWORD, "new": "New-Passw0rd-1",
                                                          "confirm": "New-Passw0rd-1"})
    assert "Your password was changed." in changed.text, changed.message
    assert serial in with_mfa.get("/console/security").text


def test_forms_need_a_session_and_csrf(client, iam):
    refused = client.post("/console/security/remove", {"serial": "x"}, with_csrf=False)
    assert refused.status == 403
    assert client.post("/console/security/remove", {"serial": "x"}).url.endswith("/console/signin")
    assert client.get("/console/security").url.endswith("/console/signin")


def test_root_enrolls_its_own_device_and_must_keep_one(client, iam, tmp_path, server):
    assert client.sign_in_root(ROOT_EMAIL, ROOT_PASSWORD).url.endswith("/console/enroll")
    # "Set up MFA now" opens a session that can only set up a device.
    page = client.post("/console/enroll", {"action": "setup"})
    assert page.url.endswith("/console/security") and "set up a device to continue" in page.text
    assert client.get("/console").url.endswith("/console/security")
    seed = add_authenticator(client, unique("root-app"), tmp_path)
    assert 'id="arn"' in client.get("/console").text
    summary = iam.get_account_summary()["SummaryMap"]
    assert summary["AccountMFAEnabled"] == 1
    page = client.get("/console/security")
    serial = re.search(r'name="serial" value="([^"]+)"', page.text).group(1)
    # Root signed in before it had a device, so removing one first needs a confirmation (step-up)...
    unproven = client.post("/console/security/remove", {"serial": html.unescape(serial)})
    assert "/console/verify?next=security&pending=" in unproven.url
    wrong = client.post("/console/security/remove", {"serial": html.unescape(serial), "code": "000000"})
    assert wrong.message.startswith("The code is not valid")
    # ...and even with one, root may not remove its last device.
    refused = client.post("/console/security/remove", {"serial": html.unescape(serial), "code": code(seed, 1)})
    assert refused.message == "The root user must keep at least one MFA device."
    assert iam.get_account_summary()["SummaryMap"]["AccountMFAEnabled"] == 1
    # Root now needs a code to sign in.
    again = ConsoleClient(server.endpoint, client.client_ip)
    assert again.sign_in_root(ROOT_EMAIL, ROOT_PASSWORD).url.endswith("/console/mfa")


def test_rename_a_device(client, iam, tmp_path, server):
    user = make_user(iam)
    client.sign_in(ACCOUNT_ID, user, PASSWORD)
    add_authenticator(client, unique("app"), tmp_path)
    serial = iam.list_mfa_devices(UserName=user)["MFADevices"][0]["SerialNumber"]
    renamed = client.post("/console/security/rename", {"serial": serial, "nickname": "<b>Work phone</b>"})
    assert "The device was renamed." in renamed.text
    assert 'id="nickname-0">&lt;b&gt;Work phone&lt;/b&gt;<' in renamed.text and "<b>Work phone" not in renamed.text
    # The serial number is what AWS's API knows, and it does not change.
    assert iam.list_mfa_devices(UserName=user)["MFADevices"][0]["SerialNumber"] == serial
    other = make_user(iam)
    other_serial = f"arn:aws:iam::{ACCOUNT_ID}:mfa/{unique('theirs')}"
    refused = client.post("/console/security/rename", {"serial": other_serial, "nickname": "mine now"})
    assert "does not exist" in refused.message
    too_long = client.post("/console/security/rename", {"serial": serial, "nickname": "x" * 65})
    assert too_long.message == "A device name is at most 64 characters on one line."
