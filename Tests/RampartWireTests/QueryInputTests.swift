import RampartCore
import RampartWire
import Testing

@Suite struct QueryInputTests {
    @Test func parsesActionVersionAndPlainValues() throws {
        let input = try QueryInput(formEncoded: "Action=CreateUser&Version=2010-05-08&UserName=alice")
        #expect(input.action == "CreateUser")
        #expect(input.version == "2010-05-08")
        #expect(input["UserName"] == "alice")
        #expect(input["Path"] == nil)
    }

    @Test func decodesPercentEscapesAndPlus() throws {
        let input = try QueryInput(formEncoded: "A=a%20b+c%2Bd&B=Z%C3%BCrich&C=%7B%22k%22%3A1%7D&D=%e2%9c%93")
        #expect(input["A"] == "a b c+d")
        #expect(input["B"] == "Zürich")
        #expect(input["C"] == #"{"k":1}"#)
        #expect(input["D"] == "✓")
    }

    @Test func keysAreDecodedToo() throws {
        let input = try QueryInput(formEncoded: "Tags%2Emember%2E1%2EKey=k")
        #expect(input["Tags.member.1.Key"] == "k")
        #expect(input.containsMembers(of: "Tags.member.1"))
    }

    @Test func emptyValuesAndBareKeys() throws {
        let input = try QueryInput(formEncoded: "TagKeys=&Flag&&Other=x&")
        #expect(input["TagKeys"] == "")
        #expect(input["Flag"] == "")
        #expect(input["Other"] == "x")
        #expect(input.parameters.count == 3)
    }

    @Test func firstValueOfARepeatedKeyWins() throws {
        let input = try QueryInput(formEncoded: "UserName=first&UserName=second")
        #expect(input["UserName"] == "first")
    }

    @Test func valueMayContainEquals() throws {
        let input = try QueryInput(formEncoded: "Marker=abc==")
        #expect(input["Marker"] == "abc==")
    }

    @Test(arguments: ["A=%", "A=%4", "A=%zz", "A=%4G&B=c", "%=x", "A=%C3%28"])
    func malformedEscapesAreRefused(_ body: String) {
        #expect(throws: AWSError.self) { try QueryInput(formEncoded: body) }
        do {
            _ = try QueryInput(formEncoded: body)
        } catch {
            #expect(error.code == "MalformedQueryString")
            #expect(error.fault == .sender)
        }
    }

    @Test func nestedListsOfStructures() throws {
        let input = try QueryInput(
            formEncoded:
                "Tags.member.1.Key=a&Tags.member.1.Value=1&Tags.member.2.Key=b&Tags.member.2.Value=2"
                + "&Tags.member.4.Key=gap")
        #expect(input.listCount("Tags", memberName: "member") == 2)
        #expect(input.containsMembers(of: "Tags"))
        #expect(input.containsMembers(of: "Tags.member.2"))
        #expect(!input.containsMembers(of: "Tags.member.3"))
    }

    @Test func listsOfScalarsEmptyAndAbsent() throws {
        let input = try QueryInput(formEncoded: "TagKeys.member.1=a&TagKeys.member.2=b&Empty=")
        #expect(input.listCount("TagKeys", memberName: "member") == 2)
        #expect(input.listCount("Empty", memberName: "member") == 0)
        #expect(input.listCount("Absent", memberName: "member") == nil)
        #expect(input.listCount("TagKeys", memberName: nil) == 0)
    }

    @Test func keyHelpers() {
        #expect(QueryInput.key("", "UserName") == "UserName")
        #expect(QueryInput.key("Tags.member.1", "Key") == "Tags.member.1.Key")
        #expect(QueryInput.elementKey("Tags", "member", 3) == "Tags.member.3")
        #expect(QueryInput.elementKey("Flat", nil, 2) == "Flat.2")
    }

    @Test func scalarsOfEveryType() throws {
        let input = query([
            ("I", "42"), ("N", "-7"), ("Big", "2147483648"), ("T", "true"), ("F", "FALSE"), ("X", "yes"),
            ("D", "2026-11-23T09:03:46Z"), ("B", "aGVsbG8="), ("Bad", "###"),
        ])
        #expect(try input.int32("I") == 42)
        #expect(try input.int32("N") == -7)
        #expect(try input.int64("Big") == 2_147_483_648)
        #expect(throws: AWSError.self) { try input.int32("Big") }
        #expect(try input.bool("T") == true)
        #expect(try input.bool("F") == false)
        #expect(throws: AWSError.self) { try input.bool("X") }
        #expect(try input.timestamp("D") == Timestamp.parse("2026-11-23T09:03:46Z"))
        #expect(try input.blob("B") == Array("hello".utf8))
        #expect(throws: AWSError.self) { try input.blob("Bad") }
        #expect(try input.int32("Missing") == nil)
    }

    @Test func badIntegerIsAValidationError() {
        do {
            _ = try query([("MaxItems", "ten")]).int32("MaxItems")
            Issue.record("expected an error")
        } catch {
            #expect(error.code == "ValidationError")
            #expect(error.httpStatus == 400)
            #expect(error.message.contains("MaxItems"))
        }
    }
}
