"""A request-level fuzzer against a running server.

Valid requests (botocore-signed IAM and STS Query calls, a presigned STS URL, admin JSON 1.1
calls, console form posts) are mutated at random: byte flips, truncations, duplicated and huge
parameters, bad percent-escapes, random headers, wrong methods, random X-Amz-Target values,
deeply nested JSON. Every answer must arrive in time, never be a 5xx, and be a success or an
AWS-shaped error (`<ErrorResponse>` with a `<Code>` for Query, a JSON object with `__type` for
JSON 1.1) on every path but the console's, whatever the path, method or header bytes: the HTTP
layer's own refusals (malformed HTTP, no route, wrong method) are AWS errors too. At the end the
server must still answer a valid signed call.

The run is bounded (RAMPART_FUZZ_REQUESTS, default 2000, and about 40 s) and reproducible
(RAMPART_FUZZ_SEED, default 20261206); a longer run:
    RAMPART_FUZZ_REQUESTS=100000 RAMPART_FUZZ_TIME=3600 RAMPART_FUZZ_SEED=7 pytest tests/e2e/test_request_fuzz.py
"""

from __future__ import annotations

import json
import os
import random
import time
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

import pytest
import requests
from botocore.awsrequest import AWSRequest
from botocore.auth import SigV4Auth

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, IAM_VERSION, REGION, ROOT_EMAIL, ROOT_PASSWORD, STS_VERSION,
    RampartServer, as_credentials, build_signed_request, presigned_url, run_rampart,
)

SEED = int(os.environ.get("RAMPART_FUZZ_SEED", "20261206"))
REQUESTS = int(os.environ.get("RAMPART_FUZZ_REQUESTS", "2000"))
TIME_CAP = float(os.environ.get("RAMPART_FUZZ_TIME", "40"))
# One answer may take this long (a debug build on a busy machine); more is a blow-up.
ANSWER_BOUND = float(os.environ.get("RAMPART_FUZZ_ANSWER_SECONDS", "5"))
ADMIN = (ADMIN_KEY_ID, ADMIN_SECRET)
JSON_CT = "application/x-amz-json-1.1"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("request-fuzz")
    data = base / "data"
    run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET, "--root-email", ROOT_EMAIL,
                "--root-password", ROOT_PASSWORD)
    started = RampartServer(data, base / "server.log", allow_clock_control=False).start()
    yield started
    started.stop()


# ---------------------------------------------------------------------------
# Valid requests to start from: (method, url, headers, body, route)
# ---------------------------------------------------------------------------
def query_call(endpoint, params, service="iam"):
    url, headers, body = build_signed_request(endpoint, params, service=service, creds=ADMIN)
    return "POST", url, headers, body, "query"


def json_call(endpoint, operation, body):
    payload = json.dumps(body).encode()
    request = AWSRequest(method="POST", url=endpoint + "/", data=payload, headers={
        "Content-Type": JSON_CT, "X-Amz-Target": f"RampartAdmin_20261123.{operation}"})
    SigV4Auth(as_credentials(ADMIN), "rampart", REGION).add_auth(request)
    prepared = request.prepare()
    return "POST", prepared.url, dict(prepared.headers), prepared.body or b"", "json"


def seeds(endpoint):
    iam = {"Version": IAM_VERSION}
    sts = {"Version": STS_VERSION}
    policy = json.dumps({"Version": "2012-10-17", "Statement": [
        {"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*",
         "Condition": {"StringLike": {"aws:username": "${aws:username}"}}}]})
    return [
        query_call(endpoint, {"Action": "ListUsers", **iam, "MaxItems": "5"}),
        query_call(endpoint, {"Action": "GetUser", **iam, "UserName": "admin"}),
        query_call(endpoint, {"Action": "CreateUser", **iam, "UserName": "fuzz-user", "Path": "/fuzz/",
                              "Tags.member.1.Key": "k", "Tags.member.1.Value": "v"}),
        query_call(endpoint, {"Action": "CreatePolicy", **iam, "PolicyName": "fuzz-policy",
                              "PolicyDocument": policy}),
        query_call(endpoint, {"Action": "SimulatePrincipalPolicy", **iam,
                              "PolicySourceArn": f"arn:aws:iam::{ACCOUNT_ID}:user/admin",
                              "ActionNames.member.1": "iam:GetUser",
                              "ContextEntries.member.1.ContextKeyName": "aws:CurrentTime",
                              "ContextEntries.member.1.ContextKeyValues.member.1": "2020-01-01T00:00:00Z",
                              "ContextEntries.member.1.ContextKeyType": "date"}),
        query_call(endpoint, {"Action": "GetCallerIdentity", **sts}, service="sts"),
        query_call(endpoint, {"Action": "GetSessionToken", **sts, "DurationSeconds": "900"}, service="sts"),
        ("GET", presigned_url(endpoint, {"Action": "GetCallerIdentity", **sts}, creds=ADMIN), {}, b"", "query"),
        json_call(endpoint, "GetRequestContext", {}),
        json_call(endpoint, "GetRequestContext", {"Extra": [1, {"a": None}], "N": 1.5e300}),
        ("GET", endpoint + "/console/signin", {}, b"", "console"),
        ("POST", endpoint + "/console/signin", {"Content-Type": "application/x-www-form-urlencoded",
                                                "Cookie": "rampart-csrf=abc"},
         b"kind=iam&account=123456789012&username=nobody&password=wrong&csrf=abc", "console"),
        ("POST", endpoint + "/console/signin", {"Content-Type": "application/x-www-form-urlencoded"},
         b"kind=root&email=root%40example.com&password=wrong", "console"),
    ]


# ---------------------------------------------------------------------------
# Mutations
# ---------------------------------------------------------------------------
JUNK_HEADERS = ["X-Amz-Target", "Content-Type", "Authorization", "X-Amz-Date", "X-Amz-Security-Token",
                "Content-Encoding", "Cookie", "X-Forwarded-For", "X-CSRF-Token", "Expect", "Host-Fuzz"]
TARGETS = ["RampartAdmin_20261123.", "RampartAdmin_20261123.GetRequestContext", "AWSIdentityManagementV20100508.ListUsers",
           "RampartAdmin_20261123.%s", ".", "RampartAdmin_20261123.GetRequestContext.x", "\u00e9\u00e9"]
METHODS = ["GET", "PUT", "DELETE", "PATCH", "OPTIONS", "HEAD", "POST"]


def flip(rng, data: bytes) -> bytes:
    if not data:
        return bytes([rng.randrange(256)])
    out = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        i = rng.randrange(len(out))
        out[i] = rng.choice([out[i] ^ (1 << rng.randrange(8)), rng.randrange(256),
                             ord(rng.choice("%&=.+\x00\xff{}[]\"\\"))])
    return bytes(out)


def nested_json(rng) -> bytes:
    depth = rng.choice([64, 512, 5000, 50000])
    opener, closer = rng.choice([("[", "]"), ('{"a":', "}")])
    return (opener * depth + "1" + closer * (depth if rng.random() < 0.7 else rng.randrange(depth))).encode()


def mutate(rng, seed):
    method, url, headers, body, route = seed
    headers = dict(headers)
    split = urlsplit(url)
    base = f"{split.scheme}://{split.netloc}"
    path, query = split.path or "/", split.query
    kind = rng.randrange(16)
    if kind == 0:
        body = flip(rng, body)
    elif kind == 1:
        body = body[:rng.randrange(len(body) + 1)]
    elif kind == 2:  # duplicated and repeated parameters
        params = body.split(b"&") if body else [b"Action=ListUsers"]
        body = b"&".join(params + [rng.choice(params) for _ in range(rng.choice([1, 10, 3000]))])
    elif kind == 3:  # a huge parameter or key
        size = rng.choice([1000, 70000, 600000])
        filler = rng.choice([b"a", b".", b"%41", b"&", b"=", b"member.1."])
        body = body + b"&" + (filler * (size // len(filler)))[:size] + b"=" + b"x" * rng.randrange(100)
    elif kind == 4:  # bad percent-escapes
        body = body + rng.choice([b"&A=%", b"&A=%G1", b"&%zz=1", b"&A=%C3%28", b"&A=%ED%A0%80", b"&A=%00",
                                  b"&UserName=%FF%FE"])
    elif kind == 5:
        headers[rng.choice(JUNK_HEADERS)] = "".join(
            chr(rng.choice([rng.randrange(32, 127), rng.randrange(160, 255)])) for _ in range(rng.randrange(1, 300)))
    elif kind == 6:
        method = rng.choice(METHODS)
    elif kind == 7:
        headers["X-Amz-Target"] = rng.choice(TARGETS) if rng.random() < 0.7 else flip(rng, b"RampartAdmin_20261123.X").decode("latin-1")
        headers["Content-Type"] = rng.choice([JSON_CT, "application/json", "application/x-amz-json-1.0", ""])
    elif kind == 8:
        body = nested_json(rng)
        headers["Content-Type"] = JSON_CT
        headers.setdefault("X-Amz-Target", "RampartAdmin_20261123.GetRequestContext")
    elif kind == 9:  # mutate the query string (presigned URLs and junk on POSTs)
        query = flip(rng, query.encode()).decode("latin-1") if query else "Action=ListUsers&X-Amz-Signature=%"
    elif kind == 10:  # mutate a signed header's value
        name = rng.choice([h for h in headers] or ["Authorization"])
        headers[name] = flip(rng, headers.get(name, "").encode()).decode("latin-1")
    elif kind == 11:
        path = rng.choice(["//", "/%", "/..", "/" + "a" * 5000, "/console/../", "/console/signin/%ZZ", "/?", "/healthz",
                           "/console/" + "x/" * 200, "/%2e%2e/"])
    elif kind == 12:  # the Authorization header's fields mangled
        auth = headers.get("Authorization", "AWS4-HMAC-SHA256 Credential=a/b/c/d/aws4_request")
        auth = auth.replace(rng.choice([",", "=", "/", " ", "Signature"]), rng.choice(["", ",,", "==", "/" * 50, "\t"]))
        headers["Authorization"] = auth
    elif kind == 13:  # many headers
        for i in range(rng.choice([10, 80])):
            headers[f"X-Fuzz-{i}"] = "v" * rng.randrange(200)
    elif kind == 14:  # random bytes as a body
        body = bytes(rng.randrange(256) for _ in range(rng.randrange(1, 2000)))
    else:  # a cookie storm
        headers["Cookie"] = "; ".join(
            rng.choice(["rampart-session", "rampart-csrf", "", "=", "a"]) + "=" + "x" * rng.randrange(50)
            for _ in range(rng.randrange(1, 200)))
    url = base + path + ("?" + query if query else "")
    headers.pop("Content-Length", None)
    return method, url, headers, body, route


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------
def console_path(path: str) -> bool:
    """The console's paths, which answer browsers in HTML and plain text."""
    return path == "/console" or path.startswith("/console/")


def aws_shaped(resp: requests.Response, method: str) -> bool:
    """A Query error (`<ErrorResponse>` holding a `<Code>`) or a JSON 1.1 error (`__type`). An answer
    to HEAD has no body; its headers must announce one of the two."""
    if method == "HEAD":
        return resp.headers.get("Content-Type") in ("text/xml", JSON_CT) and "Content-Length" in resp.headers
    text = resp.content
    if text.lstrip().startswith(b"<"):
        try:
            root = ET.fromstring(text)
        except ET.ParseError:
            return False
        return root.tag.rsplit("}", 1)[-1] == "ErrorResponse" and any(
            e.tag.rsplit("}", 1)[-1] == "Code" and (e.text or "").strip() for e in root.iter())
    try:
        doc = json.loads(text)
    except ValueError:
        return False
    return isinstance(doc, dict) and isinstance(doc.get("__type"), str) and bool(doc["__type"])


def test_mutated_requests_get_aws_errors_and_the_server_survives(server):
    rng = random.Random(SEED)
    base = seeds(server.endpoint)
    session = requests.Session()
    failures: list[str] = []
    sent = unsendable = dropped = 0
    slowest = 0.0
    started = time.monotonic()
    for n in range(REQUESTS):
        if time.monotonic() - started > TIME_CAP:
            break
        method, url, headers, body, route = mutate(rng, rng.choice(base))
        if rng.random() < 0.15:  # a second mutation on top of the first
            method, url, headers, body, route = mutate(rng, (method, url, headers, body, route))
        t0 = time.monotonic()
        try:
            resp = session.request(method, url, headers=headers, data=body, timeout=ANSWER_BOUND * 2,
                                   allow_redirects=False)
        except (requests.exceptions.InvalidHeader, requests.exceptions.InvalidURL, ValueError, UnicodeError):
            unsendable += 1  # the client refuses to send it; nothing reached the server
            continue
        except requests.exceptions.ConnectionError as exc:
            # The server may close a connection on a request it cannot frame (a huge header
            # section); it must still be alive, which the next request and the final call check.
            dropped += 1
            session = requests.Session()
            if server.proc.poll() is not None:
                pytest.fail(f"server died on request {n} ({method} {url[:200]}): {exc}")
            continue
        except requests.exceptions.Timeout:
            failures.append(f"#{n} {method} {url[:120]}: no answer in {ANSWER_BOUND * 2}s")
            continue
        elapsed = time.monotonic() - t0
        slowest = max(slowest, elapsed)
        sent += 1
        path = urlsplit(url).path
        where = f"#{n} {method} {url[:120]} -> {resp.status_code}"
        if elapsed > ANSWER_BOUND:
            failures.append(f"{where}: answered in {elapsed:.1f}s")
        if resp.status_code >= 500:
            failures.append(f"{where}: {resp.text[:300]}")
        elif resp.status_code >= 400 and not console_path(path) and not aws_shaped(resp, method):
            failures.append(f"{where}: not an AWS error shape: {resp.headers.get('Content-Type')} "
                            f"{resp.text[:300]!r}; sent {sorted(headers)[:12]} body {body[:80]!r}")
        if len(failures) > 20:
            break
    elapsed = time.monotonic() - started
    print(f"request fuzz: seed {SEED}, {sent} answered, {dropped} connections closed, {unsendable} unsendable, "
          f"{elapsed:.1f}s, slowest {slowest:.2f}s")
    assert server.proc.poll() is None, "the server exited"
    method, url, headers, body, _ = query_call(server.endpoint, {"Action": "GetCallerIdentity",
                                                                 "Version": STS_VERSION}, service="sts")
    final = requests.post(url, headers=headers, data=body, timeout=10)
    assert final.status_code == 200 and b"<Arn>" in final.content, final.text
    assert not failures, "\n".join(failures)
    assert sent > 0
