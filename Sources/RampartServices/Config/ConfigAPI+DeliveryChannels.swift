import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    public func putDeliveryChannel(_ input: Config.PutDeliveryChannelRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let given = input.deliveryChannel
        let name = given.name ?? "default"
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigErrors.error(
                "InvalidDeliveryChannelNameException", "The delivery channel name '\(name)' is not valid, blank string."
            )
        }
        guard let bucket = given.s3BucketName, !bucket.isEmpty else {
            throw ConfigErrors.error("NoSuchBucketException", "Cannot find a S3 bucket with an empty bucket name.")
        }
        if let topic = given.snsTopicARN, !topic.hasPrefix("arn:"), !topic.isEmpty {
            throw ConfigErrors.error("InvalidSNSTopicARNException", "The sns topic arn '\(topic)' is not valid.")
        }
        try await environment.store.write { transaction in
            guard transaction.count(ConfigurationRecorder.self, account: account.rawValue) > 0 else {
                throw ConfigErrors.error(
                    "NoAvailableConfigurationRecorderException",
                    "Configuration recorder is not available to put delivery channel.")
            }
            let existing = transaction.all(ConfigDeliveryChannel.self, account: account.rawValue)
            if let other = existing.first, other.name != name {
                throw ConfigErrors.error(
                    "MaxNumberOfDeliveryChannelsExceededException",
                    "Failed to put delivery channel '\(name)' because the maximum number of delivery channels: 1 is reached."
                )
            }
            var channel = ConfigDeliveryChannel(account: account, name: name)
            channel.s3BucketName = bucket
            channel.s3KeyPrefix = given.s3KeyPrefix
            channel.s3KmsKeyArn = given.s3KmsKeyArn
            channel.snsTopicARN = given.snsTopicARN
            channel.deliveryFrequency = given.configSnapshotDeliveryProperties?.deliveryFrequency
            transaction.put(channel)
        }
    }

    public func describeDeliveryChannels(
        _ input: Config.DescribeDeliveryChannelsRequest, _ call: CallContext
    ) async throws -> Config.DescribeDeliveryChannelsResponse {
        let all = environment.store.snapshot().all(ConfigDeliveryChannel.self, account: call.principal.account.rawValue)
        let chosen = try Self.pick(
            input.deliveryChannelNames, from: all, name: \.name, missing: ConfigErrors.noSuchDeliveryChannel)
        return Config.DescribeDeliveryChannelsResponse(
            deliveryChannels: chosen.map {
                Config.DeliveryChannel(
                    name: $0.name, s3BucketName: $0.s3BucketName, s3KeyPrefix: $0.s3KeyPrefix,
                    s3KmsKeyArn: $0.s3KmsKeyArn, snsTopicARN: $0.snsTopicARN,
                    configSnapshotDeliveryProperties: $0.deliveryFrequency.map {
                        Config.ConfigSnapshotDeliveryProperties(deliveryFrequency: $0)
                    })
            })
    }

    /// Rampart keeps compliance in its own store and delivers nothing, so every delivery is `Not_Applicable`.
    public func describeDeliveryChannelStatus(
        _ input: Config.DescribeDeliveryChannelStatusRequest, _ call: CallContext
    ) async throws -> Config.DescribeDeliveryChannelStatusResponse {
        let channels = try await describeDeliveryChannels(
            Config.DescribeDeliveryChannelsRequest(deliveryChannelNames: input.deliveryChannelNames), call)
        let none = Config.ConfigExportDeliveryInfo(lastStatus: "Not_Applicable")
        return Config.DescribeDeliveryChannelStatusResponse(
            deliveryChannelsStatus: (channels.deliveryChannels ?? []).map {
                Config.DeliveryChannelStatus(
                    name: $0.name, configSnapshotDeliveryInfo: none, configHistoryDeliveryInfo: none,
                    configStreamDeliveryInfo: Config.ConfigStreamDeliveryInfo(lastStatus: "Not_Applicable"))
            })
    }

    public func deleteDeliveryChannel(_ input: Config.DeleteDeliveryChannelRequest, _ call: CallContext) async throws {
        let account = call.principal.account
        let name = input.deliveryChannelName
        try await environment.store.write { transaction in
            let key = ConfigDeliveryChannel.key(account, name)
            _ = try transaction.require(
                ConfigDeliveryChannel.self, key, missing: ConfigErrors.noSuchDeliveryChannel(name))
            // A running recorder needs somewhere to deliver.
            if transaction.all(ConfigurationRecorder.self, account: account.rawValue).contains(where: \.recording) {
                throw ConfigErrors.error(
                    "LastDeliveryChannelDeleteFailedException",
                    "Failed to delete last specified delivery channel with name '\(name)', because there is a running configuration recorder."
                )
            }
            transaction.delete(ConfigDeliveryChannel.self, key)
        }
    }
}
