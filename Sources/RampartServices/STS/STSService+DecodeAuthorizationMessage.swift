import RampartCore

extension STSService {
    /// The details of a denial that a server started with `--encode-authorization-messages` appended
    /// to its AccessDenied message. The request itself was authorized for
    /// `sts:DecodeAuthorizationMessage` before this runs; a message decodes only in the account whose
    /// caller was denied, and only unaltered.
    public func decodeAuthorizationMessage(_ input: STS.DecodeAuthorizationMessageRequest, _ call: CallContext)
        async throws -> STS.DecodeAuthorizationMessageResponse
    {
        guard
            let decoded = environment.authorizationMessages.decode(
                input.encodedMessage, account: call.principal.account)
        else {
            throw AWSError(
                code: "InvalidAuthorizationMessageException",
                message: "The encoded authorization message is invalid: it was altered, or it was not issued for "
                    + "this account.",
                httpStatus: 400)
        }
        return STS.DecodeAuthorizationMessageResponse(decodedMessage: decoded)
    }
}
