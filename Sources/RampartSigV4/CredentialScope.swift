import RampartCore

/// The `Credential` of a signature, `AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request`: who signed,
/// and for which day, region and service the signing key was derived.
struct CredentialScope: Sendable, Equatable {
    static let terminator = "aws4_request"

    var accessKeyId: String
    var date: String
    var region: String
    var service: String
    var terminator: String

    init(accessKeyId: String, date: String, region: String, service: String, terminator: String) {
        self.accessKeyId = accessKeyId
        self.date = date
        self.region = region
        self.service = service
        self.terminator = terminator
    }

    /// Splits the credential into its five parts; AWS ignores trailing slashes.
    init(credential: String) throws(AWSError) {
        var trimmed = credential.utf8[...]
        while trimmed.last == UInt8(ascii: "/") { trimmed = trimmed.dropLast() }
        let parts = trimmed.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
            .map { String(decoding: $0, as: UTF8.self) }
        guard parts.count == 5 else {
            throw AWSError.incompleteSignature(
                "Credential must have exactly 5 slash-delimited elements, e.g. keyid/date/region/service/term, "
                    + "got '\(credential)'")
        }
        accessKeyId = parts[0]
        date = parts[1]
        region = parts[2]
        service = parts[3]
        terminator = parts[4]
    }

    /// `date/region/service/terminator`, the third line of the string to sign.
    var scope: String { "\(date)/\(region)/\(service)/\(terminator)" }

    /// What AWS objects to in this scope, one sentence each, in AWS's order; empty when the scope
    /// is good. AWS reports them all at once, joined, as one SignatureDoesNotMatch.
    func problems(requestDate: AmzDate, acceptedServices: Set<String>) -> [String] {
        var problems = [String]()
        if !Self.isPlausibleRegion(region) {
            problems.append("Credential should be scoped to a valid region, not '\(region)'. ")
        }
        if !acceptedServices.contains(service) {
            let expected = acceptedServices.sorted().joined(separator: "' or '")
            problems.append("Credential should be scoped to correct service: '\(expected)'. ")
        }
        if terminator != Self.terminator {
            problems.append(
                "Credential should be scoped with a valid terminator: '\(Self.terminator)', not '\(terminator)'. ")
        }
        if date != requestDate.day {
            problems.append(
                "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date from HTTP: "
                    + "'\(date)' != '\(requestDate.day)', from '\(requestDate.text)'. ")
        }
        return problems
    }

    /// Whether `region` has the shape of an AWS region name: `us-east-1`, `us-gov-west-1`,
    /// `cn-northwest-1`, `us-isob-east-1`. Rampart answers for any region (clients sign with
    /// whatever region they are configured for), so it checks the shape, not a list that would go
    /// stale; `aws-global` and typos such as `us-east` are refused, as AWS refuses them.
    static func isPlausibleRegion(_ region: String) -> Bool {
        // One pass over the bytes, no allocation: letters-only parts separated by single hyphens,
        // the first of two letters, then a last part of one or two digits.
        var parts = 0
        var partLength = 0
        var lettersInPart = true
        for byte in region.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"):
                guard lettersInPart || partLength == 0 else { return false }
                lettersInPart = true
                partLength += 1
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                guard !lettersInPart || partLength == 0 else { return false }
                lettersInPart = false
                partLength += 1
            case UInt8(ascii: "-"):
                // Only letter parts may be followed by another part; the first has two letters.
                guard partLength > 0, lettersInPart, parts > 0 || partLength == 2 else { return false }
                parts += 1
                partLength = 0
            default:
                return false
            }
        }
        return parts >= 2 && !lettersInPart && (1...2).contains(partLength)
    }
}
