"""`rampart audit export` beside a running server: gzip'd CloudTrail log files under AWSLogs/ named as a
trail names them, whose records are exactly what LookupEvents returns for the same range."""

from __future__ import annotations

import base64
import datetime as dt
import os
import gzip
import json
import re
import hashlib
import shutil
import time

import pytest
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from e2e_helpers import ACCOUNT_ID, run_rampart, unique
from trail_helpers import lookup_all

NAME = re.compile(
    r"^AWSLogs/(?P<account>\d{12})/CloudTrail/(?P<region>[a-z0-9-]+)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/"
    r"(?P=account)_CloudTrail_(?P=region)_(?P=y)(?P=m)(?P=d)T(?P<hh>\d{2})(?P<mm>\d{2})Z_[0-9A-Za-z]{16}\.json\.gz$")


def iso(moment: dt.datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def test_export_writes_what_lookup_events_returns(iam, connect, admin, data_dir, tmp_path):
    start = dt.datetime.now(dt.timezone.utc).replace(microsecond=0) - dt.timedelta(seconds=1)
    for _ in range(3):
        iam.create_user(UserName=unique("trail-export"))
    now = dt.datetime.now(dt.timezone.utc)
    end = now.replace(microsecond=0) + dt.timedelta(seconds=1)  # whole seconds, after every CreateUser
    time.sleep((end - now).total_seconds() + 0.2)  # what follows is after `end`
    cloudtrail = connect(admin, "cloudtrail")
    cloudtrail.lookup_events(MaxResults=1)  # flushes the queued reads' events
    out = tmp_path / "export"

    proc = run_rampart("audit", "export", "--data", data_dir, "--since", iso(start), "--until", iso(end),
                       "--to", out, "--account", ACCOUNT_ID)
    assert "Exported" in proc.stdout

    files = sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file() and "/CloudTrail/" in str(path))
    assert files, "no files written"
    exported = []
    for name in files:
        match = NAME.match(name)
        assert match, name
        assert match["account"] == ACCOUNT_ID
        window = dt.datetime(int(match["y"]), int(match["m"]), int(match["d"]), int(match["hh"]), int(match["mm"]),
                             tzinfo=dt.timezone.utc)
        assert int(match["mm"]) % 5 == 0
        with gzip.open(out / name, "rt") as handle:
            document = json.load(handle)
        assert list(document) == ["Records"]
        for record in document["Records"]:
            assert record["recipientAccountId"] == ACCOUNT_ID
            assert record["awsRegion"] == match["region"]
            at = dt.datetime.strptime(record["eventTime"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.timezone.utc)
            assert window <= at < window + dt.timedelta(minutes=5)
        exported += document["Records"]

    looked_up = lookup_all(cloudtrail, StartTime=start, EndTime=end)
    by_id = {record["eventID"]: record for record in exported}
    assert len(by_id) == len(exported)
    assert set(by_id) == {event["EventId"] for event in looked_up}
    for event in looked_up:
        assert by_id[event["EventId"]] == json.loads(event["CloudTrailEvent"])
    assert {"CreateUser"} <= {record["eventName"] for record in exported}, (start, end, sorted((r["eventTime"], r["eventName"]) for r in exported))


def test_export_of_every_account_and_bad_arguments(iam, data_dir, tmp_path):
    iam.create_user(UserName=unique("export-all"))  # something to export when this is a worker's first test
    out = tmp_path / "all"
    since = iso(dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1))
    run_rampart("audit", "export", "--data", data_dir, "--since", since, "--to", out)
    accounts = {path.name for path in (out / "AWSLogs").iterdir()}
    assert ACCOUNT_ID in accounts
    bad = run_rampart("audit", "export", "--data", data_dir, "--since", "yesterday", "--to", out, check=False)
    assert bad.returncode != 0 and "--since" in bad.stderr
    reversed_range = run_rampart("audit", "export", "--data", data_dir, "--since", iso(dt.datetime.now(dt.timezone.utc)),
                                 "--until", "2020-01-01T00:00:00Z", "--to", out, check=False)
    assert reversed_range.returncode != 0


DIGEST = re.compile(
    r"^AWSLogs/(?P<account>\d{12})/CloudTrail-Digest/(?P<region>[a-z0-9-]+)/(?P<y>\d{4})/(?P<m>\d{2})/(?P<d>\d{2})/"
    r"(?P=account)_CloudTrail-Digest_(?P=region)_rampart_(?P=region)_(?P=y)(?P=m)(?P=d)T\d{6}Z\.json\.gz$")


@pytest.fixture(scope="module")
def exported(data_dir, iam, tmp_path_factory):
    """An export of the last hour, with its digests; each test that tampers works on its own copy."""
    iam.create_user(UserName=unique("export-signed"))  # a worker's first test still has something to export
    out = tmp_path_factory.mktemp("signed") / "export"
    since = iso(dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1))
    proc = run_rampart("audit", "export", "--data", data_dir, "--since", since, "--to", out, "--account", ACCOUNT_ID,
                       "--bucket", "audit-bucket")
    assert "digest files" in proc.stdout
    return out


def test_digest_files_name_every_log_file_with_its_hash_and_verify_with_the_public_key(exported, data_dir):
    """Checked here without Rampart's code: gzip, SHA-256 and Ed25519 from Python, as a third party would."""
    key = load_pem_public_key(run_rampart("audit", "public-key", "--data", data_dir).stdout.encode())
    logs = {str(p.relative_to(exported)) for p in exported.rglob("*.json.gz") if "/CloudTrail/" in str(p)}
    digests = sorted(str(p.relative_to(exported)) for p in exported.rglob("*.json.gz") if "/CloudTrail-Digest/" in str(p))
    assert logs and digests
    named = set()
    previous = None
    # Each Region's digests form their own chain; a Region's digest names sort in time order.
    digests.sort(key=lambda name: (DIGEST.match(name)["region"], name))
    for name in digests:
        match = DIGEST.match(name)
        assert match, name
        if previous is not None and DIGEST.match(previous[0])["region"] != match["region"]:
            previous = None
        raw = gzip.decompress((exported / name).read_bytes())
        document = json.loads(raw)
        assert document["awsAccountId"] == ACCOUNT_ID
        assert document["digestS3Bucket"] == "audit-bucket" and document["digestS3Object"] == name
        assert document["digestSignatureAlgorithm"] == "Ed25519"
        start = dt.datetime.strptime(document["digestStartTime"], "%Y-%m-%dT%H:%M:%SZ")
        end = dt.datetime.strptime(document["digestEndTime"], "%Y-%m-%dT%H:%M:%SZ")
        assert end - start == dt.timedelta(hours=1) and start.minute == 0
        signature = bytes.fromhex((exported / (name + ".sig")).read_text().strip())
        signing_string = "\n".join([document["digestEndTime"], f"audit-bucket/{name}", hashlib.sha256(raw).hexdigest(),
                                    document["previousDigestSignature"] or "null"]).encode()
        key.verify(signature, signing_string)
        with pytest.raises(InvalidSignature):
            key.verify(signature, signing_string + b"x")
        if previous is None:
            assert document["previousDigestS3Object"] is None and document["previousDigestSignature"] is None
        else:
            assert document["previousDigestS3Object"] == previous[0]
            assert document["previousDigestHashValue"] == hashlib.sha256(previous[1]).hexdigest()
            assert document["previousDigestSignature"] == previous[2]
        for entry in document["logFiles"]:
            assert entry["s3Bucket"] == "audit-bucket" and entry["hashAlgorithm"] == "SHA-256"
            content = gzip.decompress((exported / entry["s3Object"]).read_bytes())
            assert hashlib.sha256(content).hexdigest() == entry["hashValue"]
            times = [r["eventTime"] for r in json.loads(content)["Records"]]
            assert entry["oldestEventTime"] == min(times) and entry["newestEventTime"] == max(times)
            named.add(entry["s3Object"])
        previous = (name, raw, signature.hex())
    assert named == logs


def test_log_files_are_really_compressed(exported):
    for path in (p for p in exported.rglob("*.json.gz") if "/CloudTrail/" in str(p)):
        packed = path.read_bytes()
        if len(gzip.decompress(packed)) > 4096:
            assert len(packed) * 3 < len(gzip.decompress(packed)), path
            return
    pytest.skip("no log file large enough to judge compression")


def verify_export(folder, *extra):
    proc = run_rampart("audit", "verify-export", "--dir", folder, *extra, check=False)
    return proc.returncode, proc.stdout


def test_verify_export_accepts_the_export_and_names_each_tampering(exported, data_dir, tmp_path):
    pem = tmp_path / "trail.pem"
    pem.write_text(run_rampart("audit", "public-key", "--data", data_dir).stdout)
    status, output = verify_export(exported, "--public-key", pem)
    assert status == 0 and "nothing was changed" in output, output

    def tampered(name):
        copy = tmp_path / name
        shutil.copytree(exported, copy)
        return copy, sorted(str(p.relative_to(copy)) for p in copy.rglob("*.json.gz") if "/CloudTrail/" in str(p))

    edited, logs = tampered("edited")
    records = json.loads(gzip.decompress((edited / logs[0]).read_bytes()))
    records["Records"][0]["eventName"] = "Nothing"
    (edited / logs[0]).write_bytes(gzip.compress(json.dumps(records).encode()))
    status, output = verify_export(edited, "--public-key", pem)
    assert status == 1 and f"{logs[0]}: does not match its hash" in output, output

    deleted, logs = tampered("deleted")
    (deleted / logs[-1]).unlink()
    status, output = verify_export(deleted, "--public-key", pem)
    assert status == 1 and f"{logs[-1]}: named by" in output and "(deleted)" in output, output

    inserted, logs = tampered("inserted")
    extra = logs[0].replace(".json.gz", "Z.json.gz")
    shutil.copy(inserted / logs[0], inserted / extra)
    status, output = verify_export(inserted, "--public-key", pem)
    assert status == 1 and f"{extra}: no digest names this log file" in output, output

    forged, _ = tampered("forged")
    digest = sorted(p for p in forged.rglob("*.json.gz") if "/CloudTrail-Digest/" in str(p))[0]
    document = json.loads(gzip.decompress(digest.read_bytes()))
    document["logFiles"] = document["logFiles"][1:]
    digest.write_bytes(gzip.compress(json.dumps(document).encode()))
    status, output = verify_export(forged, "--public-key", pem)
    assert status == 1 and "signature does not verify" in output, output

    stranger = tmp_path / "stranger"  # another key: a private key file of random bytes in a folder of its own
    stranger.mkdir()
    (stranger / "audit-signing.key").write_text(base64.b64encode(os.urandom(32)).decode())
    other = tmp_path / "other.pem"
    other.write_text(run_rampart("audit", "public-key", "--data", stranger).stdout)
    status, output = verify_export(exported, "--public-key", other)
    assert status == 1 and "signature does not verify" in output
