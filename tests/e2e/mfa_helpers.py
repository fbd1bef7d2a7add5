"""TOTP codes for the MFA tests, computed by pyotp (an implementation independent of Rampart's),
and the admin API (JSON 1.1, SigV4 service `rampart`) signed by botocore."""

from __future__ import annotations

import json
import time

import pyotp
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

from e2e_helpers import REGION, as_credentials

STEP = 30


def wait_for_fresh_step(margin: float = 8.0) -> None:
    """Sleep past the next 30-second boundary when it is near, so that a test computing codes
    now and sending them within `margin` seconds sees the same step as the server."""
    into = time.time() % STEP
    if into > STEP - margin:
        time.sleep(STEP - into + 0.3)


def totp(seed: str) -> pyotp.TOTP:
    return pyotp.TOTP(seed)


def code(seed: str, step_offset: int = 0, now: float | None = None) -> str:
    """The code of the step `step_offset` steps from now (server time when `now` is given)."""
    t = (time.time() if now is None else now) + step_offset * STEP
    return pyotp.TOTP(seed).at(t)


def enable(iam, user: str, serial: str, seed: str, first_offset: int = -1, now: float | None = None) -> None:
    """EnableMFADevice with the codes of steps (first_offset, first_offset + 1) around now.
    The device then refuses every step up to first_offset + 1."""
    iam.enable_mfa_device(UserName=user, SerialNumber=serial,
                          AuthenticationCode1=code(seed, first_offset, now),
                          AuthenticationCode2=code(seed, first_offset + 1, now))


def create_device(iam, name: str, path: str = "/", tags=None) -> tuple[str, str]:
    """A new virtual device: (serial number, base32 seed)."""
    kwargs = {"VirtualMFADeviceName": name, "Path": path}
    if tags:
        kwargs["Tags"] = tags
    device = iam.create_virtual_mfa_device(**kwargs)["VirtualMFADevice"]
    return device["SerialNumber"], device["Base32StringSeed"].decode()


def admin_call(endpoint: str, creds, operation: str, body: dict | None = None) -> requests.Response:
    """One call to Rampart's admin API, signed like an SDK signs a JSON 1.1 request."""
    payload = json.dumps(body or {}).encode()
    request = AWSRequest(method="POST", url=endpoint + "/", data=payload, headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": f"RampartAdmin_20261123.{operation}",
    })
    SigV4Auth(as_credentials(creds), "rampart", REGION).add_auth(request)
    prepared = request.prepare()
    return requests.post(prepared.url, data=prepared.body, headers=dict(prepared.headers), timeout=30)


def request_context(endpoint: str, creds) -> dict:
    resp = admin_call(endpoint, creds, "GetRequestContext")
    assert resp.status_code == 200, resp.text
    return resp.json()["Context"]
