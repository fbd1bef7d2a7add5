import Foundation
import RampartCore
import RampartServices
import RampartSigV4
import RampartStore
import RampartWire

/// STS's federation operations take no AWS credentials: the caller has a token from an identity
/// provider instead, which the operation verifies. Such a request is served without SigV4 (a
/// signature on it is ignored, as AWS ignores it) and recorded in the trail of the role's account
/// under the identity the token proved.
extension AWSRequestHandler {
    static let unsignedActions: Set<String> = ["AssumeRoleWithWebIdentity", "AssumeRoleWithSAML"]

    /// The unsigned action a request asks for; nil for every other request (which SigV4 then judges).
    func unsignedAction(_ request: SigV4Request) -> (String, QueryInput)? {
        // A scan for the actions' common prefix spares every other request a second decoding of its form.
        guard request.values(ofHeader: "x-amz-target").isEmpty,
            Self.mentionsFederation(request.body) || Self.mentionsFederation(Array(request.query.utf8)),
            let query = try? queryInput(request), let action = query.action, Self.unsignedActions.contains(action)
        else { return nil }
        return (action, query)
    }

    static let federationPrefix = Array("AssumeRoleWith".utf8)
    /// The account of a request whose role ARN names no account of this server.
    static let unaddressedAccount = AccountID("000000000000")!

    /// Whether `bytes` contain `AssumeRoleWith`: linear, the needle being fixed and short.
    static func mentionsFederation(_ bytes: [UInt8]) -> Bool {
        let needle = federationPrefix
        guard bytes.count >= needle.count else { return false }
        for start in 0...(bytes.count - needle.count) where bytes[start] == needle[0] {
            if bytes[start..<start + needle.count].elementsEqual(needle) { return true }
        }
        return false
    }

    func handleUnsigned(
        _ query: QueryInput, action: String, sourceIp: String, userAgent: String, secureTransport: Bool,
        requestId: String
    ) async -> Reply {
        var attribution = RequestAttribution(requestId: requestId)
        attribution.service = "sts"
        attribution.operation = OperationLabel.query(service: "sts", action: action)
        let now = environment.clock.now
        let trail = TrailCall.unbound(userAgent: userAgent)
        // The account the request addresses, when it names a role of an account that exists: only there
        // is anything recorded, so unsigned requests cannot open a trail for any account they like.
        let roleArn = query["RoleArn"].flatMap(ARN.init(parsing:))
        let account = roleArn.flatMap { AccountID($0.account) }.flatMap {
            environment.store.snapshot().get(Account.self, $0.rawValue) == nil ? nil : $0
        }
        let partition = roleArn?.partition ?? .commercial
        // STS's global endpoint answers in the partition's first Region.
        let region = ["aws-cn": "cn-north-1", "aws-us-gov": "us-gov-west-1"][partition.rawValue] ?? "us-east-1"
        // The caller stands for nobody: it names the addressed account (for the trail) and partition, and no
        // operation served here authorizes it.
        let caller = Principal(
            account: account ?? Self.unaddressedAccount, kind: .federatedUser, name: "", userId: "", arn: "",
            session: nil, accessKeyId: "", partition: partition)
        let context = CallContext(
            principal: caller, requestId: requestId, now: now, sourceIp: sourceIp, region: region,
            secureTransport: secureTransport)
        var call = account.map { _ in
            APICall(
                principal: caller, service: "sts", action: action, region: region, sourceIp: sourceIp,
                userAgent: userAgent, requestId: requestId, time: now, requestParameters: TrailParameters.query(query),
                organization: nil)
        }
        let sts = sts
        do {
            try requireTrailKeepingUp()
            let body = try await tracer.span("operation \(attribution.operation)") { _ in
                try await TrailCall.$current.withValue(trail) {
                    try await STSQueryDispatcher.dispatch(action: action, query: query, handler: sts, call: context)
                }
            }
            recordUnsigned(&call, trail: trail, error: nil)
            return Reply(status: 200, body: body, requestId: requestId, attribution: attribution)
        } catch {
            let error = (error as? AWSError) ?? AWSError.serviceFailure("An internal error occurred.")
            recordUnsigned(&call, trail: trail, error: error)
            attribution.refused(error)
            if error.httpStatus >= 500 {
                logger.error("request failed", metadata: ["request-id": "\(requestId)", "error": "\(error.code)"])
            }
            return Reply(
                status: error.httpStatus,
                body: ErrorEnvelope.query(error, requestId: requestId, xmlNamespace: STSQueryDispatcher.xmlNamespace),
                requestId: requestId, attribution: attribution)
        }
    }

    /// The caller's identity comes from what the operation established (see `WebIdentityTrail`).
    private func recordUnsigned(_ call: inout APICall?, trail: TrailCall, error: AWSError?) {
        guard var recorded = call, recordsAPICalls else { return }
        let (identity, elements) = WebIdentityTrail.split(trail.responseElements)
        let user = identity ?? CloudTrailIdentity.webIdentityUser(provider: "", audience: "", subject: "")
        recorded.federatedIdentity = (user, user["userName"]?.stringValue ?? "")
        trail.responseElements = elements
        recorder.finish(recorded, trail: trail, error: error)
    }
}
