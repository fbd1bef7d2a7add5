"""AWS Config's configuration recorder and delivery channel, through boto3 and the aws CLI.

Each test works in a fresh standalone account of a server of this module's own. What AWS does
comes from the Config API reference (one recorder and one delivery channel per account and region,
a recorder started only with a delivery channel, a running recorder keeping its channel) and from
error texts quoted by public projects (moto's Config backend, which copies AWS's messages).
"""

from __future__ import annotations

import json

import pytest

from config_helpers import Account, account, config_module_fixture  # noqa: F401
from e2e_helpers import aws_cli_path, aws_error, cli_env, run_cli

org = config_module_fixture("config-recorders")

ROLE = "arn:aws:iam::{}:role/config-role"


def test_put_describe_and_status_of_a_recorder(account: Account):
    config = account.config
    assert config.describe_configuration_recorders()["ConfigurationRecorders"] == []
    config.put_configuration_recorder(ConfigurationRecorder={"name": "default", "roleARN": ROLE.format(account.id)})
    recorder = config.describe_configuration_recorders()["ConfigurationRecorders"][0]
    assert recorder["name"] == "default"
    assert recorder["roleARN"] == ROLE.format(account.id)
    assert recorder["recordingGroup"]["allSupported"] is True
    assert recorder["arn"].startswith(f"arn:aws:config:us-east-1:{account.id}:configuration-recorder/default")
    status = config.describe_configuration_recorder_status()["ConfigurationRecordersStatus"][0]
    assert status["name"] == "default" and status["recording"] is False
    assert "lastStartTime" not in status
    # Putting again under the same name updates it.
    config.put_configuration_recorder(ConfigurationRecorder={
        "name": "default", "roleARN": ROLE.format(account.id),
        "recordingGroup": {"allSupported": False, "resourceTypes": ["AWS::IAM::User"]}})
    recorder = config.describe_configuration_recorders(
        ConfigurationRecorderNames=["default"])["ConfigurationRecorders"][0]
    assert recorder["recordingGroup"]["allSupported"] is False
    assert recorder["recordingGroup"]["resourceTypes"] == ["AWS::IAM::User"]


def test_a_recorder_without_a_name_is_called_default(account: Account):
    account.config.put_configuration_recorder(ConfigurationRecorder={"roleARN": ROLE.format(account.id)})
    names = [r["name"] for r in account.config.describe_configuration_recorders()["ConfigurationRecorders"]]
    assert names == ["default"]


def test_one_recorder_per_account(account: Account):
    account.with_recorder("first")
    with aws_error("MaxNumberOfConfigurationRecordersExceededException", 400,
                   "Failed to put configuration recorder 'second' because the maximum number of configuration "
                   "recorders: 1 is reached."):
        account.config.put_configuration_recorder(
            ConfigurationRecorder={"name": "second", "roleARN": ROLE.format(account.id)})


def test_recording_group_contradictions_are_refused(account: Account):
    for group in ({"allSupported": True, "resourceTypes": ["AWS::IAM::User"]},
                  {"allSupported": False, "includeGlobalResourceTypes": True}):
        with aws_error("InvalidRecordingGroupException", 400, "The recording group provided is not valid"):
            account.config.put_configuration_recorder(ConfigurationRecorder={
                "name": "default", "roleARN": ROLE.format(account.id), "recordingGroup": group})


def test_recorder_names_are_validated(account: Account):
    with aws_error("InvalidConfigurationRecorderNameException", 400, "blank string"):
        account.config.put_configuration_recorder(
            ConfigurationRecorder={"name": "  ", "roleARN": ROLE.format(account.id)})
    with aws_error("ValidationException", 400, "Member must have length less than or equal to 256"):
        account.config.put_configuration_recorder(
            ConfigurationRecorder={"name": "r" * 257, "roleARN": ROLE.format(account.id)})


def test_unknown_recorders_are_errors(account: Account):
    message = "Cannot find configuration recorder with the specified name 'nope'."
    calls = [
        lambda: account.config.describe_configuration_recorders(ConfigurationRecorderNames=["nope"]),
        lambda: account.config.describe_configuration_recorder_status(ConfigurationRecorderNames=["nope"]),
        lambda: account.config.start_configuration_recorder(ConfigurationRecorderName="nope"),
        lambda: account.config.stop_configuration_recorder(ConfigurationRecorderName="nope"),
        lambda: account.config.delete_configuration_recorder(ConfigurationRecorderName="nope"),
    ]
    for call in calls:
        with aws_error("NoSuchConfigurationRecorderException", 400, message):
            call()


def test_start_needs_a_delivery_channel_and_stop_records_the_time(account: Account):
    config = account.with_recorder().config
    with aws_error("NoAvailableDeliveryChannelException", 400,
                   "Delivery channel is not available to start configuration recorder."):
        config.start_configuration_recorder(ConfigurationRecorderName="default")
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "config-bucket"})
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    status = config.describe_configuration_recorder_status()["ConfigurationRecordersStatus"][0]
    assert status["recording"] is True and status["lastStatus"] == "SUCCESS"
    assert "lastStartTime" in status
    config.stop_configuration_recorder(ConfigurationRecorderName="default")
    status = config.describe_configuration_recorder_status()["ConfigurationRecordersStatus"][0]
    assert status["recording"] is False and "lastStopTime" in status


def test_delete_recorder(account: Account):
    config = account.with_recorder().config
    config.delete_configuration_recorder(ConfigurationRecorderName="default")
    assert config.describe_configuration_recorders()["ConfigurationRecorders"] == []


def test_delivery_channel_is_accepted_and_described(account: Account):
    config = account.config
    with aws_error("NoAvailableConfigurationRecorderException", 400,
                   "Configuration recorder is not available to put delivery channel."):
        config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "b"})
    account.with_recorder()
    config.put_delivery_channel(DeliveryChannel={
        "name": "default", "s3BucketName": "b", "s3KeyPrefix": "config",
        "snsTopicARN": f"arn:aws:sns:us-east-1:{account.id}:config",
        "configSnapshotDeliveryProperties": {"deliveryFrequency": "Six_Hours"}})
    channel = config.describe_delivery_channels()["DeliveryChannels"][0]
    assert channel == {
        "name": "default", "s3BucketName": "b", "s3KeyPrefix": "config",
        "snsTopicARN": f"arn:aws:sns:us-east-1:{account.id}:config",
        "configSnapshotDeliveryProperties": {"deliveryFrequency": "Six_Hours"}}
    assert config.describe_delivery_channels(DeliveryChannelNames=["default"])["DeliveryChannels"] == [channel]
    # Nothing is delivered anywhere, and the status says so.
    status = config.describe_delivery_channel_status()["DeliveryChannelsStatus"]
    assert status == [{"name": "default", "configSnapshotDeliveryInfo": {"lastStatus": "Not_Applicable"},
                       "configHistoryDeliveryInfo": {"lastStatus": "Not_Applicable"},
                       "configStreamDeliveryInfo": {"lastStatus": "Not_Applicable"}}]
    with aws_error("MaxNumberOfDeliveryChannelsExceededException", 400, "maximum number of delivery channels: 1"):
        config.put_delivery_channel(DeliveryChannel={"name": "other", "s3BucketName": "b"})
    with aws_error("NoSuchBucketException", 400, "Cannot find a S3 bucket with an empty bucket name."):
        config.put_delivery_channel(DeliveryChannel={"name": "default"})
    with aws_error("ValidationException", 400, "deliveryFrequency"):
        config.put_delivery_channel(DeliveryChannel={
            "name": "default", "s3BucketName": "b",
            "configSnapshotDeliveryProperties": {"deliveryFrequency": "Weekly"}})


def test_a_running_recorder_keeps_its_delivery_channel(account: Account):
    config = account.with_recorder().config
    config.put_delivery_channel(DeliveryChannel={"name": "default", "s3BucketName": "b"})
    config.start_configuration_recorder(ConfigurationRecorderName="default")
    with aws_error("LastDeliveryChannelDeleteFailedException", 400, "running configuration recorder"):
        config.delete_delivery_channel(DeliveryChannelName="default")
    config.stop_configuration_recorder(ConfigurationRecorderName="default")
    config.delete_delivery_channel(DeliveryChannelName="default")
    assert config.describe_delivery_channels()["DeliveryChannels"] == []
    for call in (lambda: config.delete_delivery_channel(DeliveryChannelName="default"),
                 lambda: config.describe_delivery_channels(DeliveryChannelNames=["default"])):
        with aws_error("NoSuchDeliveryChannelException", 400,
                       "Cannot find delivery channel with specified name 'default'."):
            call()


def test_recorder_tags(account: Account):
    config = account.config
    config.put_configuration_recorder(
        ConfigurationRecorder={"name": "default", "roleARN": ROLE.format(account.id)},
        Tags=[{"Key": "team", "Value": "security"}])
    arn = config.describe_configuration_recorders()["ConfigurationRecorders"][0]["arn"]
    assert config.list_tags_for_resource(ResourceArn=arn)["Tags"] == [{"Key": "team", "Value": "security"}]


def test_aws_cli_describes_recorders(org, account: Account, tmp_path):
    account.with_recorder()
    creds = account.root.get_credentials()
    env = cli_env(tmp_path, {"AWS_ACCESS_KEY_ID": creds.access_key, "AWS_SECRET_ACCESS_KEY": creds.secret_key})
    out = run_cli(["configservice", "describe-configuration-recorders", "--endpoint-url", org.server.endpoint,
                   "--output", "json"], env)
    assert out.returncode == 0, out.stderr
    assert json.loads(out.stdout)["ConfigurationRecorders"][0]["name"] == "default"
    # The CLI's own summary command reads both recorders and channels.
    out = run_cli(["configservice", "get-status", "--endpoint-url", org.server.endpoint], env)
    assert out.returncode == 0, out.stderr
    assert "name: default" in out.stdout
