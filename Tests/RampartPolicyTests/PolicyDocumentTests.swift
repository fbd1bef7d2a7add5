import RampartPolicy
import XCTest

final class PolicyDocumentTests: XCTestCase {
    func testAcceptsStatementObjectOrList() throws {
        let single = try PolicyDocument(
            json: #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"iam:GetUser","Resource":"*"}}"#,
            kind: .identity)
        XCTAssertEqual(single.statements.count, 1)
        XCTAssertEqual(single.statements[0].actions, ["iam:GetUser"])
        let list = try PolicyDocument(
            json:
                #"{"Version":"2012-10-17","Statement":[{"Sid":"A1","Effect":"Deny","NotAction":["iam:*"],"NotResource":"*"}]}"#,
            kind: .identity)
        XCTAssertEqual(list.statements[0].effect, .deny)
        XCTAssertEqual(list.statements[0].notActions, ["iam:*"])
    }

    func testRefusesWhatIAMRefuses() {
        let cases: [(String, PolicyDocument.Kind, String)] = [
            ("not json", .identity, "Syntax errors in policy."),
            (#"{"Version":"2012-10-17"}"#, .identity, "Syntax errors in policy."),
            (
                #"{"Statement":[{"Effect":"Maybe","Action":"s3:*","Resource":"*"}]}"#, .identity,
                "Syntax errors in policy."
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Resource":"*"}]}"#, .identity,
                "Policy statement must contain actions."
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"s3:*"}]}"#, .identity,
                "Policy statement must contain resources."
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"GetUser","Resource":"*"}]}"#, .identity,
                "Actions/Conditions must be prefaced by a vendor, e.g., iam, sdb, ec2, etc."
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*","Principal":"*"}]}"#, .identity,
                "Policy document should not specify a principal."
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole"}]}"#, .trust,
                "Missing required field Principal"
            ),
            (
                #"{"Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"AWS":"*"},"Resource":"*"}]}"#,
                .trust, "Has prohibited field Resource"
            ),
            (
                #"{"Version":"2099-01-01","Statement":[{"Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#, .identity,
                "Syntax errors in policy."
            ),
            (
                #"{"Statement":[{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"},{"Sid":"a","Effect":"Allow","Action":"s3:*","Resource":"*"}]}"#,
                .identity, "Statement IDs (SID) in a single policy must be unique."
            ),
        ]
        for (json, kind, message) in cases {
            XCTAssertThrowsError(try PolicyDocument(json: json, kind: kind), json) { error in
                XCTAssertEqual((error as? PolicyDocumentError)?.message, message, json)
            }
        }
    }

    func testSizeIgnoresWhitespace() {
        XCTAssertEqual(PolicyDocument.size(of: "{ \"a\" :\n\t1 }"), 7)
    }
}
