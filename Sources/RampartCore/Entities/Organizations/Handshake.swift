import Foundation

/// A two-party agreement of Organizations: an invitation to join, or the approvals that move an
/// organization to all features. It stays listable for 30 days after it ends.
public struct Handshake: Codable, Sendable, Equatable {
    public enum State: String, Codable, Sendable {
        case requested = "REQUESTED"
        case open = "OPEN"
        case canceled = "CANCELED"
        case accepted = "ACCEPTED"
        case declined = "DECLINED"
        case expired = "EXPIRED"
    }

    public struct Party: Codable, Sendable, Equatable {
        /// `ACCOUNT`, `ORGANIZATION` or `EMAIL`.
        public var type: String
        public var id: String
        public init(type: String, id: String) {
            self.type = type
            self.id = id
        }
    }

    /// What the handshake is about, as a small tree (`ORGANIZATION` holding `MASTER_EMAIL`, …).
    public struct Resource: Codable, Sendable, Equatable {
        public var type: String
        public var value: String
        public var resources: [Resource]
        public init(type: String, value: String, resources: [Resource] = []) {
            self.type = type
            self.value = value
            self.resources = resources
        }
    }

    /// `h-` and ten or more lower-case letters or digits.
    public var id: String
    public var organizationId: String
    public var managementAccount: AccountID
    /// `INVITE`, `ENABLE_ALL_FEATURES` or `APPROVE_ALL_FEATURES`.
    public var action: String
    public var state: State
    public var parties: [Party]
    public var resources: [Resource]
    /// The account that must answer: the invited account, or the member asked to approve.
    public var counterpart: AccountID
    public var parentHandshakeId: String?
    public var requestedTimestamp: Date
    public var expirationTimestamp: Date
    public var tags: [Tag]

    public init(
        id: String, organizationId: String, managementAccount: AccountID, action: String, parties: [Party],
        resources: [Resource], counterpart: AccountID, requestedTimestamp: Date, expirationTimestamp: Date
    ) {
        self.id = id
        self.organizationId = organizationId
        self.managementAccount = managementAccount
        self.action = action
        self.state = .open
        self.parties = parties
        self.resources = resources
        self.counterpart = counterpart
        self.requestedTimestamp = requestedTimestamp
        self.expirationTimestamp = expirationTimestamp
        self.tags = []
    }

    /// Named in the organization's partition (its management account's).
    public func arn(in partition: Partition) -> String {
        ARN.organizations(
            partition, account: managementAccount.rawValue, "handshake/\(organizationId)/\(action.lowercased())/\(id)")
    }
}
