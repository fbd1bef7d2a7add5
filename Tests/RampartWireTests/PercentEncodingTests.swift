import RampartWire
import Testing

@Suite struct PercentEncodingTests {
    @Test func rfc3986KeepsOnlyUnreserved() {
        #expect(PercentEncoding.encodeRFC3986("AZaz09-._~") == "AZaz09-._~")
        #expect(PercentEncoding.encodeRFC3986("a b+c/d") == "a%20b%2Bc%2Fd")
        #expect(PercentEncoding.encodeRFC3986("é✓") == "%C3%A9%E2%9C%93")
        #expect(PercentEncoding.encodeRFC3986(#"{"a":[1]}"#) == "%7B%22a%22%3A%5B1%5D%7D")
    }

    @Test func formDecodingIsTheInverse() {
        let samples = ["", "plain", "a b+c", "Zürich/42=yes", "{\n  \"k\": \"v\"\n}", "%", "✓✓"]
        for sample in samples {
            #expect(PercentEncoding.decodeFormComponent(PercentEncoding.encodeRFC3986(sample)) == sample)
        }
    }

    @Test func formDecodingReadsPlusAsSpace() {
        #expect(PercentEncoding.decodeFormComponent("a+b%2Bc") == "a b+c")
    }

    @Test func formDecodingRefusesBadInput() {
        #expect(PercentEncoding.decodeFormComponent("%") == nil)
        #expect(PercentEncoding.decodeFormComponent("%A") == nil)
        #expect(PercentEncoding.decodeFormComponent("%GG") == nil)
        #expect(PercentEncoding.decodeFormComponent("%FF") == nil)  // not UTF-8
    }

    @Test func formEncodeBuildsABody() {
        let body = PercentEncoding.formEncode([("Action", "CreateUser"), ("UserName", "a b")])
        #expect(body == "Action=CreateUser&UserName=a%20b")
    }
}
