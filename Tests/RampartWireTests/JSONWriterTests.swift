import Foundation
import RampartCore
import RampartWire
import Testing

@Suite struct JSONWriterTests {
    @Test func placesTheCommas() {
        var json = JSONWriter()
        json.beginObject()
        json.key("A")
        json.int(1)
        json.key("List")
        json.beginArray()
        json.beginObject()
        json.endObject()
        json.string("x")
        json.beginArray()
        json.endArray()
        json.int(-7)
        json.endArray()
        json.key("Map")
        json.beginObject()
        json.dynamicKey("k \"1\"")
        json.bool(true)
        json.dynamicKey("k2")
        json.null()
        json.endObject()
        json.endObject()
        #expect(string(json.bytes) == #"{"A":1,"List":[{},"x",[],-7],"Map":{"k \"1\"":true,"k2":null}}"#)
    }

    @Test func escapesStrings() {
        var json = JSONWriter()
        json.string("quote \" backslash \\ slash / tab \t nl \n cr \r bell \u{7} Zürich 😀 \u{2028}")
        #expect(
            string(json.bytes) == #""quote \" backslash \\ slash / tab \t nl \n cr \r bell \u0007 Zürich 😀 "#
                + "\u{2028}\"")
    }

    @Test func scalars() {
        var json = JSONWriter()
        json.beginArray()
        json.int(Int.min)
        json.int(0)
        json.bool(false)
        json.double(1.5)
        json.double(.infinity)
        json.base64(Array("hello!?".utf8))
        json.endArray()
        #expect(string(json.bytes) == #"[-9223372036854775808,0,false,1.5,null,"aGVsbG8hPw=="]"#)
    }

    /// Epoch seconds to the millisecond as Java's Double.toString writes them, which is what Coral
    /// sends: DynamoDB's `"CreationDateTime":1.562054355238E9`.
    @Test(arguments: [
        (1_562_054_355.238, "1.562054355238E9"), (1_500_000_000, "1.5E9"), (1_000_000_000, "1.0E9"),
        (1_763_888_626, "1.763888626E9"), (10_000_000, "1.0E7"), (9_999_999.999, "9999999.999"), (86_400.5, "86400.5"),
        (0.001, "0.001"), (0.05, "0.05"), (0, "0.0"), (-1_000_000_000, "-1.0E9"),
        (1_562_054_355.2386, "1.562054355239E9"),
    ])
    func timestamps(_ seconds: Double, _ expected: String) {
        var json = JSONWriter()
        json.timestamp(Date(timeIntervalSince1970: seconds))
        #expect(string(json.bytes) == expected)
        #expect(Double(expected) == (seconds * 1000).rounded() / 1000)
    }
}
