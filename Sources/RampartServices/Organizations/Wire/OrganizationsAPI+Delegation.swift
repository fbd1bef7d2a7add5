import RampartCore

extension OrganizationsAPI {
    public func enableAWSServiceAccess(_ input: Organizations.EnableAWSServiceAccessRequest, _ call: CallContext)
        async throws
    {
        try await service.enableServiceAccess(input.servicePrincipal, call)
    }

    public func disableAWSServiceAccess(_ input: Organizations.DisableAWSServiceAccessRequest, _ call: CallContext)
        async throws
    {
        try await service.disableServiceAccess(input.servicePrincipal, call)
    }

    public func listAWSServiceAccessForOrganization(
        _ input: Organizations.ListAWSServiceAccessForOrganizationRequest, _ call: CallContext
    ) async throws -> Organizations.ListAWSServiceAccessForOrganizationResponse {
        let (services, next) = try service.listServiceAccess(
            nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListAWSServiceAccessForOrganizationResponse(
            enabledServicePrincipals: services.map {
                Organizations.EnabledServicePrincipal(
                    servicePrincipal: $0.servicePrincipal, dateEnabled: $0.enabledDate)
            }, nextToken: next)
    }

    public func registerDelegatedAdministrator(
        _ input: Organizations.RegisterDelegatedAdministratorRequest, _ call: CallContext
    ) async throws {
        try await service.registerDelegatedAdministrator(
            accountId: input.accountId, servicePrincipal: input.servicePrincipal, call)
    }

    public func deregisterDelegatedAdministrator(
        _ input: Organizations.DeregisterDelegatedAdministratorRequest, _ call: CallContext
    ) async throws {
        try await service.deregisterDelegatedAdministrator(
            accountId: input.accountId, servicePrincipal: input.servicePrincipal, call)
    }

    public func listDelegatedAdministrators(
        _ input: Organizations.ListDelegatedAdministratorsRequest, _ call: CallContext
    ) async throws -> Organizations.ListDelegatedAdministratorsResponse {
        let (rows, organization, next) = try service.listDelegatedAdministrators(
            servicePrincipal: input.servicePrincipal, nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListDelegatedAdministratorsResponse(
            delegatedAdministrators: rows.map { account, enabled in
                let summary = Organizations.Account(account, in: organization, partition: call.principal.partition)
                return Organizations.DelegatedAdministrator(
                    id: summary.id, arn: summary.arn, email: summary.email, name: summary.name,
                    status: summary.status, state: summary.state, joinedMethod: summary.joinedMethod,
                    joinedTimestamp: summary.joinedTimestamp, delegationEnabledDate: enabled)
            }, nextToken: next)
    }

    public func listDelegatedServicesForAccount(
        _ input: Organizations.ListDelegatedServicesForAccountRequest, _ call: CallContext
    ) async throws -> Organizations.ListDelegatedServicesForAccountResponse {
        let (services, next) = try service.listDelegatedServices(
            accountId: input.accountId, nextToken: input.nextToken, maxResults: input.maxResults, call)
        return Organizations.ListDelegatedServicesForAccountResponse(
            delegatedServices: services.map {
                Organizations.DelegatedService(
                    servicePrincipal: $0.servicePrincipal, delegationEnabledDate: $0.delegationEnabledDate)
            }, nextToken: next)
    }

    public func tagResource(_ input: Organizations.TagResourceRequest, _ call: CallContext) async throws {
        try await service.tagResource(input.resourceId, tags: input.tags.domain, call)
    }

    public func untagResource(_ input: Organizations.UntagResourceRequest, _ call: CallContext) async throws {
        try await service.untagResource(input.resourceId, keys: input.tagKeys, call)
    }

    public func listTagsForResource(_ input: Organizations.ListTagsForResourceRequest, _ call: CallContext)
        async throws -> Organizations.ListTagsForResourceResponse
    {
        let (tags, next) = try service.listTags(resourceId: input.resourceId, nextToken: input.nextToken, call)
        return Organizations.ListTagsForResourceResponse(tags: tags.map(Organizations.Tag.init), nextToken: next)
    }
}
