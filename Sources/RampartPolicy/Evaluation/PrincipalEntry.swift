/// One value of a Principal or NotPrincipal element, classified when the policy is compiled.
enum PrincipalEntry: Sendable, Equatable {
    /// "Principal": "*" or {"AWS": "*"}.
    case anyone
    /// "123456789012" or "arn:aws:iam::123456789012:root": every principal of that account; named by ARN,
    /// of that account in that partition only.
    case account(String, partition: String?)
    /// A role ARN: the role and its assumed-role sessions (in the role's partition).
    case role(arn: String, account: String, partition: String, name: String)
    /// Any other ARN (user, assumed-role session, federated user) or unique ID, compared exactly.
    case exact(String)
    /// "Service": "x.amazonaws.com", compared without regard to case.
    case service(String)

    init(type: String, value: String) {
        switch type {
        case "Service":
            self = .service(value.lowercased())
        case "AWS":
            if value == "*" {
                self = .anyone
            } else if value.count == 12, value.allSatisfy({ $0.isASCII && $0.isNumber }) {
                self = .account(value, partition: nil)
            } else {
                self = Self.arn(value)
            }
        default:
            // Federated and CanonicalUser principals are named exactly as the caller presents them.
            self = value == "*" ? .anyone : .exact(value)
        }
    }

    private static func arn(_ value: String) -> PrincipalEntry {
        let parts = value.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam" else { return .exact(value) }
        if parts[5] == "root" { return .account(String(parts[4]), partition: String(parts[1])) }
        if parts[5].hasPrefix("role/"), let name = parts[5].split(separator: "/").last {
            return .role(arn: value, account: String(parts[4]), partition: String(parts[1]), name: String(name))
        }
        return .exact(value)
    }

    func match(_ caller: Caller) -> PrincipalMatch? {
        switch self {
        case .anyone:
            return .direct
        case .account(let account, let partition):
            if let partition, caller.partition.map({ $0 == partition }) != true { return nil }
            return caller.account.map { $0 == account } == true && caller.kind != .other ? .account : nil
        case .role(let arn, let account, let partition, let name):
            if caller.kind == .role, caller.arn == arn { return .role }
            guard caller.kind == .assumedRole, caller.account.map({ $0 == account }) == true,
                caller.partition.map({ $0 == partition }) == true, caller.roleName.map({ $0 == name }) == true
            else { return nil }
            return .role
        case .exact(let arn):
            return caller.arn == arn ? .direct : nil
        case .service(let name):
            return caller.kind == .other && caller.arn.lowercased() == name ? .direct : nil
        }
    }
}
