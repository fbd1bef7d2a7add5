import Foundation
import RampartCore
import RampartServices
import RampartTestSupport
import Testing

@testable import RampartWire

/// Query bodies reach the parser before any signature is checked (and console forms before the
/// CSRF check), so each shape of hostile body must cost time in proportion to its length.
@Suite struct ParserLinearityTests {
    private func expectLinear(_ input: @escaping (Int) -> [UInt8], sourceLocation: SourceLocation = #_sourceLocation) {
        let steps = Linearity.superLinearSteps(input: input) { bytes in _ = try? QueryInput(formEncoded: bytes) }
        #expect(steps.isEmpty, "\(steps)", sourceLocation: sourceLocation)
    }

    /// One key made of dots: every prefix was recorded as a container (quadratic time and memory).
    @Test func oneKeyOfDots() {
        expectLinear { size in [UInt8](repeating: UInt8(ascii: "."), count: size) }
    }

    /// One long key with a dot after every character.
    @Test func oneKeyOfShortSegments() {
        expectLinear { size in Linearity.repeated("a.", toSize: size) }
    }

    /// A long key whose dots come late, after a long first segment.
    @Test func longSegmentsThenDots() {
        expectLinear { size in
            [UInt8](repeating: UInt8(ascii: "k"), count: size / 2)
                + [UInt8](repeating: UInt8(ascii: "."), count: size - size / 2)
        }
    }

    @Test func manySeparators() {
        expectLinear { size in [UInt8](repeating: UInt8(ascii: "&"), count: size) }
    }

    @Test func manyDistinctKeys() {
        expectLinear { size in
            var body = [UInt8]()
            var index = 0
            while body.count < size {
                body += Array("K.\(index).x=v&".utf8)
                index += 1
            }
            return body
        }
    }

    @Test func manyEscapes() {
        expectLinear { size in Linearity.repeated("%41", toSize: size - size % 3) }
    }

    @Test func manyEscapedDots() {
        expectLinear { size in Linearity.repeated("%2E", toSize: size - size % 3) }
    }

    /// JSON 1.1 bodies (the admin service) through the decoder the service uses.
    @Test(arguments: ["[", "{\"a\":", "\"\\u0041", "1,"])
    func jsonBodies(_ unit: String) {
        let steps = Linearity.superLinearSteps(
            input: { size in Array(#"{"UserName":"alice","x":["#.utf8) + Linearity.repeated(unit, toSize: size) },
            parse: { body in _ = try? AdminJSONService.decode(AdminJSONService.UserInput.self, body) })
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func jsonBodyOfManyMembers() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                var body = Array(#"{"UserName":"alice""#.utf8)
                var index = 0
                while body.count < size {
                    body += Array(#","m\#(index)":{"k":[1,2]}"#.utf8)
                    index += 1
                }
                return body + [UInt8(ascii: "}")]
            },
            parse: { body in _ = try? AdminJSONService.decode(AdminJSONService.UserInput.self, body) })
        #expect(steps.isEmpty, "\(steps)")
    }

    /// A list far longer than its limit, every element invalid: the generated decoder reads and
    /// validates each element, and the error message names each failure.
    @Test func decodingAListOfManyInvalidElements() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                var body = Array("Action=TagUser&Version=2010-05-08&UserName=alice".utf8)
                var index = 1
                while body.count < size {
                    body += Array("&Tags.member.\(index).Key=&Tags.member.\(index).Value=v".utf8)
                    index += 1
                }
                return body
            },
            parse: { body in
                guard let input = try? QueryInput(formEncoded: body) else { return }
                _ = try? IAM.TagUserRequest(query: input)
            })
        #expect(steps.isEmpty, "\(steps)")
    }

    /// The prefixes a real request needs are still recorded after the fix.
    @Test func deepRealKeysStillNameTheirContainers() throws {
        let input = try QueryInput(
            formEncoded: "ContextEntries.member.1.ContextKeyValues.member.1=v&ContextEntries.member.1.ContextKeyName=k")
        #expect(input.containsMembers(of: "ContextEntries.member.1.ContextKeyValues"))
        #expect(input.containsMembers(of: "ContextEntries.member.1"))
        #expect(input.listCount("ContextEntries.member.1.ContextKeyValues", memberName: "member") == 1)
        #expect(input.listCount("ContextEntries", memberName: "member") == 1)
    }
}
