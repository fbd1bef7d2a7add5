import RampartCore
import Testing

@Suite struct ConstantTimeTests {
    @Test func bytes() {
        #expect(ConstantTime.equal(Array("abc".utf8), Array("abc".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("abd".utf8)))
        #expect(!ConstantTime.equal(Array("abc".utf8), Array("ab".utf8)))
        #expect(ConstantTime.equal([], []))
    }

    @Test func strings() {
        #expect(ConstantTime.equal("abc", "abc"))
        #expect(!ConstantTime.equal("abc", "abd"))
        #expect(!ConstantTime.equal("abc", "ab"))
    }
}
