import NIOHTTP1
import Testing

@testable import RampartServer

@Suite struct DeclaredLengthTests {
    private func length(_ values: String...) throws(DeclaredLength.Malformed) -> DeclaredLength {
        try DeclaredLength(HTTPHeaders(values.map { ("Content-Length", $0) }))
    }

    @Test func readsPlainLengths() throws {
        #expect(try DeclaredLength(HTTPHeaders()) == .none)
        #expect(try length("0") == .bytes(0))
        #expect(try length("2097152") == .bytes(2_097_152))
        #expect(try length("12", "12") == .bytes(12))
    }

    /// All digits but beyond an `Int`: once read as no length at all, and the body waited for.
    @Test func tooLargeForAnIntIsHugeAndExceedsEveryLimit() throws {
        #expect(try length("9999999999999999999") == .huge)
        #expect(try length("99999999999999999999999999") == .huge)
        #expect(DeclaredLength.huge.exceeds(Int.max))
        #expect(DeclaredLength.bytes(11).exceeds(10))
        #expect(!DeclaredLength.bytes(10).exceeds(10))
        #expect(!DeclaredLength.none.exceeds(0))
    }

    @Test func refusesMalformedOrDisagreeingValues() {
        for values in [["-1"], ["abc"], [""], ["1 2"], ["+5"], ["5", "6"], ["0x10"]] {
            #expect(throws: DeclaredLength.Malformed.self) {
                try DeclaredLength(HTTPHeaders(values.map { ("Content-Length", $0) }))
            }
        }
    }
}
