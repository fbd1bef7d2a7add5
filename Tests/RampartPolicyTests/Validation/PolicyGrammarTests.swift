import RampartPolicy
import Testing

@Suite("IAM's write-time grammar")
struct PolicyGrammarTests {
    static func document(resource: String, condition: String = "") -> String {
        let block = condition.isEmpty ? "" : #","Condition":"# + condition
        return #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:GetObject","Resource":""#
            + resource + #"""# + block + "}}"
    }

    static func message(_ json: String, _ grammar: PolicyGrammar) -> String? {
        do {
            _ = try PolicyDocument(json: json, grammar: grammar)
            return nil
        } catch {
            return error.message
        }
    }

    @Test func aResourceMustNameTheAccountsPartition() {
        let china = PolicyGrammar(kind: .identity, partition: "aws-cn")
        #expect(Self.message(Self.document(resource: "arn:aws-cn:s3:::bucket/*"), china) == nil)
        #expect(Self.message(Self.document(resource: "arn:*:s3:::bucket/*"), china) == nil)
        #expect(
            Self.message(Self.document(resource: "arn:aws:iam::123456789012:user/*/${aws:username}"), china)
                == #"Partition "aws" is not valid for resource "arn:aws:iam::123456789012:user/*/${aws:username}"."#)
        // Without an account's partition, every partition AWS has is taken.
        #expect(
            Self.message(Self.document(resource: "arn:aws-iso-b:s3:::bucket"), PolicyGrammar(kind: .identity)) == nil)
    }

    @Test(arguments: [
        ("2019-07-01T13:20:15Z", true), ("2016-12-13T21:20:37.593194+00:00", true), ("2016-12-13T21:20:37-05:00", true),
        ("1563984000", true), ("01T", true), ("-292275054", true), ("-292275055", false), ("2019-02-30", true),
        ("2019-13-01", false), ("2019-07-01T24:00:00Z", false), ("2019-07-01T13:60", false),
        ("2019-07-01T13:20:15Zx", false), ("9223372036854775807", true), ("9223372036854775808", false), ("", false),
    ])
    func datesAreReadAsIAMsOlderParserReadsThem(value: String, readable: Bool) {
        let json = Self.document(resource: "*", condition: #"{"DateLessThan":{"aws:CurrentTime":""# + value + #""}}"#)
        #expect(
            Self.message(json, PolicyGrammar(kind: .identity)) == (readable ? nil : "The policy failed legacy parsing"))
    }

    @Test func aManagedPolicyNeedsTheCurrentLanguageBeforeAnythingButSyntax() {
        let old = #"{"Version":"2008-10-17","Statement":{"Effect":"aLLow","Action":"s3:GetObject","Resource":"*"}}"#
        #expect(
            Self.message(old, PolicyGrammar(kind: .identity, requiresCurrentVersion: true))
                == "Policy document must be version 2012-10-17 or greater.")
        #expect(Self.message(old, PolicyGrammar(kind: .identity)) == "The policy failed legacy parsing")
    }

    @Test func deepAndWideDocumentsAreReadInLinearTime() {
        // Ten thousand resources in one statement: the resource pass sorts once and reads each once.
        let resources = (0..<10_000).map { #""arn:aws:s3:::bucket-\#($0)/*""# }.joined(separator: ",")
        let json =
            #"{"Version":"2012-10-17","Statement":{"Effect":"Allow","Action":"s3:*","Resource":["#
            + resources + "]}}"
        let clock = ContinuousClock()
        let elapsed = clock.measure { #expect(Self.message(json, PolicyGrammar(kind: .identity)) == nil) }
        #expect(elapsed < .seconds(2))
    }
}
