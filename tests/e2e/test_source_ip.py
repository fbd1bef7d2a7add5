"""aws:SourceIp: the socket's peer address, or, when that peer is a configured trusted proxy, the
client it names in X-Forwarded-For (up to the first hop that is not itself trusted)."""

from __future__ import annotations

import pytest
import requests
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, REGION, RampartServer, as_credentials, dumps, make_session, run_rampart,
)


def context_via(endpoint: str, forwarded: str | None, creds=(ADMIN_KEY_ID, ADMIN_SECRET)) -> dict:
    request = AWSRequest(method="POST", url=endpoint + "/", data=b"{}", headers={
        "Content-Type": "application/x-amz-json-1.1",
        "X-Amz-Target": "RampartAdmin_20261123.GetRequestContext",
    })
    SigV4Auth(as_credentials(creds), "rampart", REGION).add_auth(request)
    headers = dict(request.prepare().headers)
    if forwarded is not None:
        headers["X-Forwarded-For"] = forwarded  # added after signing: proxies add it in flight
    resp = requests.post(endpoint + "/", data=b"{}", headers=headers, timeout=30)
    assert resp.status_code == 200, resp.text
    return resp.json()["Context"]


@pytest.fixture(scope="module")
def proxied(tmp_path_factory):
    """A server that trusts 127.0.0.1 (the test itself plays the load balancer) and 10.0.0.0/8."""
    base = tmp_path_factory.mktemp("proxied")
    data = base / "data"
    run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET)
    server = RampartServer(data, base / "server.log", allow_clock_control=False,
                           extra_args=["--trusted-proxy", "127.0.0.1", "--trusted-proxy", "10.0.0.0/8"]).start()
    yield server
    server.stop()


def test_without_trusted_proxies_the_header_is_ignored(endpoint):
    assert context_via(endpoint, "203.0.113.9")["aws:SourceIp"] == "127.0.0.1"


def test_a_trusted_proxy_names_the_client(proxied):
    assert context_via(proxied.endpoint, None)["aws:SourceIp"] == "127.0.0.1"
    assert context_via(proxied.endpoint, "203.0.113.9")["aws:SourceIp"] == "203.0.113.9"
    # Hops appended by other trusted proxies are skipped; what the client wrote itself is not believed.
    assert context_via(proxied.endpoint, "198.51.100.1, 203.0.113.9, 10.1.2.3")["aws:SourceIp"] == "203.0.113.9"
    assert context_via(proxied.endpoint, "2001:db8::7")["aws:SourceIp"] == "2001:db8::7"
    # Garbage stops the walk at the last address that was known.
    assert context_via(proxied.endpoint, "not-an-ip, 10.1.2.3")["aws:SourceIp"] == "10.1.2.3"


def test_ip_conditions_see_the_forwarded_client(proxied):
    admin = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client("iam", endpoint_url=proxied.endpoint, region_name=REGION)
    admin.create_user(UserName="office")
    admin.put_user_policy(UserName="office", PolicyName="office-only", PolicyDocument=dumps({
        "Version": "2012-10-17", "Statement": [{
            "Effect": "Allow", "Action": "iam:GetUser", "Resource": "*",
            "Condition": {"IpAddress": {"aws:SourceIp": "203.0.113.0/24"}}}]}))
    key = admin.create_access_key(UserName="office")["AccessKey"]
    office = make_session(key["AccessKeyId"], key["SecretAccessKey"]).client(
        "iam", endpoint_url=proxied.endpoint, region_name=REGION)
    forwarded = {"value": None}

    def add_forwarded_for(request, **_):
        if forwarded["value"]:
            request.headers["X-Forwarded-For"] = forwarded["value"]

    office.meta.events.register("before-send.iam.*", add_forwarded_for)
    with pytest.raises(office.exceptions.ClientError) as denied:
        office.get_user()
    assert denied.value.response["Error"]["Code"] == "AccessDenied"
    forwarded["value"] = "198.51.100.4"
    with pytest.raises(office.exceptions.ClientError):
        office.get_user()
    forwarded["value"] = "203.0.113.77"
    assert office.get_user()["User"]["UserName"] == "office"
