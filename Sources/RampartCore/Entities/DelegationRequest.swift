import Foundation

/// A partner's request for temporary, scoped access to a customer's account (IAM temporary delegation):
/// created by the partner (the requestor account), claimed by an identity of the customer's account
/// (`AssociateDelegationRequest`), accepted or rejected there, and finally released
/// (`SendDelegationToken`), after which the partner trades the token in for credentials of the
/// identity that accepted, limited to `permissionPolicy`.
public struct DelegationRequest: Codable, Sendable, Equatable {
    /// The states of AWS's request lifecycle.
    public enum State: String, Codable, Sendable {
        case unassigned = "UNASSIGNED"
        case assigned = "ASSIGNED"
        case pendingApproval = "PENDING_APPROVAL"
        case accepted = "ACCEPTED"
        case finalized = "FINALIZED"
        case rejected = "REJECTED"
        case expired = "EXPIRED"
    }

    /// A policy template parameter as the partner supplied it.
    public struct Parameter: Codable, Sendable, Equatable {
        public var name: String
        public var values: [String]
        /// `string` or `stringList`.
        public var type: String

        public init(name: String, values: [String], type: String) {
            self.name = name
            self.values = values
            self.type = type
        }
    }

    /// The identity that accepted: the one the delegated credentials act as. Kept by unique id, so
    /// the credentials die with that identity even if another later gets its name.
    public struct Approver: Codable, Sendable, Equatable {
        public var kind: Principal.Kind
        public var name: String
        public var path: String
        public var uniqueId: String
        public var arn: String

        public init(kind: Principal.Kind, name: String, path: String, uniqueId: String, arn: String) {
            self.kind = kind
            self.name = name
            self.path = path
            self.uniqueId = uniqueId
            self.arn = arn
        }
    }

    public var id: String
    /// The partner's account.
    public var requestorAccount: AccountID
    public var requestorWorkflowId: String
    /// The customer account the request is meant for; set by the partner or on association.
    public var ownerAccountId: AccountID?
    /// The ARN and unique id of the identity that associated the request.
    public var ownerArn: String?
    public var ownerUniqueId: String?
    public var description: String
    public var requestMessage: String?
    public var policyTemplateArn: String
    public var parameters: [Parameter]
    /// The template with the parameters filled in: what the customer approves.
    public var permissionPolicy: String
    public var redirectUrl: String?
    public var notificationChannel: String
    public var sessionDuration: Int
    public var onlySendByOwner: Bool
    /// The state as last written; `state(at:)` adds the expirations that need no write.
    public var storedState: State
    public var createDate: Date
    public var updatedTime: Date
    public var notes: String?
    public var rejectionReason: String?
    public var approver: Approver?
    /// When the token was released: the delegated session's window starts here.
    public var finalizedAt: Date?
    /// The random part of the released trade-in token; a token naming another nonce is not this one's.
    public var tokenNonce: String?
    /// When the token was traded in; a token is exchanged once.
    public var tokenRedeemedAt: Date?

    public init(
        id: String, requestorAccount: AccountID, requestorWorkflowId: String, description: String,
        policyTemplateArn: String, permissionPolicy: String, notificationChannel: String, sessionDuration: Int,
        createDate: Date
    ) {
        self.id = id
        self.requestorAccount = requestorAccount
        self.requestorWorkflowId = requestorWorkflowId
        self.description = description
        self.policyTemplateArn = policyTemplateArn
        self.parameters = []
        self.permissionPolicy = permissionPolicy
        self.notificationChannel = notificationChannel
        self.sessionDuration = sessionDuration
        self.onlySendByOwner = false
        self.storedState = .unassigned
        self.createDate = createDate
        self.updatedTime = createDate
    }

    /// How long a request may rest in a state before it expires (AWS's "Expiration Path"): a day
    /// unassigned, seven days in every other state, a finalized one included.
    public static let unassignedLifetime: TimeInterval = 86_400
    public static let stateLifetime: TimeInterval = 7 * 86_400

    /// When the request expires if nothing happens to it; nil once expired.
    public var expirationTime: Date? {
        switch storedState {
        case .unassigned: return createDate.addingTimeInterval(Self.unassignedLifetime)
        case .expired: return nil
        default: return updatedTime.addingTimeInterval(Self.stateLifetime)
        }
    }

    /// The state at `now`: the stored one, or `EXPIRED` once its time has passed.
    public func state(at now: Date) -> State {
        guard let expiry = expirationTime, now >= expiry else { return storedState }
        return .expired
    }

    /// When the delegated credentials (and the trade-in token) stop working.
    public var sessionEnd: Date? {
        finalizedAt.map { $0.addingTimeInterval(TimeInterval(sessionDuration)) }
    }
}
