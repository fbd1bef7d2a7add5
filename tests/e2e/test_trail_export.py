"""`rampart audit export` beside a running server: gzip'd CloudTrail log files under AWSLogs/ named as a
trail names them, whose records are exactly what LookupEvents returns for the same range."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import time

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

    files = sorted(str(path.relative_to(out)) for path in out.rglob("*") if path.is_file())
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


def test_export_of_every_account_and_bad_arguments(data_dir, tmp_path):
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
