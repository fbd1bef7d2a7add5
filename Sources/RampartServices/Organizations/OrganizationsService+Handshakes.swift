import Foundation
import RampartCore
import RampartStore

/// What InviteAccountToOrganization names: an account by id, or by its root user's email.
public struct HandshakeTarget: Sendable, Equatable {
    public var type: String
    public var id: String
    public init(type: String, id: String) {
        self.type = type
        self.id = id
    }
}

extension OrganizationsService {
    /// Invites a standalone account of this server to join the caller's organization.
    public func inviteAccount(_ target: HandshakeTarget, notes: String?, tags: [Tag], _ call: CallContext)
        async throws -> Handshake
    {
        try checkTags(tags)
        return try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            guard let invited = invitedAccount(target, in: tx.snapshot) else {
                throw OrganizationsErrors.invalidInput(
                    "INVALID_PARTY_TYPE_TARGET", "You provided a value that does not match the required pattern.")
            }
            if invited.membership?.organizationId == organization.id { throw OrganizationsErrors.duplicateAccount }
            if invited.membership != nil {
                throw OrganizationsErrors.handshakeConstraint(
                    "ALREADY_IN_AN_ORGANIZATION", "The account is already a member of an organization.")
            }
            let sent = tx.all(Handshake.self, account: organization.managementAccount.rawValue)
                .filter { $0.organizationId == organization.id && $0.action == "INVITE" }
            if sent.contains(where: { $0.counterpart == invited.id && $0.isPending(at: call.now) }) {
                throw OrganizationsErrors.duplicateHandshake
            }
            if sent.filter({ call.now.timeIntervalSince($0.requestedTimestamp) < 86_400 }).count
                >= Limits.invitationsPerDay
            {
                throw OrganizationsErrors.handshakeConstraint(
                    "HANDSHAKE_RATE_LIMIT_EXCEEDED", "You have sent too many invitations today.")
            }
            let members = accounts(of: organization, in: tx.snapshot)
            if members.count >= environment.organizationAccountLimit {
                throw OrganizationsErrors.handshakeConstraint(
                    "ACCOUNT_NUMBER_LIMIT_EXCEEDED",
                    "You have reached the maximum number of accounts in your organization.")
            }
            let management = try tx.account(organization.managementAccount)
            var details = [
                Handshake.Resource(type: "MASTER_EMAIL", value: organization.managementEmail),
                Handshake.Resource(type: "MASTER_NAME", value: management.displayName),
                Handshake.Resource(
                    type: "ORGANIZATION_FEATURE_SET",
                    value: organization.featureSet == .all ? "FULL" : "CONSOLIDATED_BILLING"),
            ]
            if let notes { details.append(Handshake.Resource(type: "NOTES", value: notes)) }
            var handshake = Handshake(
                id: OrganizationIDs.handshake(), organizationId: organization.id,
                managementAccount: organization.managementAccount, action: "INVITE",
                parties: [
                    Handshake.Party(type: "ORGANIZATION", id: organization.id),
                    Handshake.Party(type: target.type, id: target.id),
                ],
                resources: [
                    Handshake.Resource(type: "ORGANIZATION", value: organization.id, resources: details),
                    Handshake.Resource(type: target.type, value: target.id),
                ],
                counterpart: invited.id, requestedTimestamp: call.now,
                expirationTimestamp: call.now.addingTimeInterval(Limits.invitationLifetime))
            handshake.tags = tags
            tx.put(handshake)
            return handshake
        }
    }

    /// The invited (or approving) account accepts: an invitation makes it a member under the root;
    /// the management account's acceptance of ENABLE_ALL_FEATURES, once every member approved,
    /// turns on all features.
    public func acceptHandshake(_ id: String, _ call: CallContext) async throws -> Handshake {
        try await store.write { tx in
            var handshake = try answerable(id, call, tx)
            switch handshake.action {
            case "INVITE":
                var account = try tx.account(call.principal.account)
                if account.membership != nil {
                    throw OrganizationsErrors.handshakeConstraint(
                        "ALREADY_IN_AN_ORGANIZATION", "The account is already a member of an organization.")
                }
                guard let organization = tx.get(Organization.self, handshake.organizationId) else {
                    throw OrganizationsErrors.handshakeNotFound
                }
                var membership = AccountMembership(
                    organizationId: organization.id, parentId: organization.root.id, joinedMethod: .invited,
                    joinedTimestamp: call.now)
                membership.policyIds = defaultPolicyIds(organization)
                account.membership = membership
                tx.put(account)
                OrganizationRuleDeployment.sync(account.id, in: &tx, at: call.now)
            case "ENABLE_ALL_FEATURES":
                let approvals = tx.all(Handshake.self, account: handshake.managementAccount.rawValue)
                    .filter { $0.parentHandshakeId == handshake.id }
                guard approvals.allSatisfy({ $0.state == .accepted }) else {
                    throw OrganizationsErrors.handshakeConstraint(
                        "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION",
                        "Every member account must approve before all features can be enabled.")
                }
                guard var organization = tx.get(Organization.self, handshake.organizationId) else {
                    throw OrganizationsErrors.handshakeNotFound
                }
                organization.featureSet = .all
                tx.put(organization)
            default:
                break
            }
            handshake.state = .accepted
            tx.put(handshake)
            return handshake
        }
    }

    public func declineHandshake(_ id: String, _ call: CallContext) async throws -> Handshake {
        try await store.write { tx in
            var handshake = try answerable(id, call, tx)
            handshake.state = .declined
            tx.put(handshake)
            return handshake
        }
    }

    /// The management account withdraws a handshake it sent.
    public func cancelHandshake(_ id: String, _ call: CallContext) async throws -> Handshake {
        try await store.write { tx in
            guard var handshake = tx.get(Handshake.self, id), handshake.managementAccount == call.principal.account
            else { throw OrganizationsErrors.handshakeNotFound }
            try checkOpen(handshake, wanted: .canceled, at: call.now)
            handshake.state = .canceled
            tx.put(handshake)
            return handshake
        }
    }

    public func describeHandshake(_ id: String, _ call: CallContext) throws(AWSError) -> Handshake {
        guard let handshake = store.snapshot().get(Handshake.self, id),
            isParty(call.principal.account, to: handshake)
        else { throw OrganizationsErrors.handshakeNotFound }
        return handshake.current(at: call.now)
    }

    /// The handshakes the caller's account is a party to (any account may ask, member or not).
    public func listHandshakesForAccount(
        action: String?, parentId: String?, nextToken: String?, maxResults: Int?, _ call: CallContext
    ) throws(AWSError) -> ([Handshake], String?) {
        let account = call.principal.account
        let all = store.snapshot().all(Handshake.self).filter { isParty(account, to: $0) }
        return try page(all, action: action, parentId: parentId, nextToken: nextToken, maxResults: maxResults, call)
    }

    public func listHandshakesForOrganization(
        action: String?, parentId: String?, nextToken: String?, maxResults: Int?, _ call: CallContext
    ) throws(AWSError) -> ([Handshake], String?) {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        let all = snapshot.all(Handshake.self, account: organization.managementAccount.rawValue)
            .filter { $0.organizationId == organization.id }
        return try page(all, action: action, parentId: parentId, nextToken: nextToken, maxResults: maxResults, call)
    }

    /// Starts the move of a consolidated-billing organization to all features: one handshake for the
    /// management account and one approval for every invited member.
    public func enableAllFeatures(_ call: CallContext) async throws -> Handshake {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            if organization.featureSet == .all {
                throw OrganizationsErrors.handshakeConstraint(
                    "ORGANIZATION_ALREADY_HAS_ALL_FEATURES", "The organization already has all features enabled.")
            }
            let sent = tx.all(Handshake.self, account: organization.managementAccount.rawValue)
            if sent.contains(where: { $0.action == "ENABLE_ALL_FEATURES" && $0.isPending(at: call.now) }) {
                throw OrganizationsErrors.handshakeConstraint(
                    "ORGANIZATION_IS_ALREADY_PENDING_ALL_FEATURES_MIGRATION",
                    "The organization is already moving to all features.")
            }
            let expiry = call.now.addingTimeInterval(90 * 86_400)
            let resources = [Handshake.Resource(type: "ORGANIZATION", value: organization.id)]
            let parent = Handshake(
                id: OrganizationIDs.handshake(), organizationId: organization.id,
                managementAccount: organization.managementAccount, action: "ENABLE_ALL_FEATURES",
                parties: [Handshake.Party(type: "ORGANIZATION", id: organization.id)], resources: resources,
                counterpart: organization.managementAccount, requestedTimestamp: call.now, expirationTimestamp: expiry)
            tx.put(parent)
            for member in tx.snapshot.allAccounts()
            where member.membership?.organizationId == organization.id && member.membership?.joinedMethod == .invited {
                var approval = Handshake(
                    id: OrganizationIDs.handshake(), organizationId: organization.id,
                    managementAccount: organization.managementAccount, action: "APPROVE_ALL_FEATURES",
                    parties: [
                        Handshake.Party(type: "ORGANIZATION", id: organization.id),
                        Handshake.Party(type: "ACCOUNT", id: member.id.rawValue),
                    ],
                    resources: resources, counterpart: member.id, requestedTimestamp: call.now,
                    expirationTimestamp: expiry)
                approval.parentHandshakeId = parent.id
                tx.put(approval)
            }
            return parent
        }
    }

    // MARK: - Helpers

    private func invitedAccount(_ target: HandshakeTarget, in snapshot: StoreSnapshot) -> Account? {
        switch target.type {
        case "ACCOUNT":
            return AccountID(target.id).flatMap { snapshot.get(Account.self, $0.rawValue) }
        case "EMAIL":
            return snapshot.rootUserAccount(email: target.id)
        default:
            return nil
        }
    }

    private func isParty(_ account: AccountID, to handshake: Handshake) -> Bool {
        handshake.counterpart == account || handshake.managementAccount == account
    }

    /// A handshake the caller may accept or decline: addressed to it, and still open.
    private func answerable(_ id: String, _ call: CallContext, _ tx: StoreTransaction) throws(AWSError) -> Handshake {
        guard let handshake = tx.get(Handshake.self, id), handshake.counterpart == call.principal.account else {
            throw OrganizationsErrors.handshakeNotFound
        }
        try checkOpen(handshake, wanted: .accepted, at: call.now)
        return handshake
    }

    private func checkOpen(_ handshake: Handshake, wanted: Handshake.State, at now: Date) throws(AWSError) {
        let current = handshake.current(at: now)
        if current.state == wanted { throw OrganizationsErrors.handshakeAlreadyInState }
        guard current.state == .open || current.state == .requested else {
            throw OrganizationsErrors.invalidHandshakeTransition
        }
    }

    private func page(
        _ all: [Handshake], action: String?, parentId: String?, nextToken: String?, maxResults: Int?,
        _ call: CallContext
    ) throws(AWSError) -> ([Handshake], String?) {
        let visible = all.map { $0.current(at: call.now) }.filter {
            (action == nil || $0.action == action) && (parentId == nil || $0.parentHandshakeId == parentId)
                && call.now.timeIntervalSince($0.expirationTimestamp) < Limits.handshakeRetention
        }
        let page = try OrganizationsPage(visible, sortKey: \.id, nextToken: nextToken, maxResults: maxResults)
        return (page.items, page.nextToken)
    }
}

extension Handshake {
    func isPending(at now: Date) -> Bool {
        let state = current(at: now).state
        return state == .open || state == .requested
    }

    /// The handshake as of `now`: an open one past its expiry reads as EXPIRED.
    func current(at now: Date) -> Handshake {
        guard state == .open || state == .requested, now >= expirationTimestamp else { return self }
        var expired = self
        expired.state = .expired
        return expired
    }
}
