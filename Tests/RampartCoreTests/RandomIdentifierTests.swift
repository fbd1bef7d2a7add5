import RampartCore
import Testing

@Suite struct RandomIdentifierTests {
    @Test(arguments: [0, 1, 7, 8, 9, 16, 33])
    func randomBytesHaveTheLengthAskedFor(count: Int) {
        #expect(RandomBytes.make(count).count == count)
    }

    @Test func randomBytesDiffer() {
        #expect(RandomBytes.make(32) != RandomBytes.make(32))
        // Every byte position takes more than one value: a draw-per-8-bytes bug would repeat a byte.
        let draws = (0..<64).map { _ in RandomBytes.make(9) }
        for position in 0..<9 { #expect(Set(draws.map { $0[position] }).count > 1) }
    }

    /// `count` ids from `make`, each a lower-case version 4 UUID, none repeated.
    func expectDistinctVersion4UUIDs(_ count: Int, _ make: () -> String) throws {
        let pattern = try Regex("^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")
        let ids = (0..<count).map { _ in make() }
        for id in ids { #expect(id.wholeMatch(of: pattern) != nil, "\(id)") }
        #expect(Set(ids).count == count)
    }

    @Test func requestIdsAreVersion4UUIDsInLowerCase() throws {
        try expectDistinctVersion4UUIDs(200, AWSRequestID.make)
    }

    @Test func sequencedRequestIdsAreVersion4UUIDsAndNeverRepeat() throws {
        let ids = AWSRequestIDs()
        try expectDistinctVersion4UUIDs(1000, ids.next)
        // Another source (another server process) starts from another stem.
        #expect(AWSRequestIDs().next().prefix(18) != ids.next().prefix(18))
    }

    @Test func hexEncodesEveryByte() {
        #expect(Hex.string([0x00, 0x09, 0x0a, 0x0f, 0x10, 0x7f, 0xa5, 0xff]) == "00090a0f107fa5ff")
        #expect(Hex.string([UInt8]()) == "")
    }
}
