import RampartCore

extension OrganizationsAPI {
    public func createAccount(_ input: Organizations.CreateAccountRequest, _ call: CallContext) async throws
        -> Organizations.CreateAccountResponse
    {
        let status = try await service.createAccount(
            email: input.email, name: input.accountName, roleName: input.roleName, tags: input.tags?.domain ?? [],
            call)
        return Organizations.CreateAccountResponse(createAccountStatus: Organizations.CreateAccountStatus(status))
    }

    public func createGovCloudAccount(_ input: Organizations.CreateGovCloudAccountRequest, _ call: CallContext)
        async throws -> Organizations.CreateGovCloudAccountResponse
    {
        let status = try await service.createAccount(
            email: input.email, name: input.accountName, roleName: input.roleName, tags: input.tags?.domain ?? [],
            govCloud: true, call)
        return Organizations.CreateGovCloudAccountResponse(
            createAccountStatus: Organizations.CreateAccountStatus(status))
    }

    public func describeCreateAccountStatus(
        _ input: Organizations.DescribeCreateAccountStatusRequest, _ call: CallContext
    ) async throws -> Organizations.DescribeCreateAccountStatusResponse {
        let status = try await service.describeCreateAccountStatus(input.createAccountRequestId, call)
        return Organizations.DescribeCreateAccountStatusResponse(
            createAccountStatus: Organizations.CreateAccountStatus(status))
    }

    public func listCreateAccountStatus(_ input: Organizations.ListCreateAccountStatusRequest, _ call: CallContext)
        async throws -> Organizations.ListCreateAccountStatusResponse
    {
        let states = input.states?.compactMap(CreateAccountRequestStatus.State.init(rawValue:))
        let (statuses, next) = try service.listCreateAccountStatus(
            states: states, nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListCreateAccountStatusResponse(
            createAccountStatuses: statuses.map(Organizations.CreateAccountStatus.init), nextToken: next)
    }

    public func describeAccount(_ input: Organizations.DescribeAccountRequest, _ call: CallContext) async throws
        -> Organizations.DescribeAccountResponse
    {
        let (account, organization) = try service.describeAccount(input.accountId, call)
        return Organizations.DescribeAccountResponse(
            account: Organizations.Account(account, in: organization, partition: call.principal.partition))
    }

    public func listAccounts(_ input: Organizations.ListAccountsRequest, _ call: CallContext) async throws
        -> Organizations.ListAccountsResponse
    {
        let (accounts, organization, next) = try service.listAccounts(
            parentId: nil, nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListAccountsResponse(
            accounts: accounts.map { Organizations.Account($0, in: organization, partition: call.principal.partition) },
            nextToken: next)
    }

    public func listAccountsForParent(_ input: Organizations.ListAccountsForParentRequest, _ call: CallContext)
        async throws -> Organizations.ListAccountsForParentResponse
    {
        let (accounts, organization, next) = try service.listAccounts(
            parentId: input.parentId, nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListAccountsForParentResponse(
            accounts: accounts.map { Organizations.Account($0, in: organization, partition: call.principal.partition) },
            nextToken: next)
    }

    public func closeAccount(_ input: Organizations.CloseAccountRequest, _ call: CallContext) async throws {
        try await service.closeAccount(input.accountId, call)
    }

    public func removeAccountFromOrganization(
        _ input: Organizations.RemoveAccountFromOrganizationRequest, _ call: CallContext
    ) async throws {
        try await service.removeAccountFromOrganization(input.accountId, call)
    }
}
