import RampartCore

extension TrailResponseElements {
    /// CreateInstanceProfile records the new profile; the provider creates record the ARN they answer.
    /// Names in CloudTrail's lowerCamel form of the wire members (`SAMLProviderArn` → `sAMLProviderArn`).
    static func identityEntity(action: String, writeResult: Any, partition: Partition) -> TrailValue? {
        switch (action, writeResult) {
        case ("CreateInstanceProfile", let profile as InstanceProfile):
            return .members([
                (
                    "instanceProfile",
                    .members([
                        ("path", .string(profile.path)), ("instanceProfileName", .string(profile.name)),
                        ("instanceProfileId", .string(profile.id)), ("arn", .string(profile.arn(in: partition))),
                        ("createDate", .string(TrailDates.java(profile.createDate))), ("roles", .array([])),
                    ])
                )
            ])
        case ("CreateOpenIDConnectProvider", let provider as OpenIDConnectProvider):
            return .members([("openIDConnectProviderArn", .string(provider.arn(in: partition)))])
        case ("CreateSAMLProvider", let provider as SAMLProvider):
            return .members([("sAMLProviderArn", .string(provider.arn(in: partition)))])
        default:
            return nil
        }
    }
}
