/// What a condition operator compares, without its negation, set qualifier or IfExists.
enum ConditionFamily: Sendable, Equatable {
    case string
    case stringIgnoringCase
    case stringLike
    case numeric(OrderedComparison)
    case date(OrderedComparison)
    case bool
    case binary
    case ipAddress
    /// ArnEquals and ArnLike, which IAM documents with the same part-by-part wildcard matching.
    case arn
    case null
}

/// The comparison of a Numeric or Date operator; NotEquals is Equals negated.
enum OrderedComparison: Sendable, Equatable {
    case equal
    case less
    case lessOrEqual
    case greater
    case greaterOrEqual

    @inline(__always)
    func holds(request: Double, policy: Double) -> Bool {
        switch self {
        case .equal: request == policy
        case .less: request < policy
        case .lessOrEqual: request <= policy
        case .greater: request > policy
        case .greaterOrEqual: request >= policy
        }
    }
}
