import RampartCore

extension STSService {
    /// Not served yet: Rampart's AccessDenied messages are not encoded, so there is nothing to decode.
    public func decodeAuthorizationMessage(_ input: STS.DecodeAuthorizationMessageRequest, _ call: CallContext)
        async throws -> STS.DecodeAuthorizationMessageResponse
    {
        throw AWSError(
            code: "InvalidAuthorizationMessageException",
            message: "Rampart does not encode authorization messages yet, so it has none to decode.", httpStatus: 400)
    }
}
