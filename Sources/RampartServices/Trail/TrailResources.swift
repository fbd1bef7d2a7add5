import RampartCore

/// The resources an event names, LookupEvents' `Resources` and what `ResourceType` and
/// `ResourceName` find: read from the members AWS's services name their resources by.
public enum TrailResources {
    /// Member name → resource type, for the request's parameters and the response's elements.
    static let types: [(member: String, type: String)] = [
        ("userName", "AWS::IAM::User"), ("roleName", "AWS::IAM::Role"), ("groupName", "AWS::IAM::Group"),
        ("policyArn", "AWS::IAM::Policy"), ("accessKeyId", "AWS::IAM::AccessKey"),
        ("serialNumber", "AWS::IAM::MFADevice"), ("virtualMFADeviceName", "AWS::IAM::MFADevice"),
        ("instanceProfileName", "AWS::IAM::InstanceProfile"), ("roleArn", "AWS::IAM::Role"),
        ("serverCertificateName", "AWS::IAM::ServerCertificate"),
        ("accountId", "AWS::Organizations::Account"), ("policyId", "AWS::Organizations::Policy"),
        ("organizationalUnitId", "AWS::Organizations::OrganizationalUnit"),
        ("handshakeId", "AWS::Organizations::Handshake"), ("targetPrincipal", "AWS::Organizations::Account"),
    ]

    public static func of(parameters: TrailValue, response: TrailValue) -> [TrailResource] {
        var found = [TrailResource]()
        func add(_ type: String, _ name: String) {
            let resource = TrailResource(type: type, name: name)
            if !name.isEmpty, !found.contains(resource) { found.append(resource) }
        }
        // An object's members are taken out once, not once for each of the fifteen names (as its
        // subscript would): this runs for every event the trail keeps.
        func addNamed(in value: TrailValue) {
            guard case .object(let members) = value else { return }
            for (member, type) in types {
                if let name = members.first(where: { $0.key == member })?.value.stringValue { add(type, name) }
            }
        }
        addNamed(in: parameters)
        // What a call created: `{"user": {"userName": …}}`, `{"accessKey": {"accessKeyId": …}}`,
        // STS's `credentials` and `assumedRoleUser`.
        if case .object(let elements) = response {
            for element in elements { addNamed(in: element.value) }
            if let key = response["credentials"]?["accessKeyId"]?.stringValue { add("AWS::IAM::AccessKey", key) }
            if let arn = response["assumedRoleUser"]?["arn"]?.stringValue { add("AWS::STS::AssumedRole", arn) }
        }
        return found
    }
}
