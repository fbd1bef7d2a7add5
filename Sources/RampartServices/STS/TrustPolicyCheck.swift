import RampartCore
import RampartPolicy
import RampartStore

/// Decides whether a role's trust policy lets a caller assume it. Until the policy engine
/// lands, statements with conditions never match (they are neither granted nor denied), which
/// errs on the side of refusing.
enum TrustPolicyCheck {
    enum Outcome: Equatable {
        case denied
        case notTrusted
        /// The trust policy names the caller itself: no identity policy is needed.
        case trustedByName
        /// The trust policy names the caller's account: the caller's policies must also allow it.
        case trustedByAccount
    }

    static func evaluate(_ document: String, caller: Principal, snapshot: StoreSnapshot) -> Outcome {
        guard let policy = try? PolicyDocument(json: document, kind: .trust) else { return .notTrusted }
        var outcome = Outcome.notTrusted
        for statement in policy.statements where !statement.hasCondition && allowsAssumeRole(statement) {
            guard let match = principalMatch(statement, caller) else { continue }
            if statement.effect == .deny { return .denied }
            if match == .trustedByName || outcome == .notTrusted { outcome = match }
        }
        return outcome
    }

    private static func allowsAssumeRole(_ statement: Statement) -> Bool {
        if let actions = statement.actions { return actions.contains { Wildcard.matches($0, "sts:AssumeRole") } }
        if let notActions = statement.notActions {
            return !notActions.contains { Wildcard.matches($0, "sts:AssumeRole") }
        }
        return false
    }

    private static func principalMatch(_ statement: Statement, _ caller: Principal) -> Outcome? {
        guard let principals = statement.principals else { return nil }
        if principals["*"] != nil { return .trustedByAccount }
        let account = caller.account.rawValue
        var names: Set<String> = [caller.arn]
        if caller.kind == .assumedRole, let session = caller.session {
            names.insert("arn:aws:iam::\(account):role\(session.path)\(session.name)")
        }
        var result: Outcome?
        for value in principals["AWS"] ?? [] {
            if names.contains(value) { return .trustedByName }
            if value == "*" || value == account || value == "arn:aws:iam::\(account):root" {
                result = .trustedByAccount
            }
        }
        return result
    }
}

/// IAM's case-insensitive `*`/`?` matching for action names.
enum Wildcard {
    static func matches(_ pattern: String, _ value: String) -> Bool {
        let pattern = Array(pattern.lowercased().utf8)
        let value = Array(value.lowercased().utf8)
        var p = 0
        var v = 0
        var star = -1
        var mark = 0
        while v < value.count {
            if p < pattern.count && (pattern[p] == UInt8(ascii: "?") || pattern[p] == value[v]) {
                p += 1
                v += 1
            } else if p < pattern.count && pattern[p] == UInt8(ascii: "*") {
                star = p
                mark = v
                p += 1
            } else if star >= 0 {
                p = star + 1
                mark += 1
                v = mark
            } else {
                return false
            }
        }
        while p < pattern.count && pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}
