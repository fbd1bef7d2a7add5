"""`rampart backup` and `rampart restore` (issue #19, part 4).

A backup taken while a thread creates users through boto3 holds every user acknowledged before
the backup started, and its users are a prefix of the order they were created in (one commit,
not a smear of several); restored into a new folder, a server starts on it, the admin's key
(a sealed secret) still signs, and `rampart audit verify` finds the trail intact. Corrupt files,
wrong passphrases and wrong master keys are refused before anything is written, and the master
key is never in a backup in clear.
"""

from __future__ import annotations

import base64
import re
import shutil
import threading
import time
from pathlib import Path

import pytest

from e2e_helpers import (
    ACCOUNT_ID, ADMIN_KEY_ID, ADMIN_SECRET, BOTO_CONFIG, REGION, ROOT_EMAIL, ROOT_PASSWORD, RampartServer,
    make_session, run_rampart, unique,
)

PASSPHRASE = "correct horse battery staple\n"


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> RampartServer:
    base = tmp_path_factory.mktemp("backup-source")
    data = base / "data"
    run_rampart("init", "--data", data, "--account-id", ACCOUNT_ID, "--admin-access-key-id", ADMIN_KEY_ID,
                "--admin-secret-access-key", ADMIN_SECRET, "--root-email", ROOT_EMAIL,
                "--root-password", ROOT_PASSWORD)
    # Digests every half second, so the backup holds signed digests for `audit verify` to check.
    server = RampartServer(data, base / "server.log", extra_args=["--trail-digest-interval", "0.5"]).start()
    yield server
    server.stop()


def iam_of(server: RampartServer):
    return make_session(ADMIN_KEY_ID, ADMIN_SECRET).client(
        "iam", endpoint_url=server.endpoint, region_name=REGION, config=BOTO_CONFIG)


def user_names(server: RampartServer, prefix: str) -> set[str]:
    names = set()
    for page in iam_of(server).get_paginator("list_users").paginate():
        names.update(u["UserName"] for u in page["Users"] if u["UserName"].startswith(prefix))
    return names


def passphrase_file(tmp_path: Path, text: str = PASSPHRASE) -> Path:
    path = tmp_path / f"pass-{unique()}"
    path.write_text(text)
    return path


class Storm:
    """One thread creating users one after another; records each name once acknowledged."""

    def __init__(self, server: RampartServer, prefix: str):
        self.iam = iam_of(server)
        self.prefix = prefix
        self.acknowledged: list[tuple[str, float]] = []
        self.errors: list[Exception] = []
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)

    def name(self, index: int) -> str:
        return f"{self.prefix}{index:06d}"

    def run(self):
        index = 0
        deadline = time.monotonic() + 120  # bounded even if the test never sets stop
        while not self.stop.is_set() and time.monotonic() < deadline:
            try:
                self.iam.create_user(UserName=self.name(index))
            except Exception as exc:  # noqa: BLE001 - a failed write fails the test below
                self.errors.append(exc)
                return
            self.acknowledged.append((self.name(index), time.monotonic()))
            index += 1

    def acknowledged_before(self, moment: float) -> set[str]:
        return {name for name, at in self.acknowledged if at < moment}


def test_backup_under_write_storm_restores_every_acknowledged_user(source, tmp_path):
    prefix = unique("storm")[:40] + "-"
    storm = Storm(source, prefix)
    storm.thread.start()
    # At least one signed digest in the database first (every half second; later on a busy machine),
    # so that the restored trail has one to verify.
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        check = run_rampart("audit", "verify", "--data", source.data_dir, check=False).stdout
        found = re.search(r"Checked \d+ events and (\d+) digests", check)
        if found and int(found.group(1)) >= 1:
            break
        time.sleep(0.2)
    while len(storm.acknowledged) < 30 and storm.thread.is_alive():
        time.sleep(0.05)
    backup = tmp_path / "rampart.backup"
    started = time.monotonic()
    out = run_rampart("backup", "--data", source.data_dir, "--to", backup,
                      "--passphrase-file", passphrase_file(tmp_path)).stdout
    finished = time.monotonic()
    time.sleep(0.3)  # writes after the backup, which it must not hold
    storm.stop.set()
    storm.thread.join(timeout=30)
    assert not storm.errors, storm.errors
    before = storm.acknowledged_before(started)
    after = {name for name, at in storm.acknowledged if at > finished}
    assert len(before) >= 30 and after, (len(before), len(after))
    assert "sealed under the passphrase" in out

    restored_dir = tmp_path / "restored"
    out = run_rampart("restore", "--from", backup, "--data", restored_dir,
                      "--passphrase-file", passphrase_file(tmp_path)).stdout
    assert "Restored" in out and "the master key opened" in out
    assert (restored_dir / "master.key").read_text() == (source.data_dir / "master.key").read_text()
    assert oct((restored_dir / "master.key").stat().st_mode & 0o777) == "0o600"

    server = RampartServer(restored_dir, tmp_path / "restored.log").start()
    try:
        restored = user_names(server, prefix)
        # The admin's key is a sealed secret: it signing requests proves the master key came back.
        assert iam_of(server).get_user()["User"]["UserName"] == "admin"
    finally:
        server.stop()
    missing = before - restored
    assert not missing, f"{len(missing)} users acknowledged before the backup are missing: {sorted(missing)[:5]}"
    assert not (restored & after), "the backup holds users created after it finished"
    # One thread created them in order: a copy of one commit holds exactly the first k of them.
    indices = sorted(int(name[len(prefix):]) for name in restored)
    assert indices == list(range(len(indices)))

    verify = run_rampart("audit", "verify", "--data", restored_dir, check=False)
    assert verify.returncode == 0, verify.stdout + verify.stderr
    assert "the trail is intact" in verify.stdout
    events = int(re.search(r"Checked (\d+) events and (\d+) digests", verify.stdout).group(1))
    digests = int(re.search(r"Checked (\d+) events and (\d+) digests", verify.stdout).group(2))
    assert events >= len(restored) and digests >= 1


def test_backup_without_passphrase_leaves_the_keys_out(source, tmp_path):
    backup = tmp_path / "nokeys.backup"
    out = run_rampart("backup", "--data", source.data_dir, "--to", backup).stdout
    assert "master key is NOT in the backup" in out
    content = backup.read_bytes()
    header = content.split(b"\n", 2)[1].decode()
    assert '"keys":"excluded"' in header and '"sections":[{' in header
    for key_file in ("master.key", "audit-signing.key"):
        text = (source.data_dir / key_file).read_text().strip()
        assert text.encode() not in content
        assert base64.b64decode(text) not in content

    refused = run_rampart("restore", "--from", backup, "--data", tmp_path / "a", check=False)
    assert refused.returncode != 0 and "--master-key-file" in refused.stderr
    assert not (tmp_path / "a").exists()

    other = tmp_path / "other"
    run_rampart("init", "--data", other)
    wrong = run_rampart("restore", "--from", backup, "--data", tmp_path / "b",
                        "--master-key-file", other / "master.key", check=False)
    assert wrong.returncode != 0
    assert "the master key does not open the backup's sealed secrets" in wrong.stderr
    assert not (tmp_path / "b").exists()

    wrong_signer = run_rampart("restore", "--from", backup, "--data", tmp_path / "c",
                               "--master-key-file", source.data_dir / "master.key",
                               "--audit-signing-key-file", other / "audit-signing.key", check=False)
    assert wrong_signer.returncode != 0
    assert "not the one that signed" in wrong_signer.stderr

    ok = run_rampart("restore", "--from", backup, "--data", tmp_path / "c",
                     "--master-key-file", source.data_dir / "master.key",
                     "--audit-signing-key-file", source.data_dir / "audit-signing.key")
    assert "Restored" in ok.stdout
    verify = run_rampart("audit", "verify", "--data", tmp_path / "c")
    assert "the trail is intact" in verify.stdout


def test_passphrase_backup_holds_no_key_in_clear_and_refuses_a_wrong_passphrase(source, tmp_path):
    backup = tmp_path / "sealed.backup"
    run_rampart("backup", "--data", source.data_dir, "--to", backup, "--passphrase-file", passphrase_file(tmp_path))
    content = backup.read_bytes()
    header = content.split(b"\n", 2)[1].decode()
    assert '"keys":"passphrase"' in header and '"N":131072' in header and '"name":"keys"' in header
    for key_file in ("master.key", "audit-signing.key"):
        text = (source.data_dir / key_file).read_text().strip()
        assert text.encode() not in content and base64.b64decode(text) not in content

    wrong = run_rampart("restore", "--from", backup, "--data", tmp_path / "w",
                        "--passphrase-file", passphrase_file(tmp_path, "correct horse battery stapler"), check=False)
    assert wrong.returncode != 0 and "the passphrase does not open the backup's keys" in wrong.stderr
    assert not (tmp_path / "w").exists()

    none = run_rampart("restore", "--from", backup, "--data", tmp_path / "n", check=False)
    assert none.returncode != 0 and "--passphrase-file" in none.stderr

    short = run_rampart("backup", "--data", source.data_dir, "--to", tmp_path / "short.backup",
                        "--passphrase-file", passphrase_file(tmp_path, "too short"), check=False)
    assert short.returncode != 0 and "at least 12 characters" in short.stderr
    assert not (tmp_path / "short.backup").exists()


@pytest.fixture(scope="module")
def sealed_backup(source, tmp_path_factory) -> Path:
    """One backup with sealed keys that the damage tests each change a copy of."""
    folder = tmp_path_factory.mktemp("sealed-backup")
    backup = folder / "good.backup"
    run_rampart("backup", "--data", source.data_dir, "--to", backup, "--passphrase-file", passphrase_file(folder))
    return backup


@pytest.mark.parametrize("damage", ["flip-database-byte", "truncate", "append", "flip-keys-byte", "header",
                                    "not-a-backup"])
def test_a_damaged_backup_is_refused_and_nothing_is_restored(sealed_backup, tmp_path, damage):
    content = bytearray(sealed_backup.read_bytes())
    start = content.index(b"\n", content.index(b"\n") + 1) + 1
    if damage == "flip-database-byte":
        content[start + (len(content) - start) // 3] ^= 0x01
    elif damage == "flip-keys-byte":
        content[-5] ^= 0x01
    elif damage == "truncate":
        del content[-100:]
    elif damage == "append":
        content += b"extra"
    elif damage == "header":
        content[:start] = content[:start].replace(b'"schemaVersion":', b'"schemaVersion":1')
    else:
        content = bytearray(b"SQLite format 3\x00" + bytes(content[start:]))
    damaged = tmp_path / "damaged.backup"
    damaged.write_bytes(bytes(content))
    target = tmp_path / "target"
    result = run_rampart("restore", "--from", damaged, "--data", target,
                         "--passphrase-file", passphrase_file(tmp_path), check=False)
    assert result.returncode != 0, result.stdout
    expected = "not a Rampart backup" if damage == "not-a-backup" else "corrupt"
    assert expected in result.stderr, result.stderr
    assert not target.exists()


def test_restore_refuses_a_non_empty_folder_and_a_folder_a_server_uses(source, sealed_backup, tmp_path):
    backup = tmp_path / "b.backup"
    shutil.copyfile(sealed_backup, backup)
    busy = run_rampart("restore", "--from", backup, "--data", source.data_dir, "--force",
                       "--passphrase-file", passphrase_file(tmp_path), check=False)
    assert busy.returncode != 0 and "another Rampart process is using" in busy.stderr

    target = tmp_path / "full"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    refused = run_rampart("restore", "--from", backup, "--data", target,
                          "--passphrase-file", passphrase_file(tmp_path), check=False)
    assert refused.returncode != 0 and "--force" in refused.stderr
    assert sorted(p.name for p in target.iterdir()) == ["notes.txt"]

    run_rampart("restore", "--from", backup, "--data", target, "--force",
                "--passphrase-file", passphrase_file(tmp_path))
    assert (target / "rampart.db").exists() and (target / "notes.txt").exists()

    exists = run_rampart("backup", "--data", source.data_dir, "--to", backup, check=False)
    assert exists.returncode != 0 and "--force" in exists.stderr
    nowhere = run_rampart("backup", "--data", source.data_dir, "--to", tmp_path / "no" / "such" / "b", check=False)
    assert nowhere.returncode != 0 and "corrupt" not in nowhere.stderr
    missing = run_rampart("restore", "--from", tmp_path / "missing.backup", "--data", tmp_path / "m",
                          "--passphrase-file", passphrase_file(tmp_path), check=False)
    assert missing.returncode != 0 and "cannot read" in missing.stderr and not (tmp_path / "m").exists()
