/// An RSA public key as its two numbers, read from and written to the encodings IAM's SSH keys
/// come in: the SSH wire blob (RFC 4253, 6.6), SubjectPublicKeyInfo (RFC 5280) and PKCS #1.
struct RSAPublicKeyNumbers: Equatable, Sendable {
    enum ParseError: Error, Equatable {
        /// Well-formed, but not an RSA key (an EC or Ed25519 SubjectPublicKeyInfo).
        case notRSA
        case malformed
    }

    /// Big-endian magnitudes without leading zeros.
    var modulus: [UInt8]
    var exponent: [UInt8]

    static let sshKeyType = "ssh-rsa"
    /// 1.2.840.113549.1.1.1, rsaEncryption.
    static let rsaEncryption: [UInt8] = [0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01]

    init(modulus: [UInt8], exponent: [UInt8]) throws(ParseError) {
        self.modulus = Array(modulus.drop { $0 == 0 })
        self.exponent = Array(exponent.drop { $0 == 0 })
        // An even modulus or an exponent below 3 is no RSA key anyone could hold the other half of.
        guard let lastDigit = self.modulus.last, lastDigit & 1 == 1, let lastExponentDigit = self.exponent.last,
            self.exponent.count > 1 || lastExponentDigit >= 3
        else { throw .malformed }
    }

    /// The modulus' length in bits: the key size.
    var bitCount: Int {
        guard let first = modulus.first else { return 0 }
        return (modulus.count - 1) * 8 + (8 - first.leadingZeroBitCount)
    }

    // MARK: SSH wire blob

    /// string "ssh-rsa", mpint e, mpint n, and nothing after.
    init(sshBlob blob: [UInt8]) throws(ParseError) {
        var reader = SSHWireReader(blob[...])
        guard let type = reader.string(), type.elementsEqual(Self.sshKeyType.utf8) else { throw .notRSA }
        guard let exponent = reader.positiveMPInt(), let modulus = reader.positiveMPInt(), reader.isAtEnd else {
            throw .malformed
        }
        try self.init(modulus: modulus, exponent: exponent)
    }

    var sshBlob: [UInt8] {
        SSHWireReader.string(Array(Self.sshKeyType.utf8)) + SSHWireReader.mpint(exponent)
            + SSHWireReader.mpint(modulus)
    }

    // MARK: DER

    /// SubjectPublicKeyInfo: SEQUENCE { SEQUENCE { OID, params }, BIT STRING { RSAPublicKey } }.
    init(subjectPublicKeyInfo der: [UInt8]) throws(ParseError) {
        do {
            var outer = DERReader(der[...])
            var info = DERReader(try outer.read(DERReader.sequence))
            guard outer.isAtEnd else { throw ParseError.malformed }
            var algorithm = DERReader(try info.read(DERReader.sequence))
            let oid = try algorithm.read(DERReader.objectIdentifier)
            guard oid.elementsEqual(Self.rsaEncryption) else { throw ParseError.notRSA }
            if algorithm.nextTag == DERReader.null { _ = try algorithm.read(DERReader.null) }
            guard algorithm.isAtEnd else { throw ParseError.malformed }
            let bits = try info.read(DERReader.bitString)
            guard info.isAtEnd, bits.first == 0 else { throw ParseError.malformed }
            try self.init(pkcs1: Array(bits.dropFirst()))
        } catch let error as ParseError {
            throw error
        } catch {
            throw .malformed
        }
    }

    /// PKCS #1 RSAPublicKey: SEQUENCE { INTEGER n, INTEGER e }.
    init(pkcs1 der: [UInt8]) throws(ParseError) {
        do {
            var outer = DERReader(der[...])
            var key = DERReader(try outer.read(DERReader.sequence))
            let modulus = try key.readUnsignedInteger()
            let exponent = try key.readUnsignedInteger()
            guard outer.isAtEnd, key.isAtEnd else { throw ParseError.malformed }
            try self.init(modulus: modulus, exponent: exponent)
        } catch let error as ParseError {
            throw error
        } catch {
            throw .malformed
        }
    }

    var subjectPublicKeyInfo: [UInt8] {
        let pkcs1 = DERWriter.element(
            DERReader.sequence, DERWriter.unsignedInteger(modulus) + DERWriter.unsignedInteger(exponent))
        let algorithm = DERWriter.element(
            DERReader.sequence,
            DERWriter.element(DERReader.objectIdentifier, Self.rsaEncryption) + DERWriter.element(DERReader.null, []))
        return DERWriter.element(DERReader.sequence, algorithm + DERWriter.element(DERReader.bitString, [0] + pkcs1))
    }
}

/// The SSH wire format's length-prefixed fields (RFC 4251, 5), bounds-checked.
struct SSHWireReader {
    /// What is left to read: each field read is sliced off the front.
    private var rest: ArraySlice<UInt8>

    init(_ bytes: ArraySlice<UInt8>) { rest = bytes }

    var isAtEnd: Bool { rest.isEmpty }

    /// A uint32 length, then that many bytes; nil when the length runs past the end.
    mutating func string() -> ArraySlice<UInt8>? {
        guard rest.count >= 4 else { return nil }
        let length = rest.prefix(4).reduce(0) { $0 << 8 | Int($1) }
        let value = rest.dropFirst(4)
        guard length <= value.count else { return nil }
        rest = value.dropFirst(length)
        return value.prefix(length)
    }

    /// A positive mpint's magnitude: two's complement, so a set high bit would make it negative.
    mutating func positiveMPInt() -> [UInt8]? {
        guard let value = string(), let first = value.first, first & 0x80 == 0 else { return nil }
        return Array(value.drop { $0 == 0 })
    }

    static func string(_ value: [UInt8]) -> [UInt8] {
        let length = UInt32(value.count)
        return [UInt8(length >> 24), UInt8(length >> 16 & 0xFF), UInt8(length >> 8 & 0xFF), UInt8(length & 0xFF)]
            + value
    }

    static func mpint(_ magnitude: [UInt8]) -> [UInt8] {
        let trimmed = Array(magnitude.drop { $0 == 0 })
        guard let first = trimmed.first else { return string([]) }
        return string((first & 0x80 != 0 ? [0] : []) + trimmed)
    }
}
