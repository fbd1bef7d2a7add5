import Foundation
import RampartCore

/// One API call of the trail as the access advisor counts it: which user or role attempted which
/// action of which service, when and from which region.
///
/// Every call the trail holds was authenticated (a request that cannot be attributed records no
/// event), and refused calls count as well as successful ones: AWS's access advisor "includes all
/// attempts to access an AWS API, not just the successful ones". A role's sessions are attempts of
/// the role (`sessionContext.sessionIssuer.arn`); calls of the root user, federated users and console
/// sign-ins belong to no user or role and are left out.
struct ServiceAccessAttempt: Sendable, Equatable {
    var entityArn: String
    var namespace: String
    var action: String
    var region: String
    var time: Date
}

extension ServiceAccessAttempt {
    static let sourceSuffix = ".amazonaws.com"

    /// Nil for an event that is no user's or role's API call. Reads the record's JSON, so it costs a
    /// parse of the body (see `ServiceLastAccessedScan`).
    init?(_ event: TrailEvent) {
        guard event.eventSource.hasSuffix(Self.sourceSuffix),
            let object = try? JSONSerialization.jsonObject(with: Data(event.body.utf8)) as? [String: Any],
            object["eventType"] as? String == "AwsApiCall",
            let identity = object["userIdentity"] as? [String: Any]
        else { return nil }
        let entity: String?
        switch identity["type"] as? String {
        case "IAMUser": entity = identity["arn"] as? String
        case "AssumedRole":
            let context = identity["sessionContext"] as? [String: Any]
            entity = (context?["sessionIssuer"] as? [String: Any])?["arn"] as? String
        default: entity = nil
        }
        guard let entity else { return nil }
        self.init(
            entityArn: entity, namespace: String(event.eventSource.dropLast(Self.sourceSuffix.count)),
            action: event.eventName, region: object["awsRegion"] as? String ?? "", time: event.time)
    }
}
