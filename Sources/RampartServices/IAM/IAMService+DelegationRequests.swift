import Foundation
import RampartCore
import RampartPolicy
import RampartStore

// IAM temporary delegation: a partner (the requestor account) asks a customer account for temporary,
// scoped access; an identity of the customer claims the request, accepts or rejects it, and releases
// the trade-in token, which the partner exchanges with STS GetDelegatedAccessToken for credentials of
// the identity that accepted, limited to the request's permission policy.
//
// Where AWS leaves things open (its partner onboarding has no API), Rampart decides so:
// - a partner's policy template is a customer managed policy of the partner's own account, its text
//   holding `@{name}` placeholders (`DelegationPolicyTemplate`);
// - the notification channel must be an SNS topic ARN; notices go to the data folder's outbox
//   (`DelegationNotices`), the released token with them;
// - a request in the wrong state for an operation answers InvalidInput, an expired one too;
// - no console deep link is returned: Rampart's console has no delegation page yet.

extension IAMService {
    public func createDelegationRequest(_ input: IAM.CreateDelegationRequestRequest, _ call: CallContext)
        async throws -> IAM.CreateDelegationRequestResponse
    {
        let caller = call.principal
        guard let templateArn = input.permissions.policyTemplateArn else {
            throw AWSError.invalidInput("Permissions must include a PolicyTemplateArn.")
        }
        guard EmailOutbox.topic(of: input.notificationChannel) != nil else {
            throw AWSError.invalidInput(
                "NotificationChannel \(input.notificationChannel) is not an SNS topic ARN.")
        }
        let ownerAccount = try input.ownerAccountId.map { id throws(AWSError) in
            guard let account = AccountID(id) else { throw AWSError.invalidInput("Account \(id) is not valid.") }
            return account
        }
        let parameters = (input.permissions.parameters ?? []).map {
            DelegationRequest.Parameter(name: $0.name ?? "", values: $0.values ?? [], type: $0.type ?? "string")
        }
        if let unnamed = parameters.first(where: { $0.name.isEmpty || $0.values.isEmpty }) {
            throw AWSError.invalidInput("Policy parameter \(unnamed.name) must have a name and at least one value.")
        }
        let id = "dr-" + Hex.string(RandomBytes.make(16))
        let request = try await store.write { tx in
            let template = try tx.policy(templateArn, caller: caller)
            guard template.account == caller.account, let version = template.defaultVersion else {
                throw AWSError.invalidInput(
                    "PolicyTemplateArn \(templateArn) is not a policy template of account \(caller.account).")
            }
            let rendered = try DelegationPolicyTemplate(text: version.document).render(parameters)
            if rendered.count > DelegationPolicyTemplate.renderedSizeLimit {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for DelegationPolicySize: \(DelegationPolicyTemplate.renderedSizeLimit)")
            }
            let grammar = PolicyGrammar(kind: .identity, partition: caller.partition.rawValue)
            do { try validatePolicy(rendered, grammar: grammar, quota: .managed) } catch let error as AWSError {
                throw AWSError.invalidInput("The rendered permission policy is not valid: \(error.message)")
            }
            let existing = tx.all(DelegationRequest.self, account: caller.account.rawValue)
            if existing.contains(where: { $0.requestorWorkflowId == input.requestorWorkflowId }) {
                throw AWSError.entityAlreadyExists(
                    "A delegation request with RequestorWorkflowId \(input.requestorWorkflowId) already exists.")
            }
            guard existing.count < Limits.delegationRequestsPerAccount else {
                throw AWSError.limitExceeded(
                    "Cannot exceed quota for DelegationRequestsPerAccount: \(Limits.delegationRequestsPerAccount)")
            }
            var request = DelegationRequest(
                id: id, requestorAccount: caller.account, requestorWorkflowId: input.requestorWorkflowId,
                description: input.description, policyTemplateArn: templateArn, permissionPolicy: rendered,
                notificationChannel: input.notificationChannel, sessionDuration: input.sessionDuration,
                createDate: call.now)
            request.ownerAccountId = ownerAccount
            request.requestMessage = input.requestMessage
            request.parameters = parameters
            request.redirectUrl = input.redirectUrl
            request.onlySendByOwner = input.onlySendByOwner ?? false
            tx.put(request)
            return request
        }
        return IAM.CreateDelegationRequestResponse(delegationRequestId: request.id)
    }

    public func getDelegationRequest(_ input: IAM.GetDelegationRequestRequest, _ call: CallContext) async throws
        -> IAM.GetDelegationRequestResponse
    {
        let request = try visibleDelegationRequest(input.delegationRequestId, store.snapshot(), call)
        var response = IAM.GetDelegationRequestResponse(
            delegationRequest: IAM.DelegationRequest(request, at: call.now, in: call.principal.partition))
        if input.delegationPermissionCheck == true {
            let check = try await delegationPermissionCheck(request, call)
            response.permissionCheckStatus = "COMPLETE"
            response.permissionCheckResult = check
        }
        return response
    }

    public func listDelegationRequests(_ input: IAM.ListDelegationRequestsRequest, _ call: CallContext) async throws
        -> IAM.ListDelegationRequestsResponse
    {
        let account = call.principal.account
        // A customer account lists the requests one of its identities owns; a partner its own requests.
        let requests = store.snapshot().all(DelegationRequest.self).filter { request in
            let listed =
                request.requestorAccount == account || (request.ownerAccountId == account && request.ownerArn != nil)
            return listed && (input.ownerId.map { $0 == request.ownerArn } ?? true)
        }
        let page = try Page(requests, sortKey: \.id, marker: input.marker, maxItems: input.maxItems)
        return IAM.ListDelegationRequestsResponse(
            delegationRequests: page.items.map {
                IAM.DelegationRequest($0, at: call.now, in: call.principal.partition)
            },
            marker: page.marker, isTruncated: page.isTruncated)
    }

    public func associateDelegationRequest(_ input: IAM.AssociateDelegationRequestRequest, _ call: CallContext)
        async throws
    {
        let caller = call.principal
        try await changeDelegationRequest(input.delegationRequestId, call, from: [.unassigned]) { request in
            guard request.ownerAccountId == nil || request.ownerAccountId == caller.account else {
                throw AWSError.noSuchEntity("The delegation request \(request.id) cannot be found.")
            }
            request.ownerAccountId = caller.account
            request.ownerArn = caller.arn
            request.ownerUniqueId = caller.uniqueId
            return .assigned
        }
    }

    public func updateDelegationRequest(_ input: IAM.UpdateDelegationRequestRequest, _ call: CallContext) async throws {
        try await changeDelegationRequest(input.delegationRequestId, call, from: [.assigned, .pendingApproval]) {
            request in
            if let notes = input.notes { request.notes = notes }
            return .pendingApproval
        }
    }

    public func acceptDelegationRequest(_ input: IAM.AcceptDelegationRequestRequest, _ call: CallContext) async throws {
        let approver = try delegationApprover(call)
        try await changeDelegationRequest(input.delegationRequestId, call, from: [.assigned, .pendingApproval]) {
            request in
            request.approver = approver
            return .accepted
        }
    }

    public func rejectDelegationRequest(_ input: IAM.RejectDelegationRequestRequest, _ call: CallContext) async throws {
        try await changeDelegationRequest(
            input.delegationRequestId, call, from: [.assigned, .pendingApproval, .accepted]
        ) { request in
            request.rejectionReason = input.notes
            request.approver = nil
            return .rejected
        }
    }

    public func sendDelegationToken(_ input: IAM.SendDelegationTokenRequest, _ call: CallContext) async throws {
        let caller = call.principal
        let token = DelegationTradeInToken.make(for: input.delegationRequestId)
        let sealed = try token.sealed(with: environment.secrets)
        try await changeDelegationRequest(input.delegationRequestId, call, from: [.accepted], tradeInToken: sealed) {
            request in
            if request.onlySendByOwner, request.ownerUniqueId != caller.uniqueId {
                throw AWSError.accessDenied(
                    "Only the owner of delegation request \(request.id) may send its delegation token.")
            }
            request.finalizedAt = call.now
            request.tokenNonce = token.nonce
            return .finalized
        }
    }

    /// One state change of a request the caller's account owns (or may claim): checked against the states
    /// it may leave, written with its new state and time, and announced on the request's channel.
    private func changeDelegationRequest(
        _ id: String, _ call: CallContext, from states: Set<DelegationRequest.State>, tradeInToken: String? = nil,
        _ change: (inout DelegationRequest) throws -> DelegationRequest.State
    ) async throws {
        let caller = call.principal
        let changed = try await store.write { tx in
            guard var request = tx.get(DelegationRequest.self, id) else { throw AWSError.noDelegationRequest(id) }
            // Only the customer side moves a request: its owner account, or any account while unclaimed.
            let customer = request.ownerAccountId.map { $0 == caller.account } ?? (request.ownerArn == nil)
            guard customer else { throw AWSError.noDelegationRequest(id) }
            let state = request.state(at: call.now)
            guard state != .expired else {
                throw AWSError.invalidInput("The delegation request \(id) has expired.")
            }
            guard states.contains(state) else {
                throw AWSError.invalidInput("The delegation request \(id) is in state \(state.rawValue).")
            }
            let next = try change(&request)
            request.storedState = next
            request.updatedTime = call.now
            try DelegationNotices(outbox: notices).send(request, state: next, tradeInToken: tradeInToken, at: call.now)
            tx.put(request)
            return request
        }
        _ = changed
    }

    /// A request the caller may read: the partner's own, an untargeted unclaimed one, or one of the
    /// caller's account. Any other is reported missing, so ids of other customers' requests leak nothing.
    func visibleDelegationRequest(_ id: String, _ reader: some EntityReader, _ call: CallContext) throws(AWSError)
        -> DelegationRequest
    {
        guard let request = reader.get(DelegationRequest.self, id) else { throw AWSError.noDelegationRequest(id) }
        let account = call.principal.account
        let visible =
            request.requestorAccount == account || request.ownerAccountId == account
            || (request.ownerAccountId == nil && request.ownerArn == nil)
        guard visible else { throw AWSError.noDelegationRequest(id) }
        return request
    }

    /// The identity the delegated credentials will act as: a user, a role (for a role session), or root.
    /// A federated user is a session of another identity and cannot stand for itself.
    private func delegationApprover(_ call: CallContext) throws(AWSError) -> DelegationRequest.Approver {
        let caller = call.principal
        let snapshot = store.snapshot()
        switch caller.kind {
        case .root:
            return DelegationRequest.Approver(
                kind: .root, name: "root", path: "/", uniqueId: caller.account.rawValue, arn: caller.arn)
        case .user:
            guard let user = snapshot.user(of: caller) else { throw AWSError.invalidClientTokenId }
            return DelegationRequest.Approver(
                kind: .user, name: user.name, path: user.path, uniqueId: user.id, arn: user.arn(in: caller.partition))
        case .assumedRole:
            guard let role = snapshot.role(of: caller) else { throw AWSError.invalidClientTokenId }
            return DelegationRequest.Approver(
                kind: .assumedRole, name: role.name, path: role.path, uniqueId: role.id,
                arn: role.arn(in: caller.partition))
        case .federatedUser:
            throw AWSError.invalidInput("A federated user cannot accept a delegation request.")
        }
    }

    /// Whether the caller's own policies allow every action of the request's policy on its resources:
    /// ALLOWED, DENIED, or UNSURE where the policy uses wildcards or conditions an answer cannot cover.
    private func delegationPermissionCheck(_ request: DelegationRequest, _ call: CallContext) async throws -> String {
        guard let pairs = DelegationPermissionPairs(policy: request.permissionPolicy).exact else { return "UNSURE" }
        let snapshot = store.snapshot()
        for (action, resource) in pairs {
            let check = AuthorizationRequest(
                principal: call.principal, action: action, resource: resource, context: call.conditions)
            if case .deny = environment.authorizer.authorize(check, in: snapshot) { return "DENIED" }
        }
        return "ALLOWED"
    }
}

extension AWSError {
    static func noDelegationRequest(_ id: String) -> AWSError {
        .noSuchEntity("The delegation request \(id) cannot be found.")
    }
}

extension IAM.DelegationRequest {
    init(_ request: DelegationRequest, at now: Date, in partition: Partition) {
        self.init(
            delegationRequestId: request.id, ownerAccountId: request.ownerAccountId?.rawValue,
            description: request.description, requestMessage: request.requestMessage,
            permissions: IAM.DelegationPermission(
                policyTemplateArn: request.policyTemplateArn,
                parameters: request.parameters.map {
                    IAM.PolicyParameter(name: $0.name, values: $0.values, type: $0.type)
                }
            ),
            permissionPolicy: request.permissionPolicy, ownerId: request.ownerArn, approverId: request.approver?.arn,
            state: request.state(at: now).rawValue, expirationTime: request.expirationTime,
            requestorId: request.requestorAccount.rawValue, createDate: request.createDate,
            sessionDuration: request.sessionDuration, redirectUrl: request.redirectUrl, notes: request.notes,
            rejectionReason: request.rejectionReason, onlySendByOwner: request.onlySendByOwner,
            updatedTime: request.updatedTime)
    }
}
