"""A tiny SMTP server on loopback for email alert tests (Python 3.12 has no smtpd): asyncio in a thread of
its own, EHLO with STARTTLS (when given a TLS context) and AUTH PLAIN/LOGIN (when given credentials),
MAIL FROM, RCPT TO, DATA (dot-stuffing undone), QUIT. It records every accepted message and every
command; `refuse` makes it answer a command with a reply of the test's choosing a number of times;
`stop()` closes the port and `start()` opens it again on the same one."""

from __future__ import annotations

import asyncio
import base64
import email
import email.policy
import ssl
import threading

from e2e_helpers import free_port


class SMTPServer:
    def __init__(self, username: str | None = None, password: str | None = None,
                 tls: ssl.SSLContext | None = None, auth_methods=("PLAIN", "LOGIN"), port: int | None = None):
        self.username, self.password, self.tls, self.auth_methods = username, password, tls, auth_methods
        self.port = port or free_port()
        self.messages: list[dict] = []
        self.commands: list[str] = []
        self.connections = 0
        # verb -> [reply, times left]: e.g. {"MAIL": ["451 4.3.0 try later", 2]}
        self.refuse: dict[str, list] = {}
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._server = None
        self._thread: threading.Thread | None = None
        self.start()

    def start(self) -> "SMTPServer":
        ready = threading.Event()

        def run():
            self._loop = asyncio.new_event_loop()
            self._server = self._loop.run_until_complete(asyncio.start_server(self._session, "127.0.0.1", self.port))
            ready.set()
            self._loop.run_forever()
            self._server.close()
            self._loop.run_until_complete(self._server.wait_closed())
            self._loop.close()

        self._thread = threading.Thread(target=run, daemon=True)
        self._thread.start()
        ready.wait(10)
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._server.close)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
            self._loop = None

    @property
    def url(self) -> str:
        return f"smtp://127.0.0.1:{self.port}"

    def received(self) -> list[dict]:
        with self._lock:
            return list(self.messages)

    def parsed(self, index: int = 0) -> email.message.EmailMessage:
        return email.message_from_bytes(self.received()[index]["data"], policy=email.policy.default)

    def _refusal(self, verb: str) -> str | None:
        with self._lock:
            entry = self.refuse.get(verb)
            if entry and entry[1] > 0:
                entry[1] -= 1
                return entry[0]
        return None

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        with self._lock:
            self.connections += 1
        state = {"tls": False, "user": None, "from": None, "to": []}

        async def reply(*lines: str) -> None:
            for line in lines[:-1]:
                writer.write(f"{line[:3]}-{line[4:]}\r\n".encode())
            writer.write(f"{lines[-1]}\r\n".encode())
            await writer.drain()

        async def line() -> str:
            return (await reader.readline()).decode(errors="replace").rstrip("\r\n")

        try:
            await reply("220 smtp.test ESMTP ready")
            while True:
                command = await line()
                if not command:
                    break
                verb = command.split(" ", 1)[0].upper()
                with self._lock:
                    self.commands.append(command if verb != "AUTH" else "AUTH " + command.split(" ")[1])
                refusal = self._refusal(verb)
                if refusal:
                    await reply(refusal)
                    continue
                if verb in ("EHLO", "HELO"):
                    offered = ["250 smtp.test greets you"]
                    if self.tls and not state["tls"]:
                        offered.append("250 STARTTLS")
                    if self.username and (state["tls"] or not self.tls):
                        offered.append("250 AUTH " + " ".join(self.auth_methods))
                    offered.append("250 8BITMIME")
                    await reply(*offered)
                elif verb == "STARTTLS" and self.tls:
                    await reply("220 2.0.0 go ahead")
                    await writer.start_tls(self.tls)
                    state["tls"] = True
                elif verb == "AUTH":
                    parts = command.split(" ")
                    if parts[1].upper() == "PLAIN":
                        _, user, password = base64.b64decode(parts[2]).decode().split("\0")
                    else:
                        await reply("334 VXNlcm5hbWU6")
                        user = base64.b64decode(await line()).decode()
                        await reply("334 UGFzc3dvcmQ6")
                        password = base64.b64decode(await line()).decode()
                    if (user, password) == (self.username, self.password):
                        state["user"] = user
                        await reply("235 2.7.0 Authentication successful")
                    else:
                        await reply("535 5.7.8 Authentication credentials invalid")
                elif verb == "MAIL":
                    if self.username and not state["user"]:
                        await reply("530 5.7.0 Authentication required")
                        continue
                    state["from"], state["to"] = command.split(":", 1)[1].strip().strip("<>"), []
                    await reply("250 2.1.0 OK")
                elif verb == "RCPT":
                    state["to"].append(command.split(":", 1)[1].strip().strip("<>"))
                    await reply("250 2.1.5 OK")
                elif verb == "DATA":
                    await reply("354 End data with <CR><LF>.<CR><LF>")
                    lines = []
                    while True:
                        raw = await reader.readline()
                        if raw in (b".\r\n", b""):
                            break
                        lines.append(raw[1:] if raw.startswith(b".") else raw)
                    refusal = self._refusal("MESSAGE")
                    if refusal:
                        await reply(refusal)
                        continue
                    with self._lock:
                        self.messages.append({"from": state["from"], "to": list(state["to"]),
                                              "data": b"".join(lines), "tls": state["tls"], "user": state["user"]})
                    await reply("250 2.0.0 queued")
                elif verb == "QUIT":
                    await reply("221 2.0.0 bye")
                    break
                elif verb in ("RSET", "NOOP"):
                    await reply("250 2.0.0 OK")
                else:
                    await reply("502 5.5.2 command not recognized")
        except (ConnectionError, ssl.SSLError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()
