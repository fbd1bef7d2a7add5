extension Limits {
    /// Delegation requests a partner account may hold at once (every state, until removed). AWS publishes
    /// no such quota; Rampart bounds the records one account can make.
    public static let delegationRequestsPerAccount = 1000
}
