"""Serve options from a configuration file and `RAMPART_*` environment variables (issue #19,
part 6): command line > environment > file > defaults; unknown keys refused with their line;
`rampart config check` shows each value's source with secrets masked. Also `--version` and the
shell completion scripts of the argument parser.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time

import pytest
import requests

from e2e_helpers import (
    ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, free_port, make_session, rampart_binary,
)

ACCOUNT = "210987654321"


def rampart(*args, env: dict | None = None, timeout=60) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("RAMPART_")}
    environment.update(env or {})
    return subprocess.run([str(rampart_binary()), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, env=environment)


class Served:
    """`rampart serve` started with the given arguments and environment, stopped on exit."""

    def __init__(self, args, env, log_path):
        environment = {k: v for k, v in os.environ.items() if not k.startswith("RAMPART_")}
        environment.update(env)
        self.log_path = log_path
        self.log = open(log_path, "wb")
        self.proc = subprocess.Popen([str(rampart_binary()), *map(str, args)], stdout=self.log,
                                     stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, env=environment,
                                     start_new_session=True)

    def wait_healthy(self, port: int, timeout=60.0):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.proc.poll() is None, self.log_path.read_text()
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.1)
        raise AssertionError(f"no server on port {port}:\n{self.log_path.read_text()}")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            self.proc.wait(timeout=20)
        self.log.close()


def write_config(path, **values) -> None:
    lines = ["# written by test_config_file.py"]
    for key, value in values.items():
        if isinstance(value, bool):
            lines.append(f"{key} = {'true' if value else 'false'}")
        elif isinstance(value, (int, float)):
            lines.append(f"{key} = {value}")
        elif isinstance(value, list):
            lines.append(f"{key} = [{', '.join(repr(v) for v in value)}]")
        else:
            lines.append(f'{key} = "{value}"')
    path.write_text("\n".join(lines) + "\n")


def caller_account(port: int) -> str:
    sts = make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "sts", endpoint_url=f"http://127.0.0.1:{port}", region_name=REGION, config=BOTO_CONFIG)
    return sts.get_caller_identity()["Account"]


def test_serve_takes_every_option_from_the_file_and_the_environment_overrides_it(tmp_path):
    file_port, env_port, cli_port = free_port(), free_port(), free_port()
    config = tmp_path / "rampart.toml"
    write_config(config, data=str(tmp_path / "data"), host="127.0.0.1", port=file_port, **{
        "account-id": ACCOUNT, "admin-access-key-id": ADMIN_KEY_ID, "admin-secret-access-key": ADMIN_SECRET,
        "allow-clock-control": True, "trusted-proxy": ["10.0.0.0/8", "192.0.2.1"], "idle-timeout": 30})

    # The file alone: the bootstrap values in it made the account the admin key signs for.
    served = Served(["serve", "--config", config], {}, tmp_path / "file.log")
    try:
        served.wait_healthy(file_port)
        assert caller_account(file_port) == ACCOUNT
        clock = requests.post(f"http://127.0.0.1:{file_port}/_rampart/clock", json={"offset_seconds": 0}, timeout=5)
        assert clock.status_code < 300  # allow-clock-control = true reached the server
    finally:
        served.stop()

    # The environment beats the file: RAMPART_CONFIG names the file, RAMPART_PORT moves the port.
    served = Served([], {"RAMPART_CONFIG": str(config), "RAMPART_PORT": str(env_port)}, tmp_path / "env.log")
    try:
        served.wait_healthy(env_port)
        assert caller_account(env_port) == ACCOUNT
        assert f"127.0.0.1:{env_port}" in served.log_path.read_text()
    finally:
        served.stop()

    # The command line beats both.
    served = Served(["serve", "--config", config, "--port", cli_port], {"RAMPART_PORT": str(env_port)},
                    tmp_path / "cli.log")
    try:
        served.wait_healthy(cli_port)
    finally:
        served.stop()


def test_config_check_prints_each_source_and_masks_secrets(tmp_path):
    config = tmp_path / "rampart.toml"
    write_config(config, port=9555, host="0.0.0.0", **{
        "root-password": "Fil3-Passw0rd-Secret", "log-level": "debug", "trusted-proxy": ["10.0.0.0/8"]})
    result = rampart("config", "check", "--config", config, "--host", "127.0.0.9",
                     env={"RAMPART_PORT": "9666", "RAMPART_ADMIN_SECRET_ACCESS_KEY": "EnvSecretValue1234567890",
                          "RAMPART_LOG_FORMAT": "json", "RAMPART_LOG_LEVLE": "trace"})
    assert result.returncode == 0, result.stderr
    rows = {line.split()[0]: line for line in result.stdout.splitlines() if line and not line.endswith(":")}
    assert rows["host"].split()[1:] == ["127.0.0.9", "command", "line"]
    assert rows["port"].split()[1:] == ["9666", "environment", "RAMPART_PORT"]
    assert rows["log-format"].split()[1:] == ["json", "environment", "RAMPART_LOG_FORMAT"]
    assert rows["log-level"].split()[1:] == ["debug", "file", f"{config}:5"]
    assert rows["trusted-proxy"].split()[1:] == ["10.0.0.0/8", "file", f"{config}:6"]
    assert rows["root-password"].split()[1] == "********"
    assert rows["admin-secret-access-key"].split()[1] == "********"
    assert rows["idle-timeout"].split()[1:] == ["60", "default"]
    assert rows["max-connections"].split()[1:] == ["(not", "set)", "default"]
    assert "Fil3-Passw0rd-Secret" not in result.stdout + result.stderr
    assert "EnvSecretValue1234567890" not in result.stdout + result.stderr
    assert "command line > environment (RAMPART_*) > configuration file > default" in result.stdout
    assert "note: RAMPART_LOG_LEVLE is set but is no serve option's variable" in result.stdout


def test_unknown_keys_and_bad_values_are_refused_with_their_place(tmp_path):
    config = tmp_path / "bad.toml"
    config.write_text("port = 9000\n\nmax_connections = 5\n")
    for args in (["config", "check", "--config", config], ["serve", "--config", config, "--data", tmp_path / "d"]):
        result = rampart(*args)
        assert result.returncode == 64, result
        assert f"{config}:3: unknown option max_connections (did you mean max-connections?)" in result.stderr
    assert not (tmp_path / "d").exists()

    config.write_text("[server]\nport = 1\n")
    result = rampart("config", "check", "--config", config)
    assert result.returncode == 64 and f"{config}:1: tables" in result.stderr

    config.write_text('port = "not a port"\n')
    result = rampart("config", "check", "--config", config)
    assert result.returncode == 64
    assert "invalid for '--port <port>'" in result.stderr and f"--port came from the file {config}:1" in result.stderr

    result = rampart("serve", "--data", tmp_path / "d", env={"RAMPART_IDLE_TIMEOUT": "0"})
    assert result.returncode == 64
    assert "--idle-timeout came from the environment RAMPART_IDLE_TIMEOUT" in result.stderr
    assert not (tmp_path / "d").exists()

    result = rampart("config", "check", env={"RAMPART_ALLOW_CLOCK_CONTROL": "perhaps"})
    assert result.returncode == 64 and "RAMPART_ALLOW_CLOCK_CONTROL must be true or false" in result.stderr

    result = rampart("config", "check", "--config", tmp_path / "missing.toml")
    assert result.returncode == 64 and "cannot read the configuration file" in result.stderr


def test_version_and_completion_scripts(tmp_path):
    version = rampart("--version")
    assert version.returncode == 0 and version.stdout.strip().count(".") == 2
    for shell in ("bash", "zsh", "fish"):
        script = rampart("--generate-completion-script", shell)
        assert script.returncode == 0, script.stderr
        for command in ("serve", "backup", "restore", "config"):
            assert command in script.stdout
        assert "passphrase-file" in script.stdout
        path = tmp_path / f"rampart.{shell}"
        path.write_text(script.stdout)
        if shutil.which(shell):
            checked = subprocess.run([shell, "-n", str(path)], capture_output=True, text=True)
            assert checked.returncode == 0, checked.stderr
    # bash really completes from the script: `rampart ba<TAB>` offers backup.
    if shutil.which("bash"):
        probe = (f"source {tmp_path / 'rampart.bash'}; COMP_WORDS=(rampart ba); COMP_CWORD=1; "
                 "COMP_LINE='rampart ba'; COMP_POINT=10; _rampart; printf '%s\\n' \"${COMPREPLY[@]}\"")
        completed = subprocess.run(["bash", "-c", probe], capture_output=True, text=True,
                                   env={**os.environ, "PATH": f"{rampart_binary().parent}:{os.environ['PATH']}"})
        assert "backup" in completed.stdout.split(), completed.stdout + completed.stderr


def test_the_manual_page_names_every_command():
    """The man page of the README's "Man pages" (`swift package generate-manual`): scripts/test makes it after
    the build and names it in RAMPART_MANUAL. One page, with every subcommand and its options."""
    manual = os.environ.get("RAMPART_MANUAL")
    if not manual:
        pytest.skip("scripts/test generates the manual page and sets RAMPART_MANUAL")
    with open(manual) as page:
        text = page.read()
    assert text.startswith(".") and ".Dt RAMPART 1" in text, text[:300]
    for command in ("serve", "init", "backup", "restore", "config", "audit", "admin", "store"):
        assert f"{command}" in text, command
    for option in ("--tls-cert", "--metrics", "--database", "--passphrase-file", "--memory-budget"):
        assert option.lstrip("-") in text, option
    if shutil.which("mandoc") or shutil.which("groff"):
        renderer = ["mandoc", "-T", "ascii"] if shutil.which("mandoc") else ["groff", "-mandoc", "-T", "ascii"]
        rendered = subprocess.run([*renderer, manual], capture_output=True, text=True, timeout=60)
        assert rendered.returncode == 0 and "serve" in rendered.stdout, rendered.stderr
