/// What a verified assertion tells the relying party to record.
public struct AssertionResult: Sendable, Equatable {
    /// The authenticator's counter in this assertion: store it as the credential's new sign count.
    public let newSignCount: UInt32
    public let userVerified: Bool
    /// BS now: whether the credential is currently backed up (it may change between assertions).
    public let backedUp: Bool

    public init(newSignCount: UInt32, userVerified: Bool, backedUp: Bool) {
        self.newSignCount = newSignCount
        self.userVerified = userVerified
        self.backedUp = backedUp
    }
}
