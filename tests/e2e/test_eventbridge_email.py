"""Email alerts over SMTP: with `--smtp-url`, a rule's SNS-topic target mails each matching event to the
addresses subscribed to that topic (`--email-subscription`), through a tiny SMTP server on loopback written
for these tests (smtp_helpers): exactly the matching events, with From, To, Subject, Date, Message-ID and
the event's JSON; AUTH with the configured credentials (never in the log or `config check`); a server that
is down or answers 4xx is retried until it takes the message, once; bad credentials are dead-lettered
with the server's reply; STARTTLS is used when offered and required by default."""

from __future__ import annotations

import json
import ssl
import time

import pytest

from console_helpers import start_console_server
from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, make_session, run_rampart, unique, wait_until,
)
from smtp_helpers import SMTPServer

PASSWORD = "smtp-Passw0rd-" + unique("p")
SUBSCRIBED = "security-alerts"
RECIPIENTS = ["ops@example.com", "sec@example.com"]


def smtp_args(smtp: SMTPServer, password_file, *extra) -> list[str]:
    return ["--smtp-url", smtp.url, "--smtp-starttls", "optional", "--smtp-from", "alerts@rampart.test",
            "--smtp-username", "alerts", "--smtp-password-file", str(password_file),
            "--email-subscription", f"{SUBSCRIBED}={','.join(RECIPIENTS)}", *extra]


@pytest.fixture(scope="module")
def smtp():
    started = SMTPServer(username="alerts", password=PASSWORD)
    yield started
    started.stop()


@pytest.fixture(scope="module")
def server(tmp_path_factory, smtp):
    password_file = tmp_path_factory.mktemp("smtp-secret") / "password"
    password_file.write_text(PASSWORD + "\n")
    started = start_console_server(tmp_path_factory, "eventbridge-email", extra_args=smtp_args(smtp, password_file))
    yield started
    started.stop()


def events_client(server):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "events", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)


@pytest.fixture(scope="module")
def events(server):
    return events_client(server)


def topic_arn(topic: str) -> str:
    return f"arn:aws:sns:{REGION}:{ACCOUNT_ID}:{topic}"


def mail_rule(events, source: str, topic: str = SUBSCRIBED, **target) -> str:
    name = unique("mail")
    events.put_rule(Name=name, EventPattern=json.dumps({"source": [source]}))
    reply = events.put_targets(Rule=name, Targets=[{"Id": "mail", "Arn": topic_arn(topic), **target}])
    assert reply["FailedEntryCount"] == 0, reply
    return name


def put(events, source: str, detail: dict) -> str:
    reply = events.put_events(Entries=[{"Source": source, "DetailType": "alert", "Detail": json.dumps(detail)}])
    assert reply["FailedEntryCount"] == 0, reply
    return reply["Entries"][0]["EventId"]


def mails_of(smtp: SMTPServer, event_id: str) -> list[dict]:
    return [m for m in smtp.received() if event_id.encode() in m["data"]]


def dead_letters(server) -> list[dict]:
    folder = server.data_dir / "dead-letters"
    return [json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))] if folder.exists() else []


def test_matching_events_are_mailed_to_the_subscribers(server, events, smtp):
    source = unique("app")
    mail_rule(events, source)
    # A long detail: the body is quoted-printable, so no line passes SMTP's 1000-byte limit.
    event_id = put(events, source, {"alert": "root sign-in", "note": "x" * 3000, "line": ".starts with a dot"})
    other = put(events, unique("other"), {"alert": "not for this rule"})
    assert wait_until(lambda: mails_of(smtp, event_id), timeout=10)
    time.sleep(1)
    assert len(mails_of(smtp, event_id)) == 1 and not mails_of(smtp, other)
    mail = mails_of(smtp, event_id)[0]
    assert mail["from"] == "alerts@rampart.test" and mail["to"] == RECIPIENTS and mail["user"] == "alerts"
    assert all(len(line) <= 1000 for line in mail["data"].split(b"\r\n"))
    message = smtp.parsed(smtp.received().index(mail))
    assert message["From"] == "AWS Notifications <alerts@rampart.test>"
    assert message["To"] == ", ".join(RECIPIENTS)
    assert message["Subject"] == "AWS Notification Message"
    assert message["Message-ID"] == f"<{event_id}.mail@rampart.events>"
    assert message["Date"].datetime.timestamp() == pytest.approx(time.time(), abs=30)
    assert message["X-Rampart-Topic-Arn"] == topic_arn(SUBSCRIBED)
    body = json.loads(message.get_content())
    assert body["id"] == event_id and body["source"] == source and body["detail-type"] == "alert"
    assert body["detail"] == {"alert": "root sign-in", "note": "x" * 3000, "line": ".starts with a dot"}
    # Plain text to a loopback server that offers no STARTTLS (--smtp-starttls optional), AUTH PLAIN first.
    assert "AUTH PLAIN" in smtp.commands
    assert PASSWORD not in server.output()


def test_input_transformer_shapes_the_mail_and_unsubscribed_topics_go_to_the_outbox(server, events, smtp):
    source = unique("app")
    mail_rule(events, source, InputTransformer={"InputPathsMap": {"who": "$.detail.who"},
                                                "InputTemplate": '"<who> signed in"'})
    topic = unique("nobody-subscribed")
    mail_rule(events, source, topic=topic)
    event_id = put(events, source, {"who": "root"})
    assert wait_until(lambda: [m for m in smtp.received() if f"<{event_id}.mail@".encode() in m["data"]], timeout=10)
    mail = next(m for m in smtp.received() if f"<{event_id}.mail@".encode() in m["data"])
    message = smtp.parsed(smtp.received().index(mail))
    assert message.get_content().strip() == '"root signed in"'
    folder = server.data_dir / "outbox" / topic
    files = wait_until(lambda: sorted(folder.glob("*.eml")) if folder.exists() else [], timeout=10)
    assert len(files) == 1 and event_id in files[0].name


def test_a_server_that_is_down_gets_the_mail_once_it_is_back(server, events, smtp):
    source = unique("app")
    mail_rule(events, source)
    smtp.stop()
    try:
        event_id = put(events, source, {"n": 1})
        time.sleep(3.5)  # attempts after 0, 1 and 3 s are refused
        assert not mails_of(smtp, event_id)
    finally:
        smtp.start()
    assert wait_until(lambda: mails_of(smtp, event_id), timeout=15)
    time.sleep(1)
    assert len(mails_of(smtp, event_id)) == 1
    assert not [d for d in dead_letters(server) if d["event"]["id"] == event_id]


def test_a_4xx_reply_is_retried_and_the_message_sent_once(server, events, smtp):
    source = unique("app")
    mail_rule(events, source)
    smtp.refuse["MESSAGE"] = ["451 4.3.0 mailbox busy, try later", 2]
    event_id = put(events, source, {"n": 2})
    assert wait_until(lambda: mails_of(smtp, event_id), timeout=15)
    assert smtp.refuse["MESSAGE"][1] == 0  # refused twice, then taken
    time.sleep(1)
    assert len(mails_of(smtp, event_id)) == 1


def test_a_5xx_reply_is_dead_lettered_with_the_reason(server, events, smtp):
    source = unique("app")
    mail_rule(events, source)
    smtp.refuse["RCPT"] = ["550 5.1.1 no such mailbox", 1]
    event_id = put(events, source, {"n": 3})
    letters = wait_until(lambda: [d for d in dead_letters(server) if d["event"]["id"] == event_id], timeout=10)
    assert len(letters) == 1
    letter = letters[0]
    assert letter["attempts"] == 1 and letter["targetArn"] == topic_arn(SUBSCRIBED)
    assert letter["invocationEndpoint"] == "mailto:" + ",".join(RECIPIENTS)
    assert "RCPT TO <ops@example.com>: 550 5.1.1 no such mailbox" in letter["reason"]
    assert not mails_of(smtp, event_id)


def test_bad_credentials_are_dead_lettered_and_the_password_is_masked(tmp_path_factory, monkeypatch):
    smtp = SMTPServer(username="alerts", password="the-right-one", auth_methods=("LOGIN",))
    wrong = "Wrong-" + unique("pw")
    # The password from the environment (RAMPART_SMTP_PASSWORD), not the command line.
    monkeypatch.setenv("RAMPART_SMTP_PASSWORD", wrong)
    args = ["--smtp-url", smtp.url, "--smtp-starttls", "optional", "--smtp-from", "alerts@rampart.test",
            "--smtp-username", "alerts", "--email-subscription", f"{SUBSCRIBED}=ops@example.com"]
    checked = run_rampart("config", "check", *args)
    line = next(l for l in checked.stdout.splitlines() if l.startswith("smtp-password "))
    assert "********" in line and wrong not in checked.stdout and "RAMPART_SMTP_PASSWORD" in line
    own = start_console_server(tmp_path_factory, "eventbridge-email-auth", extra_args=args)
    try:
        events = events_client(own)
        source = unique("app")
        mail_rule(events, source)
        event_id = put(events, source, {"n": 4})
        letters = wait_until(lambda: dead_letters(own), timeout=10)
        assert [d["event"]["id"] for d in letters] == [event_id]
        assert "AUTH LOGIN: 535 5.7.8 Authentication credentials invalid" in letters[0]["reason"]
        assert wrong not in letters[0]["reason"] and wrong not in own.output()
        assert smtp.received() == [] and "AUTH LOGIN" in smtp.commands
    finally:
        own.stop()
        smtp.stop()


def test_starttls_is_used_when_offered_and_required_by_default(tmp_path_factory):
    authority_data = tmp_path_factory.mktemp("smtp-tls") / "data"
    run_rampart("init", "--self-signed", "--data", authority_data, "--port", "1")
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(authority_data / "tls" / "server.pem", authority_data / "tls" / "server-key.pem")
    secure = SMTPServer(username="alerts", password=PASSWORD, tls=context)
    plain = SMTPServer()
    password_file = tmp_path_factory.mktemp("smtp-tls-secret") / "password"
    password_file.write_text(PASSWORD)
    servers = []
    try:
        # Required (the default) and offered: the message and the credentials go over TLS.
        args = ["--smtp-url", f"smtp://localhost:{secure.port}", "--smtp-from", "alerts@rampart.test",
                "--smtp-username", "alerts", "--smtp-password-file", str(password_file),
                "--smtp-ca-file", str(authority_data / "tls" / "ca.pem"),
                "--email-subscription", f"{SUBSCRIBED}=ops@example.com"]
        servers.append(start_console_server(tmp_path_factory, "eventbridge-email-tls", extra_args=args))
        events = events_client(servers[-1])
        source = unique("app")
        mail_rule(events, source)
        event_id = put(events, source, {"n": 5})
        assert wait_until(lambda: mails_of(secure, event_id), timeout=10)
        assert mails_of(secure, event_id)[0]["tls"] and mails_of(secure, event_id)[0]["user"] == "alerts"
        assert "STARTTLS" in secure.commands
        # Required and not offered: nothing is sent, the reason is dead-lettered.
        args = ["--smtp-url", plain.url, "--smtp-from", "alerts@rampart.test",
                "--email-subscription", f"{SUBSCRIBED}=ops@example.com"]
        servers.append(start_console_server(tmp_path_factory, "eventbridge-email-notls", extra_args=args))
        events = events_client(servers[-1])
        mail_rule(events, source)
        event_id = put(events, source, {"n": 6})
        letters = wait_until(lambda: dead_letters(servers[-1]), timeout=10)
        assert "does not offer STARTTLS, which is required" in letters[0]["reason"]
        assert plain.received() == [] and "MAIL FROM:<alerts@rampart.test>" not in plain.commands
    finally:
        for started in servers:
            started.stop()
        secure.stop()
        plain.stop()


@pytest.mark.parametrize("args, message", [
    (["--smtp-url", "http://127.0.0.1:25", "--smtp-from", "a@b.c"], "--smtp-url must be smtp://"),
    (["--smtp-url", "smtp://127.0.0.1:25"], "--smtp-url needs --smtp-from"),
    (["--smtp-url", "smtp://127.0.0.1:25", "--smtp-from", "a@b.c>\r\nX: y"], "--smtp-from is not an email address"),
    (["--smtp-from", "a@b.c"], "--smtp-from needs --smtp-url"),
    (["--smtp-url", "smtp://127.0.0.1:25", "--smtp-from", "a@b.c", "--smtp-username", "u"],
     "--smtp-username and a password"),
    (["--smtp-url", "smtp://127.0.0.1:25", "--smtp-from", "a@b.c", "--smtp-starttls", "never"],
     "--smtp-starttls is required or optional"),
    (["--smtp-url", "smtp://127.0.0.1:25", "--smtp-from", "a@b.c", "--email-subscription", "topic/x=a@b.c"],
     "--email-subscription is TOPIC=ADDRESS"),
    (["--smtp-url", "smtp://127.0.0.1:25", "--smtp-from", "a@b.c", "--email-subscription", "t=not-an-address"],
     "--email-subscription is TOPIC=ADDRESS"),
])
def test_smtp_options_are_checked(args, message):
    checked = run_rampart("config", "check", *args, check=False)
    assert checked.returncode == 64 and message in checked.stderr, checked.stderr
