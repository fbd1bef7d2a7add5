import RampartCore
import XCTest

final class IdentifierTests: XCTestCase {
    func testAccountIdIsTwelveDigits() {
        XCTAssertNotNil(AccountID("123456789012"))
        XCTAssertNil(AccountID("12345678901"))
        XCTAssertNil(AccountID("1234567890123"))
        XCTAssertNil(AccountID("12345678901a"))
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<100 {
            let id = AccountID(random: &generator)
            XCTAssertEqual(id.rawValue.count, 12)
            XCTAssertNotEqual(id.rawValue.first, "0")
        }
    }

    func testARNKeepsColonsInResource() throws {
        let arn = try XCTUnwrap(ARN(parsing: "arn:aws:sts::123456789012:assumed-role/Admin/a:b"))
        XCTAssertEqual(arn.service, "sts")
        XCTAssertEqual(arn.region, "")
        XCTAssertEqual(arn.account, "123456789012")
        XCTAssertEqual(arn.resource, "assumed-role/Admin/a:b")
        XCTAssertEqual(arn.description, "arn:aws:sts::123456789012:assumed-role/Admin/a:b")
        XCTAssertNil(ARN(parsing: "arn:aws:iam::123456789012"))
        XCTAssertNil(ARN(parsing: "not-an-arn"))
    }

    func testUniqueIdsHavePrefixAlphabetAndLength() {
        let id = UniqueID.make(.user)
        XCTAssertTrue(id.hasPrefix("AIDA"))
        XCTAssertEqual(id.count, 21)
        XCTAssertTrue(id.utf8.allSatisfy { UniqueID.alphabet.contains($0) })
        XCTAssertEqual(UniqueID.make(.accessKey, length: 20).count, 20)
        XCTAssertNotEqual(UniqueID.make(.user), UniqueID.make(.user))
    }

    func testTagMergeIsCaseInsensitiveOnKeys() {
        let tags = [Tag(key: "Team", value: "a")].merging([Tag(key: "team", value: "b"), Tag(key: "Env", value: "x")])
        XCTAssertEqual(tags, [Tag(key: "team", value: "b"), Tag(key: "Env", value: "x")])
        XCTAssertEqual(tags.removing(keys: ["TEAM"]), [Tag(key: "Env", value: "x")])
    }
}
