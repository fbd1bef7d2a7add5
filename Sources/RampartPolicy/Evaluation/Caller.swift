/// The requesting principal, read once per evaluation from its ARN, over its UTF-8 bytes because this runs
/// for every decision.
struct Caller {
    enum Kind: Equatable {
        case root
        case user
        /// A role ARN as caller (a simulation of the role itself rather than one of its sessions).
        case role
        case assumedRole
        case federatedUser
        /// A service principal ("ec2.amazonaws.com") or anything else that is not an IAM/STS ARN.
        case other
    }

    let arn: String
    let kind: Kind
    let account: Substring?
    /// The ARN's partition (`aws`, `aws-us-gov`, …): a policy naming an account or role by ARN names it in
    /// one partition.
    let partition: Substring?
    /// The role's name for .role and .assumedRole: trust and resource policies name roles by ARN, which a
    /// session's ARN does not contain (it has no path), so sessions are matched by account and role name.
    let roleName: Substring?

    init(principal: String, account explicitAccount: String?) {
        arn = principal
        var bytes = principal
        let parsed = bytes.withUTF8 { Parsed($0) }
        kind = parsed.kind
        func text(_ range: Range<Int>?) -> Substring? {
            guard let range else { return nil }
            let utf8 = principal.utf8
            let start = utf8.index(utf8.startIndex, offsetBy: range.lowerBound)
            return principal[start..<utf8.index(start, offsetBy: range.count)]
        }
        account = explicitAccount.map { Substring($0) } ?? text(parsed.account)
        partition = text(parsed.partition)
        roleName = text(parsed.roleName)
    }

    /// Byte ranges of the parts evaluation needs.
    private struct Parsed {
        var kind = Kind.other
        var account: Range<Int>?
        var partition: Range<Int>?
        var roleName: Range<Int>?

        init(_ bytes: UnsafeBufferPointer<UInt8>) {
            // The five colons of arn:partition:service:region:account:resource.
            var colons = (0, 0, 0, 0, 0)
            var found = 0
            for index in bytes.indices where bytes[index] == UInt8(ascii: ":") {
                switch found {
                case 0: colons.0 = index
                case 1: colons.1 = index
                case 2: colons.2 = index
                case 3: colons.3 = index
                default: colons.4 = index
                }
                found += 1
                if found == 5 { break }
            }
            guard found == 5, Self.equal(bytes, 0..<colons.0, "arn") else { return }
            account = (colons.3 + 1)..<colons.4
            partition = (colons.0 + 1)..<colons.1
            let service = (colons.1 + 1)..<colons.2
            let resource = (colons.4 + 1)..<bytes.count
            if Self.equal(bytes, service, "iam") {
                if Self.equal(bytes, resource, "root") {
                    kind = .root
                } else if Self.hasPrefix(bytes, resource, "user/") {
                    kind = .user
                } else if Self.hasPrefix(bytes, resource, "role/") {
                    kind = .role
                    // role/PATH/NAME: the name follows the last slash.
                    let slash = bytes[resource].lastIndex(of: UInt8(ascii: "/")) ?? resource.lowerBound
                    roleName = (slash + 1)..<resource.upperBound
                }
            } else if Self.equal(bytes, service, "sts") {
                if Self.hasPrefix(bytes, resource, "assumed-role/") {
                    kind = .assumedRole
                    // assumed-role/ROLE-NAME/SESSION-NAME
                    let start = resource.lowerBound + "assumed-role/".utf8.count
                    let end =
                        bytes[start..<resource.upperBound].firstIndex(of: UInt8(ascii: "/")) ?? resource.upperBound
                    roleName = start..<end
                } else if Self.hasPrefix(bytes, resource, "federated-user/") {
                    kind = .federatedUser
                }
            }
        }

        private static func equal(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString)
            -> Bool
        {
            range.count == text.utf8CodeUnitCount && hasPrefix(bytes, range, text)
        }

        private static func hasPrefix(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ text: StaticString)
            -> Bool
        {
            guard range.count >= text.utf8CodeUnitCount else { return false }
            for offset in 0..<text.utf8CodeUnitCount where bytes[range.lowerBound + offset] != text.utf8Start[offset] {
                return false
            }
            return true
        }
    }
}
