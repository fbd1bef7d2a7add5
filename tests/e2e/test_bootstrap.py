"""First start, restart and storage hygiene of the data folder.

Contract assumed here (beyond the brief): the master key is a file whose name contains
"key" somewhere under the data folder, and the database is a SQLite file (recognised by
its header) somewhere under it too.
"""

import re
import stat
from pathlib import Path

import pytest

from e2e_helpers import (
    ADMIN_POLICY, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_PASSWORD, ROOT_SECRET, STRONG_PASSWORD, RampartServer, config_section,
    make_session, read_profile_files, run_rampart, unique,
)

SQLITE_HEADER = b"SQLite format 3\x00"


def _files(root: Path):
    return [p for p in Path(root).rglob("*") if p.is_file()]


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _databases(root: Path):
    dbs = []
    for path in _files(root):
        with open(path, "rb") as fh:
            if fh.read(16) == SQLITE_HEADER:
                dbs.append(path)
    return dbs


def _key_files(root: Path):
    return [p for p in _files(root)
            if "key" in p.name.lower() and p.parent.name != "aws" and p not in _databases(root)]


def _stored_bytes(root: Path) -> bytes:
    """Every byte the server keeps in its data folder, except the generated CLI profile."""
    return b"".join(p.read_bytes() for p in _files(root) if p.parent.name != "aws")


def _client(endpoint, key_id, secret, service):
    return make_session(key_id, secret).client(service, endpoint_url=endpoint, region_name=REGION,
                                               config=BOTO_CONFIG)


@pytest.fixture(scope="module")
def bootstrapped(tmp_path_factory):
    """`rampart serve` on an empty folder, no `init`: (server, data_dir, first output)."""
    base = tmp_path_factory.mktemp("bootstrap")
    data = base / "data"
    server = RampartServer(data, base / "first.log", allow_clock_control=False)
    server.start()
    output = server.output()
    yield server, data, output
    server.stop()


def _profile(data):
    creds, config = read_profile_files(data)
    return creds["rampart"]["aws_access_key_id"], creds["rampart"]["aws_secret_access_key"], config


def test_first_start_writes_the_data_folder(bootstrapped):
    server, data, _ = bootstrapped
    credentials, config = data / "aws" / "credentials", data / "aws" / "config"
    assert credentials.is_file() and config.is_file()
    assert _mode(credentials) == 0o600, oct(_mode(credentials))
    assert _mode(config) == 0o600, oct(_mode(config))
    assert _databases(data), f"no SQLite database under {data}: {[str(p) for p in _files(data)]}"
    keys = _key_files(data)
    assert keys, f"no master key file under {data}: {[str(p) for p in _files(data)]}"
    for key in keys:
        assert _mode(key) == 0o600, f"{key} has mode {oct(_mode(key))}"


def test_first_start_generates_working_credentials(bootstrapped):
    server, data, _ = bootstrapped
    key_id, secret, config = _profile(data)
    assert re.fullmatch(r"AKIA[A-Z0-9]{16}", key_id)
    assert len(secret) == 40
    assert config_section(config)["region"] == "us-east-1"
    ident = _client(server.endpoint, key_id, secret, "sts").get_caller_identity()
    assert re.fullmatch(r"\d{12}", ident["Account"])
    assert ident["Arn"] == f"arn:aws:iam::{ident['Account']}:user/admin"
    iam = _client(server.endpoint, key_id, secret, "iam")
    user = iam.get_user(UserName="admin")["User"]
    assert user["Path"] == "/"
    attached = [p["PolicyArn"] for p in iam.list_attached_user_policies(UserName="admin")["AttachedPolicies"]]
    assert attached == [ADMIN_POLICY]


def test_first_start_prints_how_to_sign_in(bootstrapped):
    server, data, _ = bootstrapped
    output = server.output()
    key_id, secret, _ = _profile(data)
    account = _client(server.endpoint, key_id, secret, "sts").get_caller_identity()["Account"]
    assert server.endpoint in output
    assert account in output, output
    assert key_id in output, output


def test_bootstrap_database_holds_no_clear_secret(bootstrapped):
    _, data, _ = bootstrapped
    _, secret, _ = _profile(data)
    assert secret.encode() not in _stored_bytes(data)


def test_restart_reuses_account_and_keys(tmp_path):
    data = tmp_path / "data"
    first_server = RampartServer(data, tmp_path / "first.log", allow_clock_control=False).start()
    try:
        key_id, secret, _ = _profile(data)
        before_creds = (data / "aws" / "credentials").read_bytes()
        first = _client(first_server.endpoint, key_id, secret, "sts").get_caller_identity()
        user_id = _client(first_server.endpoint, key_id, secret, "iam").get_user()["User"]["UserId"]
    finally:
        first_server.stop()

    again = RampartServer(data, tmp_path / "second.log", allow_clock_control=False).start()
    try:
        second = _client(again.endpoint, key_id, secret, "sts").get_caller_identity()
        assert second["Account"] == first["Account"]
        assert second["Arn"] == first["Arn"]
        assert _client(again.endpoint, key_id, secret, "iam").get_user()["User"]["UserId"] == user_id
        assert (data / "aws" / "credentials").read_bytes() == before_creds
        assert secret not in again.output(), "a restart must not print the existing secret again"
    finally:
        again.stop()


def test_init_generates_and_prints_random_values(tmp_path):
    proc_a = run_rampart("init", "--data", tmp_path / "a")
    proc_b = run_rampart("init", "--data", tmp_path / "b")
    accounts = []
    for proc, folder in ((proc_a, tmp_path / "a"), (proc_b, tmp_path / "b")):
        out = proc.stdout + proc.stderr
        key_id, secret, config = _profile(folder)
        assert re.fullmatch(r"AKIA[A-Z0-9]{16}", key_id) and len(secret) == 40
        assert key_id in out and secret in out, out
        found = re.findall(r"(?<!\d)\d{12}(?!\d)", out)
        assert found, f"no 12-digit account id printed:\n{out}"
        accounts.append(found[0])
        assert _mode(folder / "aws" / "credentials") == 0o600
        assert _mode(folder / "aws" / "config") == 0o600
        assert config_section(config)["region"] == "us-east-1"
    assert accounts[0] != accounts[1]
    assert _profile(tmp_path / "a")[0] != _profile(tmp_path / "b")[0]


def test_session_server_files(data_dir):
    for path in (data_dir / "aws" / "credentials", data_dir / "aws" / "config"):
        assert _mode(path) == 0o600, f"{path}: {oct(_mode(path))}"
    keys = _key_files(data_dir)
    assert keys and all(_mode(k) == 0o600 for k in keys), [(str(k), oct(_mode(k))) for k in keys]


def test_database_holds_no_clear_secret_or_password(data_dir, iam, make_user):
    name, session = make_user()
    user_secret = session.get_credentials().secret_key
    password = STRONG_PASSWORD + unique("")[-6:]
    iam.create_login_profile(UserName=name, Password=password)
    iam.update_login_profile(UserName=name, Password=password + "2")
    stored = _stored_bytes(data_dir)
    assert len(stored) > 0
    for secret in (ADMIN_SECRET, ROOT_SECRET, ROOT_PASSWORD, user_secret, password, password + "2"):
        assert secret.encode() not in stored, f"{secret!r} is stored in clear"
