import RampartCore
import Testing

@testable import RampartSigV4

@Suite struct QueryParametersTests {
    private func canonical(_ query: String) throws -> String {
        String(decoding: try QueryParameters(rawQuery: query).canonical(excludingSignature: false), as: UTF8.self)
    }

    @Test func sortsByEncodedKeyThenValue() throws {
        #expect(try canonical("Param2=value2&Param1=value1") == "Param1=value1&Param2=value2")
        #expect(try canonical("Param1=value2&Param1=Value1") == "Param1=Value1&Param1=value2")
        #expect(try canonical("b&a=&c=1") == "a=&b=&c=1")
        #expect(try canonical("&&a=1&&") == "a=1")
    }

    /// `+` is a space in IAM's and STS's form-encoded query strings, and a literal plus arrives as
    /// `%2B`; the two must never share a canonical form.
    @Test func plusIsASpaceAndEncodedPlusIsAPlus() throws {
        #expect(try canonical("a=x+y") == "a=x%20y")
        #expect(try canonical("a=x%2By") == "a=x%2By")
        #expect(try canonical("a=x%20y") == "a=x%20y")
        #expect(try canonical("%E1%88%B4=%e1%88%b4") == "%E1%88%B4=%E1%88%B4")
        #expect(try canonical("\u{1234}=bar") == "%E1%88%B4=bar")
        #expect(try canonical("k=%2F%7e%2d") == "k=%2F~-")
    }

    @Test(arguments: ["a=%", "a=%4", "a=%zz", "a=%4g", "%=1", "a=b%"])
    func refusesBrokenEscapes(query: String) {
        #expect(throws: AWSError.self) { try QueryParameters(rawQuery: query) }
        do {
            _ = try QueryParameters(rawQuery: query)
        } catch {
            #expect(error.code == "MalformedQueryString")
            #expect(error.httpStatus == 404)
        }
    }

    @Test func keepsRepeatedValuesInOrder() throws {
        let parameters = try QueryParameters(rawQuery: "a=1&b=2&a=3")
        #expect(parameters.values(of: "a") == ["1", "3"])
        #expect(parameters.contains("b"))
        #expect(!parameters.contains("A"))
    }
}
