import RampartCore

// Delegation requests (a partner asks an account for temporary, scoped access; the account's
// administrator accepts or rejects; STS GetDelegatedAccessToken exchanges an accepted request for
// credentials) are not offered yet. Each operation answers one clear refusal instead of pretending
// to run the workflow, so a client learns at once that the feature is missing.
extension AWSError {
    static func delegationUnavailable(_ operation: String) -> AWSError {
        AWSError(
            code: "UnsupportedOperation",
            message: "Rampart does not offer delegation requests yet: \(operation) is not available.",
            httpStatus: 400)
    }
}

extension IAMService {
    public func createDelegationRequest(_ input: IAM.CreateDelegationRequestRequest, _ call: CallContext)
        async throws -> IAM.CreateDelegationRequestResponse
    { throw AWSError.delegationUnavailable("CreateDelegationRequest") }

    public func getDelegationRequest(_ input: IAM.GetDelegationRequestRequest, _ call: CallContext) async throws
        -> IAM.GetDelegationRequestResponse
    { throw AWSError.delegationUnavailable("GetDelegationRequest") }

    public func listDelegationRequests(_ input: IAM.ListDelegationRequestsRequest, _ call: CallContext) async throws
        -> IAM.ListDelegationRequestsResponse
    { throw AWSError.delegationUnavailable("ListDelegationRequests") }

    public func acceptDelegationRequest(_ input: IAM.AcceptDelegationRequestRequest, _ call: CallContext) async throws {
        throw AWSError.delegationUnavailable("AcceptDelegationRequest")
    }

    public func rejectDelegationRequest(_ input: IAM.RejectDelegationRequestRequest, _ call: CallContext) async throws {
        throw AWSError.delegationUnavailable("RejectDelegationRequest")
    }

    public func associateDelegationRequest(_ input: IAM.AssociateDelegationRequestRequest, _ call: CallContext)
        async throws
    { throw AWSError.delegationUnavailable("AssociateDelegationRequest") }

    public func updateDelegationRequest(_ input: IAM.UpdateDelegationRequestRequest, _ call: CallContext) async throws {
        throw AWSError.delegationUnavailable("UpdateDelegationRequest")
    }

    public func sendDelegationToken(_ input: IAM.SendDelegationTokenRequest, _ call: CallContext) async throws {
        throw AWSError.delegationUnavailable("SendDelegationToken")
    }
}

extension STSService {
    public func getDelegatedAccessToken(_ input: STS.GetDelegatedAccessTokenRequest, _ call: CallContext)
        async throws -> STS.GetDelegatedAccessTokenResponse
    { throw AWSError.delegationUnavailable("GetDelegatedAccessToken") }
}
