import Foundation
import RampartCore
import RampartStore

extension ConfigAPI {
    public func putConfigurationRecorder(_ input: Config.PutConfigurationRecorderRequest, _ call: CallContext)
        async throws
    {
        let account = call.principal.account
        let given = input.configurationRecorder
        let name = given.name ?? "default"
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw ConfigErrors.error(
                "InvalidConfigurationRecorderNameException",
                "The configuration recorder name '\(name)' is not valid, blank string.")
        }
        if let group = given.recordingGroup {
            // All supported types is a choice of its own: a list beside it, or global types without it, contradict it.
            let all = group.allSupported ?? true
            if (all && !(group.resourceTypes ?? []).isEmpty) || (!all && group.includeGlobalResourceTypes == true) {
                throw ConfigErrors.error("InvalidRecordingGroupException", "The recording group provided is not valid")
            }
        }
        let (region, now) = (call.region, call.now)
        try await environment.store.write { transaction in
            let existing = transaction.all(ConfigurationRecorder.self, account: account.rawValue)
            if let other = existing.first, other.name != name {
                throw ConfigErrors.error(
                    "MaxNumberOfConfigurationRecordersExceededException",
                    "Failed to put configuration recorder '\(name)' because the maximum number of configuration recorders: 1 is reached."
                )
            }
            var recorder = existing.first ?? ConfigurationRecorder(account: account, region: region, name: name)
            recorder.roleARN = given.roleARN
            recorder.allSupported = given.recordingGroup?.allSupported
            recorder.includeGlobalResourceTypes = given.recordingGroup?.includeGlobalResourceTypes
            recorder.resourceTypes = given.recordingGroup?.resourceTypes
            recorder.recordingStrategy = given.recordingGroup?.recordingStrategy?.useOnly
            recorder.excludedResourceTypes = given.recordingGroup?.exclusionByResourceTypes?.resourceTypes
            recorder.recordingFrequency = given.recordingMode?.recordingFrequency
            if existing.isEmpty { recorder.tags = Self.tags(input.tags) }
            transaction.put(recorder)
            // The organization's rules that could not be deployed without a recorder are deployed now.
            OrganizationRuleDeployment.sync(account, in: &transaction, at: now)
        }
    }

    public func describeConfigurationRecorders(
        _ input: Config.DescribeConfigurationRecordersRequest, _ call: CallContext
    ) async throws -> Config.DescribeConfigurationRecordersResponse {
        let (recorders, partition) = try recorders(named: input.configurationRecorderNames, call)
        return Config.DescribeConfigurationRecordersResponse(
            configurationRecorders: recorders.map { recorder in
                Config.ConfigurationRecorder(
                    arn: recorder.arn(in: partition), name: recorder.name, roleARN: recorder.roleARN,
                    recordingGroup: Config.RecordingGroup(
                        allSupported: recorder.allSupported ?? true,
                        includeGlobalResourceTypes: recorder.includeGlobalResourceTypes ?? false,
                        resourceTypes: recorder.resourceTypes ?? [],
                        exclusionByResourceTypes: Config.ExclusionByResourceTypes(
                            resourceTypes: recorder.excludedResourceTypes ?? []),
                        recordingStrategy: Config.RecordingStrategy(
                            useOnly: recorder.recordingStrategy ?? "ALL_SUPPORTED_RESOURCE_TYPES")),
                    recordingMode: Config.RecordingMode(
                        recordingFrequency: recorder.recordingFrequency ?? "CONTINUOUS", recordingModeOverrides: []),
                    recordingScope: "PAID")
            })
    }

    public func describeConfigurationRecorderStatus(
        _ input: Config.DescribeConfigurationRecorderStatusRequest, _ call: CallContext
    ) async throws -> Config.DescribeConfigurationRecorderStatusResponse {
        let (recorders, partition) = try recorders(named: input.configurationRecorderNames, call)
        return Config.DescribeConfigurationRecorderStatusResponse(
            configurationRecordersStatus: recorders.map {
                Config.ConfigurationRecorderStatus(
                    arn: $0.arn(in: partition), name: $0.name, lastStartTime: $0.lastStartTime,
                    lastStopTime: $0.lastStopTime, recording: $0.recording,
                    lastStatus: $0.lastStartTime == nil ? nil : "SUCCESS", lastStatusChangeTime: $0.lastStatusChangeTime
                )
            })
    }

    public func startConfigurationRecorder(_ input: Config.StartConfigurationRecorderRequest, _ call: CallContext)
        async throws
    {
        try await setRecording(true, input.configurationRecorderName, call)
    }

    public func stopConfigurationRecorder(_ input: Config.StopConfigurationRecorderRequest, _ call: CallContext)
        async throws
    {
        try await setRecording(false, input.configurationRecorderName, call)
    }

    /// Starts or stops a recorder; a recorder starts only with a delivery channel to deliver to.
    private func setRecording(_ recording: Bool, _ name: String, _ call: CallContext) async throws {
        let account = call.principal.account
        let now = call.now
        try await environment.store.write { transaction in
            var recorder = try transaction.require(
                ConfigurationRecorder.self, ConfigurationRecorder.key(account, name),
                missing: ConfigErrors.noSuchRecorder(name))
            if recording, transaction.count(ConfigDeliveryChannel.self, account: account.rawValue) == 0 {
                throw ConfigErrors.error(
                    "NoAvailableDeliveryChannelException",
                    "Delivery channel is not available to start configuration recorder.")
            }
            recorder.recording = recording
            if recording { recorder.lastStartTime = now } else { recorder.lastStopTime = now }
            recorder.lastStatusChangeTime = now
            transaction.put(recorder)
        }
    }

    public func deleteConfigurationRecorder(_ input: Config.DeleteConfigurationRecorderRequest, _ call: CallContext)
        async throws
    {
        let account = call.principal.account
        let name = input.configurationRecorderName
        try await environment.store.write { transaction in
            let key = ConfigurationRecorder.key(account, name)
            _ = try transaction.require(ConfigurationRecorder.self, key, missing: ConfigErrors.noSuchRecorder(name))
            transaction.delete(ConfigurationRecorder.self, key)
        }
    }

    /// The account's recorders with the given names (all of them without names), and the
    /// partition their ARNs are in.
    private func recorders(
        named names: [String]?, _ call: CallContext
    ) throws(AWSError) -> ([ConfigurationRecorder], Partition) {
        let account = call.principal.account
        let all = environment.store.snapshot().all(ConfigurationRecorder.self, account: account.rawValue)
        return (
            try Self.pick(names, from: all, name: \.name, missing: ConfigErrors.noSuchRecorder), partition(of: account)
        )
    }
}
