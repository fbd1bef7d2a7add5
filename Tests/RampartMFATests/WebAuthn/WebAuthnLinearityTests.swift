import Foundation
import RampartTestSupport
import Testing
import X509

@testable import RampartMFA

/// Attestation objects, authenticator data and client data come from the browser before the
/// ceremony is verified; each must cost time in proportion to its length, whatever it declares.
@Suite struct WebAuthnLinearityTests {
    private static func header(major: UInt8, count: Int) -> [UInt8] {
        [major << 5 | 26] + withUnsafeBytes(of: UInt32(count).bigEndian) { Array($0) }
    }

    private func expectLinear(_ input: @escaping (Int) -> [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let steps = Linearity.superLinearSteps(input: input) { bytes in _ = try? CBOR(bytes: bytes) }
        #expect(steps.isEmpty, "\(steps)", sourceLocation: sourceLocation)
    }

    @Test func arrayOfManyItems() {
        expectLinear { size in Self.header(major: 4, count: size - 5) + [UInt8](repeating: 0, count: size - 5) }
    }

    /// Distinct keys, so every entry goes through the duplicate check.
    @Test func mapOfManyEntries() {
        expectLinear { size in
            let count = (size - 5) / 6
            var bytes = Self.header(major: 5, count: count)
            for key in 0..<count { bytes += Self.header(major: 0, count: key) + [0] }
            return bytes
        }
    }

    /// Arrays nested as deep as they may go, each declaring it holds the whole rest of the input.
    @Test func nestedArraysDeclaringEverything() {
        expectLinear { size in
            var bytes = [UInt8]()
            for level in 0..<CBOR.maximumDepth - 1 { bytes += Self.header(major: 4, count: size - 5 * (level + 1)) }
            return bytes + [UInt8](repeating: 0, count: size - bytes.count)
        }
    }

    @Test func nestingBombIsRefused() {
        expectLinear { size in [UInt8](repeating: 0x81, count: size) }
        #expect(throws: WebAuthnError.self) { try CBOR(bytes: [UInt8](repeating: 0x81, count: 1 << 20) + [0]) }
    }

    @Test func declaredLengthsLargerThanTheInput() {
        expectLinear { size in [0x5b] + [UInt8](repeating: 0xff, count: 8) + [UInt8](repeating: 0, count: size) }
        expectLinear { size in [0x9b] + [UInt8](repeating: 0xff, count: 8) + [UInt8](repeating: 0, count: size) }
        #expect(throws: WebAuthnError.self) { try CBOR(bytes: [0x5b] + [UInt8](repeating: 0xff, count: 8)) }
    }

    /// DER that nests SEQUENCEs as deep as its length allows, each declaring the rest of the input,
    /// as an attestation's x5c certificate.
    @Test func certificateNestedDeeply() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                let levels = size / 6
                var der = [UInt8]()
                der.reserveCapacity(levels * 6)
                for level in 0..<levels {
                    der += [0x30, 0x84] + withUnsafeBytes(of: UInt32(6 * (levels - 1 - level)).bigEndian) { Array($0) }
                }
                return der
            },
            parse: { der in _ = try? Certificate(derEncoded: der) })
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func clientDataWithManyMembers() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                var json = Array(#"{"type":"webauthn.get","challenge":"AAAA","origin":"https://x""#.utf8)
                var index = 0
                while json.count < size {
                    json += Array(#","m\#(index)":[1,{"a":"b"}]"#.utf8)
                    index += 1
                }
                return json + [UInt8(ascii: "}")]
            },
            parse: { bytes in _ = try? CollectedClientData(json: bytes) })
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func clientDataNestedDeeply() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                Array(#"{"type":"webauthn.get","challenge":"AAAA","origin":"https://x","x":"#.utf8)
                    + [UInt8](repeating: UInt8(ascii: "["), count: size) + [UInt8(ascii: "}")]
            },
            parse: { bytes in _ = try? CollectedClientData(json: bytes) })
        #expect(steps.isEmpty, "\(steps)")
    }
}
