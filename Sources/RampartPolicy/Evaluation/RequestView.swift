/// The request as evaluation reads it: action and resource as UTF-8 bytes (borrowed for the duration of
/// one evaluation, so matching allocates nothing) and the caller parsed once.
struct RequestView {
    let action: UnsafeBufferPointer<UInt8>
    let resource: UnsafeBufferPointer<UInt8>
    let caller: Caller
    let context: ConditionContext
    /// AWS documents that a Deny with NotPrincipal in a resource-based policy always denies a principal
    /// that has a permissions boundary, whatever NotPrincipal names.
    let callerHasBoundary: Bool
}
