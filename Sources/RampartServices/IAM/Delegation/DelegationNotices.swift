import Foundation
import RampartCore

/// What IAM tells a partner about its delegation request, on the SNS topic the request names
/// (`NotificationChannel`). Rampart has no SNS: each notice is written, as the email an SNS email
/// subscription would carry, to the data folder's outbox under the topic's name (`EmailOutbox`), where
/// the partner's integration (or a test) picks it up. The released trade-in token travels only here,
/// never in an API response or the trail.
struct DelegationNotices: Sendable {
    let outbox: EmailOutbox?

    /// The body: a JSON object with the request's id, its new state and, when released, the token.
    static func body(_ request: DelegationRequest, state: DelegationRequest.State, tradeInToken: String?) -> String {
        var fields = [
            ("Type", "DelegationRequestStateChange"), ("DelegationRequestId", request.id),
            ("RequestorWorkflowId", request.requestorWorkflowId), ("State", state.rawValue),
        ]
        if let owner = request.ownerAccountId { fields.append(("OwnerAccountId", owner.rawValue)) }
        if let tradeInToken { fields.append(("TradeInToken", tradeInToken)) }
        let members = fields.map { "\"\($0.0)\":\"\(PlaceholderText.escaped($0.1))\"" }
        return "{" + members.joined(separator: ",") + "}"
    }

    /// Writes the notice; a notice that cannot be written fails the call, so a released token is never lost.
    func send(_ request: DelegationRequest, state: DelegationRequest.State, tradeInToken: String? = nil, at now: Date)
        throws(AWSError)
    {
        guard let outbox else { return }
        let message = EmailMessage(
            from: "no-reply@sns.amazonaws.com", to: [], topicArn: request.notificationChannel,
            eventId: "\(request.id)-\(state.rawValue.lowercased())", targetId: "iam-delegation",
            body: Self.body(request, state: state, tradeInToken: tradeInToken), date: now)
        do { try outbox.write(message) } catch {
            throw AWSError.serviceFailure("The notification for delegation request \(request.id) could not be sent.")
        }
    }
}
