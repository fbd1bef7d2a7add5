import Foundation
import RampartCore
import RampartStore

extension OrganizationsService {
    /// Starts creating a member account, as AWS does: the request is `IN_PROGRESS` when this returns
    /// and completes moments later; clients poll DescribeCreateAccountStatus.
    public func createAccount(
        email: String, name: String, roleName: String?, tags: [Tag], govCloud: Bool = false, _ call: CallContext
    ) async throws -> CreateAccountRequestStatus {
        try checkTags(tags)
        let status = try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            let management = organization.managementAccount.rawValue
            let pending = tx.all(CreateAccountRequestStatus.self, account: management).filter {
                $0.state == .inProgress
            }
            let members = accounts(of: organization, in: tx.snapshot)
            if members.count + pending.count >= environment.organizationAccountLimit {
                throw OrganizationsErrors.constraintViolation(
                    "ACCOUNT_NUMBER_LIMIT_EXCEEDED",
                    "You have reached the maximum number of accounts in your organization.")
            }
            let status = CreateAccountRequestStatus(
                id: OrganizationIDs.createAccountRequest(), organizationId: organization.id,
                managementAccount: organization.managementAccount, accountName: name, email: email,
                roleName: roleName ?? Limits.organizationAccessRoleName, tags: tags, govCloud: govCloud,
                requestedTimestamp: call.now)
            tx.put(status)
            return status
        }
        let service = self
        Task { try? await service.completeAccountCreation(status.id) }
        return status
    }

    /// Finishes a CreateAccount request: the account with its root user (an email and no password,
    /// as on AWS), its place under the root, and the role that lets the management account in.
    /// Runs once: a request no longer in progress is left alone.
    func completeAccountCreation(_ id: String) async throws {
        let now = environment.clock.now
        let limit = environment.organizationAccountLimit
        try await store.write { tx in
            guard var status = tx.get(CreateAccountRequestStatus.self, id), status.state == .inProgress,
                let organization = tx.get(Organization.self, status.organizationId)
            else { return }
            let accounts = tx.snapshot.allAccounts()
            status.completedTimestamp = now
            if !tx.snapshot.accounts(withRootEmail: status.email).isEmpty {
                status.state = .failed
                status.failureReason = "EMAIL_ALREADY_EXISTS"
            } else if self.accounts(of: organization, in: tx.snapshot).count >= limit {
                status.state = .failed
                status.failureReason = "ACCOUNT_LIMIT_EXCEEDED"
            } else {
                let account = newAccount(for: status, in: organization, existing: accounts, now: now)
                tx.put(account)
                tx.put(
                    accessRole(
                        status.roleName, in: account, trusting: organization.managementAccount, now: now))
                OrganizationRuleDeployment.sync(account.id, in: &tx, at: now)
                status.state = .succeeded
                status.accountId = account.id
                if status.govCloud {
                    // Its GovCloud twin: an account of the aws-us-gov partition, outside the organization,
                    // with a root user that has no credentials (GovCloud has none).
                    var twin = Account(
                        id: AccountID.unused(avoiding: Set(accounts.map(\.id) + [account.id])), createDate: now,
                        rootEmail: status.email, rootPassword: nil)
                    twin.name = status.accountName
                    twin.partition = .govCloud
                    tx.put(twin)
                    status.govCloudAccountId = twin.id
                }
            }
            tx.put(status)
        }
    }

    private func newAccount(
        for status: CreateAccountRequestStatus, in organization: Organization, existing: [Account], now: Date
    ) -> Account {
        var account = Account(
            id: AccountID.unused(avoiding: Set(existing.map(\.id))), createDate: now, rootEmail: status.email,
            rootPassword: nil)
        account.name = status.accountName
        account.tags = status.tags
        // With RootCredentialsManagement, "new accounts created in Organizations have no root credentials":
        // no password and no password recovery.
        if CentralizedRootAccess.createsAccountsWithoutRootCredentials(organization) {
            account.rootCredentialsAbsent = true
        }
        var membership = AccountMembership(
            organizationId: organization.id, parentId: organization.root.id, joinedMethod: .created,
            joinedTimestamp: now)
        membership.policyIds = defaultPolicyIds(organization)
        account.membership = membership
        return account
    }

    /// `OrganizationAccountAccessRole` (or the RoleName asked for): full administrator access,
    /// assumable by the management account's principals whose own policies allow it.
    private func accessRole(_ name: String, in account: Account, trusting management: AccountID, now: Date) -> Role {
        let partition = account.effectivePartition
        let trust = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",\
            "Principal":{"AWS":"\(ARN.root(partition, management))"},"Action":"sts:AssumeRole"}]}
            """
        var role = Role(
            account: account.id, name: name, id: UniqueID.make(.role), path: "/", createDate: now,
            assumeRolePolicyDocument: trust, maxSessionDuration: Limits.roleMaxSessionDuration.lowerBound)
        role.policies.managedPolicyArns = [AWSManagedPolicies.administratorAccessArn(in: partition)]
        return role
    }

    public func describeCreateAccountStatus(_ id: String, _ call: CallContext) async throws
        -> CreateAccountRequestStatus
    {
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: store.snapshot())
        guard let status = store.snapshot().get(CreateAccountRequestStatus.self, id),
            status.organizationId == organization.id
        else { throw OrganizationsErrors.createAccountStatusNotFound }
        // A request whose completion was lost (the server stopped first) completes when next asked about.
        if status.state == .inProgress, call.now.timeIntervalSince(status.requestedTimestamp) > 30 {
            try await completeAccountCreation(id)
            return store.snapshot().get(CreateAccountRequestStatus.self, id) ?? status
        }
        return status
    }

    public func listCreateAccountStatus(
        states: [CreateAccountRequestStatus.State]?, nextToken: String?, maxResults: Int?, _ call: CallContext
    ) throws(AWSError) -> ([CreateAccountRequestStatus], String?) {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        let all = snapshot.all(CreateAccountRequestStatus.self, account: organization.managementAccount.rawValue)
            .filter { states == nil || states!.contains($0.state) }
        let page = try OrganizationsPage(
            all, sortKey: { Timestamp.iso8601($0.requestedTimestamp) + $0.id }, nextToken: nextToken,
            maxResults: maxResults)
        return (page.items, page.nextToken)
    }

    public func describeAccount(_ id: String, _ call: CallContext) throws(AWSError) -> (Account, Organization) {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        return (try memberAccount(id, of: organization, in: snapshot), organization)
    }

    public func listAccounts(parentId: String?, nextToken: String?, maxResults: Int?, _ call: CallContext)
        throws(AWSError) -> ([Account], Organization, String?)
    {
        let snapshot = store.snapshot()
        let organization = try organization(call, .managementOrDelegatedAdministrator, in: snapshot)
        var accounts = accounts(of: organization, in: snapshot)
        if let parentId {
            guard parentExists(parentId, in: organization, snapshot) else { throw OrganizationsErrors.parentNotFound }
            accounts = accounts.filter { $0.membership?.parentId == parentId }
        }
        let page = try OrganizationsPage(
            accounts, sortKey: \.id.rawValue, nextToken: nextToken, maxResults: maxResults)
        return (page.items, organization, page.nextToken)
    }

    /// Closes a member account: suspended at once, gone from the organization after 90 days. AWS
    /// lets an organization close at most 10% of its members (between 10 and 1,000) in 30 days.
    public func closeAccount(_ id: String, _ call: CallContext) async throws {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            var account = try memberAccount(id, of: organization, in: tx)
            if account.id == organization.managementAccount {
                throw OrganizationsErrors.constraintViolation(
                    "CANNOT_CLOSE_MANAGEMENT_ACCOUNT", "You can't close the management account with this operation.")
            }
            if account.currentState == .suspended || account.currentState == .closed
                || account.currentState == .pendingClosure
            {
                throw OrganizationsErrors.accountAlreadyClosed
            }
            let members = accounts(of: organization, in: tx.snapshot)
            let recent = members.filter { $0.closedDate.map { call.now.timeIntervalSince($0) < 30 * 86_400 } == true }
            if recent.count >= min(1_000, max(10, members.count / 10)) {
                throw OrganizationsErrors.constraintViolation(
                    "CLOSE_ACCOUNT_QUOTA_EXCEEDED",
                    "You have exceeded close account quota for the past 30 days.")
            }
            account.state = .suspended
            account.closedDate = call.now
            tx.put(account)
            OrganizationRuleDeployment.sync(account.id, in: &tx, at: call.now)
        }
    }

    public func removeAccountFromOrganization(_ id: String, _ call: CallContext) async throws {
        try await store.write { tx in
            let organization = try organization(call, .management, in: tx)
            let account = try memberAccount(id, of: organization, in: tx)
            try detachFromOrganization(account.id, organization, &tx, at: call.now)
        }
    }
}
