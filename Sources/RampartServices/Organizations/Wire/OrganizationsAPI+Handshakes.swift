import RampartCore

extension OrganizationsAPI {
    public func inviteAccountToOrganization(
        _ input: Organizations.InviteAccountToOrganizationRequest, _ call: CallContext
    ) async throws -> Organizations.InviteAccountToOrganizationResponse {
        let handshake = try await service.inviteAccount(
            HandshakeTarget(type: input.target.type, id: input.target.id), notes: input.notes,
            tags: input.tags?.domain ?? [], call)
        return Organizations.InviteAccountToOrganizationResponse(
            handshake: Organizations.Handshake(handshake, in: call.principal.partition))
    }

    public func acceptHandshake(_ input: Organizations.AcceptHandshakeRequest, _ call: CallContext) async throws
        -> Organizations.AcceptHandshakeResponse
    {
        let handshake = try await service.acceptHandshake(input.handshakeId, call)
        return Organizations.AcceptHandshakeResponse(
            handshake: Organizations.Handshake(handshake, in: call.principal.partition))
    }

    public func declineHandshake(_ input: Organizations.DeclineHandshakeRequest, _ call: CallContext) async throws
        -> Organizations.DeclineHandshakeResponse
    {
        let handshake = try await service.declineHandshake(input.handshakeId, call)
        return Organizations.DeclineHandshakeResponse(
            handshake: Organizations.Handshake(handshake, in: call.principal.partition))
    }

    public func cancelHandshake(_ input: Organizations.CancelHandshakeRequest, _ call: CallContext) async throws
        -> Organizations.CancelHandshakeResponse
    {
        let handshake = try await service.cancelHandshake(input.handshakeId, call)
        return Organizations.CancelHandshakeResponse(
            handshake: Organizations.Handshake(handshake, in: call.principal.partition))
    }

    public func describeHandshake(_ input: Organizations.DescribeHandshakeRequest, _ call: CallContext) async throws
        -> Organizations.DescribeHandshakeResponse
    {
        Organizations.DescribeHandshakeResponse(
            handshake: Organizations.Handshake(
                try service.describeHandshake(input.handshakeId, call), in: call.principal.partition))
    }

    public func listHandshakesForAccount(_ input: Organizations.ListHandshakesForAccountRequest, _ call: CallContext)
        async throws -> Organizations.ListHandshakesForAccountResponse
    {
        let (handshakes, next) = try service.listHandshakesForAccount(
            action: input.filter?.actionType, parentId: input.filter?.parentHandshakeId, nextToken: input.nextToken,
            maxResults: input.maxResults, call)
        return Organizations.ListHandshakesForAccountResponse(
            handshakes: handshakes.map { Organizations.Handshake($0, in: call.principal.partition) }, nextToken: next)
    }

    public func listHandshakesForOrganization(
        _ input: Organizations.ListHandshakesForOrganizationRequest, _ call: CallContext
    ) async throws -> Organizations.ListHandshakesForOrganizationResponse {
        let (handshakes, next) = try service.listHandshakesForOrganization(
            action: input.filter?.actionType, parentId: input.filter?.parentHandshakeId, nextToken: input.nextToken,
            maxResults: input.maxResults, call)
        return Organizations.ListHandshakesForOrganizationResponse(
            handshakes: handshakes.map { Organizations.Handshake($0, in: call.principal.partition) }, nextToken: next)
    }

    public func enableAllFeatures(_ input: Organizations.EnableAllFeaturesRequest, _ call: CallContext) async throws
        -> Organizations.EnableAllFeaturesResponse
    {
        Organizations.EnableAllFeaturesResponse(
            handshake: Organizations.Handshake(try await service.enableAllFeatures(call), in: call.principal.partition))
    }
}
