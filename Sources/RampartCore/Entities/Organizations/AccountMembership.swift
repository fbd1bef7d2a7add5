import Foundation

/// How an account belongs to an organization: where it sits in the tree, how it joined, and the
/// policies attached to it directly.
public struct AccountMembership: Codable, Sendable, Equatable {
    public enum JoinedMethod: String, Codable, Sendable {
        case invited = "INVITED"
        case created = "CREATED"
    }

    public var organizationId: String
    /// The root or OU the account sits in.
    public var parentId: String
    public var joinedMethod: JoinedMethod
    public var joinedTimestamp: Date
    public var policyIds: [String]

    public init(organizationId: String, parentId: String, joinedMethod: JoinedMethod, joinedTimestamp: Date) {
        self.organizationId = organizationId
        self.parentId = parentId
        self.joinedMethod = joinedMethod
        self.joinedTimestamp = joinedTimestamp
        self.policyIds = []
    }
}

/// An account's lifecycle as Organizations reports it (`State`): closing an account suspends it
/// for the 90-day post-closure period before it is gone.
public enum AccountState: String, Codable, Sendable {
    case pendingActivation = "PENDING_ACTIVATION"
    case active = "ACTIVE"
    case suspended = "SUSPENDED"
    case pendingClosure = "PENDING_CLOSURE"
    case closed = "CLOSED"

    /// The older `Status` field, which knows only three values.
    public var status: String {
        switch self {
        case .pendingActivation, .active: "ACTIVE"
        case .suspended, .closed: "SUSPENDED"
        case .pendingClosure: "PENDING_CLOSURE"
        }
    }
}
