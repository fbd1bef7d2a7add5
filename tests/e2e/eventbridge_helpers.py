"""EventBridge test helpers: an HTTP receiver on loopback (Python's http.server in a thread) that records
every request and answers what the test tells it to, an OAuth token endpoint, and small builders for
connections, API destinations and rules."""

from __future__ import annotations

import base64
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from e2e_helpers import ACCOUNT_ID, REGION, unique


class Receiver:
    """A loopback HTTP server. `received` holds (method, path, headers, body) of every request in arrival
    order; `status` is what it answers (set it to 503 to play a receiver that is down); `stop()` closes
    the port, `start()` opens it again on the same port."""

    def __init__(self, port: int = 0):
        self.received: list[dict] = []
        self.status = 200
        self.tokens_issued = 0
        self.token_requests: list[dict] = []
        self.valid_token = "token-" + unique("oauth")
        self._lock = threading.Lock()
        self.port = port
        self.server = None
        self.start()

    def start(self) -> "Receiver":
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def _serve(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length).decode() if length else ""
                entry = {"method": self.command, "path": self.path, "headers": {k.lower(): v for k, v in
                                                                                  self.headers.items()},
                         "body": body}
                if self.path.startswith("/oauth/token"):
                    with receiver._lock:
                        receiver.token_requests.append(entry)
                        receiver.tokens_issued += 1
                    payload = json.dumps({"access_token": receiver.valid_token, "token_type": "Bearer",
                                          "expires_in": 3600}).encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(payload)))
                    self.end_headers()
                    self.wfile.write(payload)
                    return
                with receiver._lock:
                    receiver.received.append(entry)
                    status = receiver.status
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_POST = do_PUT = do_GET = do_PATCH = do_DELETE = _serve

        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    def url(self, path: str = "/hook") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def events(self, path: str | None = None) -> list[dict]:
        """The JSON bodies received (on `path` when given), in order."""
        with self._lock:
            entries = list(self.received)
        return [json.loads(e["body"]) for e in entries if path is None or e["path"].startswith(path)]

    def entries(self, path: str) -> list[dict]:
        with self._lock:
            return [e for e in self.received if e["path"].startswith(path)]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def api_key_connection(events, name: str | None = None, key_name="X-Alert-Key", key_value="s3cret-value"):
    name = name or unique("conn")
    arn = events.create_connection(
        Name=name, AuthorizationType="API_KEY",
        AuthParameters={"ApiKeyAuthParameters": {"ApiKeyName": key_name, "ApiKeyValue": key_value}})["ConnectionArn"]
    return name, arn


def destination(events, connection_arn: str, endpoint: str, name: str | None = None, **extra) -> str:
    name = name or unique("dest")
    return events.create_api_destination(
        Name=name, ConnectionArn=connection_arn, InvocationEndpoint=endpoint, HttpMethod="POST",
        **extra)["ApiDestinationArn"]


# The role EventBridge invokes API destinations with (PutTargets requires one for them, as on AWS).
TARGET_ROLE = f"arn:aws:iam::{ACCOUNT_ID}:role/eventbridge-api-destinations"


def rule_to(events, pattern: dict, destination_arn: str, name: str | None = None, **target) -> str:
    name = name or unique("rule")
    events.put_rule(Name=name, EventPattern=json.dumps(pattern))
    reply = events.put_targets(Rule=name, Targets=[{"Id": "t1", "Arn": destination_arn, "RoleArn": TARGET_ROLE,
                                                     **target}])
    assert reply["FailedEntryCount"] == 0, reply
    return name


def rule_arn(name: str) -> str:
    return f"arn:aws:events:{REGION}:{ACCOUNT_ID}:rule/{name}"
