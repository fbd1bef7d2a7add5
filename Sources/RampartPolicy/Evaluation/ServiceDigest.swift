/// A 32-bit digest of an action's service prefix ("iam" in "IAM:GetUser"), case-folded. Evaluation
/// computes the request's once and skips every action pattern of another service with one comparison.
/// Zero means "unknown" (a pattern whose service part has a wildcard): such patterns are always matched.
enum ServiceDigest {
    static func of(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var hash: UInt32 = 0x811c_9dc5
        for byte in bytes {
            if byte == UInt8(ascii: ":") { break }
            hash = (hash ^ UInt32(GlobMatcher.fold(byte))) &* 0x0100_0193
        }
        return hash == 0 ? 1 : hash
    }

    /// The digest of a compiled action pattern, or 0 when a wildcard comes before its first colon.
    static func of(pattern program: [UInt16]) -> UInt32 {
        guard let colon = program.firstIndex(of: UInt16(UInt8(ascii: ":"))),
            program[..<colon].allSatisfy({ $0 < GlobMatcher.anyRun })
        else { return 0 }
        let bytes = program[..<colon].map { UInt8($0) }
        return bytes.withUnsafeBufferPointer { of($0) }
    }
}
