/// What a policy, or a group of policies evaluated together, says about one request.
struct PolicyVerdict {
    var allows = false
    var denies = false
    /// For resource-based policies: the strongest way an applicable Allow named the caller.
    var allowMatch: PrincipalMatch?

    mutating func merge(_ other: PolicyVerdict) {
        allows = allows || other.allows
        denies = denies || other.denies
        if let match = other.allowMatch, allowMatch.map({ match > $0 }) ?? true { allowMatch = match }
    }
}
