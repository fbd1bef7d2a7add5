import Foundation
import RampartCore
import RampartWire
import Testing

/// What a body that is not the operation's input is answered with: Coral's SerializationException.
@Suite struct JSONBodyTests {
    private func bodyError(_ text: String) -> AWSError? {
        do {
            _ = try JSONBody.object(Array(text.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func theTopLevelIsAnObject() throws {
        #expect(try JSONBody.object(Array(#"{"A":1}"#.utf8)) == ["A": .number("1")])
        // botocore sends `{}` for an operation without input; an empty body means the same.
        #expect(try JSONBody.object([]) == [:])
        #expect(
            bodyError("[]")
                == AWSError(
                    code: "SerializationException", message: "Start of list found where not expected", httpStatus: 400))
        for text in ["1", #""s""#, "null", "true", "{", #"{"a":1,"a":1}"#, " ", "{}}"] {
            #expect(
                bodyError(text) == AWSError(code: "SerializationException", message: "", httpStatus: 400), "\(text)")
        }
    }

    private func mismatch(_ read: () throws(AWSError) -> Any?) -> String? {
        do {
            _ = try read()
            return nil
        } catch {
            #expect(error.code == "SerializationException" && error.httpStatus == 400)
            return error.message
        }
    }

    @Test func wrongKindsAreWordedAsCoralWordsThem() {
        let text = JSONValue.string("1")
        let number = JSONValue.number("1")
        #expect(
            mismatch { () throws(AWSError) in try text.asInt32() } == "STRING_VALUE can not be converted to an Integer")
        #expect(
            mismatch { () throws(AWSError) in try number.asString() } == "NUMBER_VALUE can not be converted to a String"
        )
        #expect(
            mismatch { () throws(AWSError) in try JSONValue.bool(true).asString() }
                == "TRUE_VALUE can not be converted to a String")
        #expect(
            mismatch { () throws(AWSError) in try JSONValue.bool(false).asInt64() }
                == "FALSE_VALUE can not be converted to a Long")
        #expect(
            mismatch { () throws(AWSError) in try text.asBool() } == "STRING_VALUE can not be converted to an Boolean")
        #expect(
            mismatch { () throws(AWSError) in try JSONValue.array([]).asString() }
                == "Start of list found where not expected")
        #expect(
            mismatch { () throws(AWSError) in try JSONValue.object([:]).asInt32() }
                == "Start of structure or map found where not expected.")
        #expect(mismatch { () throws(AWSError) in try text.asList() } == "Expected list or null")
        #expect(
            mismatch { () throws(AWSError) in try JSONValue.object([:]).asList() }
                == "Start of structure or map found where not expected.")
        #expect(mismatch { () throws(AWSError) in try number.asStructure() } == "Expected null")
        #expect(
            mismatch { () throws(AWSError) in try JSONValue.array([]).asStructure() }
                == "Start of list found where not expected")
        #expect(
            mismatch { () throws(AWSError) in try text.asTimestamp() } == "STRING_VALUE can not be converted to a Date")
        #expect(mismatch { () throws(AWSError) in try JSONValue.string("%%").asBlob() } == "")
    }

    @Test func nullIsAbsent() throws {
        #expect(try JSONValue.null.asString() == nil)
        #expect(try JSONValue.null.asInt32() == nil)
        #expect(try JSONValue.null.asList() == nil)
        #expect(try JSONValue.null.asStructure() == nil)
    }

    @Test func integers() throws {
        #expect(try JSONValue.number("20").asInt32() == 20)
        #expect(try JSONValue.number("-2147483648").asInt32() == -2_147_483_648)
        // Coral cuts a fraction off; an exponent is read the same way.
        #expect(try JSONValue.number("1.9").asInt32() == 1)
        #expect(try JSONValue.number("-1.9").asInt32() == -1)
        #expect(try JSONValue.number("2E1").asInt32() == 20)
        #expect(try JSONValue.number("3000000000").asInt64() == 3_000_000_000)
        for text in ["2147483648", "1e10", "1e400", "99999999999999999999"] {
            #expect(
                mismatch { () throws(AWSError) in try JSONValue.number(text).asInt32() }
                    == "NUMBER_VALUE can not be converted to an Integer", "\(text)")
        }
    }

    @Test func timestampsAndBlobs() throws {
        #expect(try JSONValue.number("1.5E9").asTimestamp() == Date(timeIntervalSince1970: 1_500_000_000))
        #expect(try JSONValue.number("1700000000").asTimestamp() == Date(timeIntervalSince1970: 1_700_000_000))
        #expect(try JSONValue.string("aGVsbG8=").asBlob() == Array("hello".utf8))
        #expect(try JSONValue.number("0.25").asDouble() == 0.25)
    }
}
