import Testing

@testable import RampartPolicy

@Suite struct StatementSpanTests {
    @Test func spansCoverEachStatementFromOpeningBraceToJustPastClosingBrace() {
        let text = """
            {
                "Version": "2012-10-17",
                "Statement": [{
                        "Effect": "Allow",
                        "Action": "s3:*",
                        "Resource": "*"
                    },
                    {"Effect": "Deny", "Action": "s3:DeleteBucket", "Resource": "*"}
                ]
            }
            """
        #expect(
            StatementSpan.spans(in: text) == [
                StatementSpan(startLine: 3, startColumn: 19, endLine: 7, endColumn: 10),
                StatementSpan(startLine: 8, startColumn: 9, endLine: 8, endColumn: 73),
            ])
    }

    @Test func aLoneStatementObjectIsOneSpan() {
        let spans = StatementSpan.spans(in: #"{"Statement": {"Effect": "Allow", "Action": "*", "Resource": "*"}}"#)
        #expect(spans == [StatementSpan(startLine: 1, startColumn: 15, endLine: 1, endColumn: 66)])
    }

    @Test func textThatIsNotAPolicyHasNoSpans() {
        #expect(StatementSpan.spans(in: "{not json").isEmpty)
        #expect(StatementSpan.spans(in: #"{"Version": "2012-10-17"}"#).isEmpty)
    }
}

@Suite struct ReferencedContextKeysTests {
    @Test func conditionKeysAndVariablesOnceEachSorted() throws {
        let document = try PolicyDocument(
            json: """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}/*",
                   "Condition": {"StringEquals": {"s3:prefix": "${aws:PrincipalTag/team, 'none'}"},
                                 "Bool": {"AWS:MultiFactorAuthPresent": "true"}}},
                  {"Effect": "Deny", "Action": "*", "Resource": "*",
                   "Condition": {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}}}
                ]}
                """, kind: .identity)
        #expect(
            document.referencedContextKeys == [
                "AWS:MultiFactorAuthPresent", "aws:PrincipalTag/team", "aws:username", "s3:prefix",
            ]
                || document.referencedContextKeys == [
                    "aws:MultiFactorAuthPresent", "aws:PrincipalTag/team", "aws:username", "s3:prefix",
                ])
    }

    @Test func variablesAreTextUnderTheOldVersion() throws {
        let document = try PolicyDocument(
            json:
                #"{"Version": "2008-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:aws:s3:::b/${aws:username}"}}"#,
            kind: .identity)
        #expect(document.referencedContextKeys.isEmpty)
    }

    @Test func variablesInTheArnPrefixAreText() throws {
        let document = try PolicyDocument(
            json:
                #"{"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "s3:*", "Resource": "arn:${aws:x}:s3:::b/${aws:username}"}}"#,
            // IAM refuses such a partition on write; a document read for evaluation is taken by its shape.
            grammar: .reading(.identity))
        #expect(document.referencedContextKeys == ["aws:username"])
    }
}

@Suite struct WildcardPatternTests {
    @Test(arguments: [
        ("arn:aws:iam::aws:policy/*", "arn:aws:iam::aws:policy/ReadOnlyAccess", true),
        ("arn:aws:iam::aws:policy/Read??lyAccess", "arn:aws:iam::aws:policy/ReadOnlyAccess", true),
        ("arn:aws:iam::aws:policy/Read?Access", "arn:aws:iam::aws:policy/ReadOnlyAccess", false),
        ("dev-*", "dev-alice", true),
        ("dev-*", "Dev-alice", false),
        ("exact", "exact", true),
        ("exact", "exactly", false),
    ])
    func matches(pattern: String, text: String, expected: Bool) {
        #expect(WildcardPattern(pattern).matches(text) == expected)
    }
}

@Suite struct ContextEntryTypeTests {
    @Test func valuesMustFitTheirType() {
        #expect(ContextEntryType.numeric.problem(with: "3600") == nil)
        #expect(ContextEntryType.numeric.problem(with: "soon") != nil)
        #expect(ContextEntryType.boolean.problem(with: "true") == nil)
        #expect(ContextEntryType.boolean.problem(with: "yes") != nil)
        #expect(ContextEntryType.ip.problem(with: "10.0.0.0/8") == nil)
        #expect(ContextEntryType.ip.problem(with: "2001:db8::1") == nil)
        #expect(ContextEntryType.ip.problem(with: "300.0.0.1") != nil)
        #expect(ContextEntryType.date.problem(with: "2026-11-23T12:00:00Z") == nil)
        #expect(ContextEntryType.date.problem(with: "1700000000") == nil)
        #expect(ContextEntryType.date.problem(with: "yesterday") != nil)
        #expect(ContextEntryType.binary.problem(with: "aGVsbG8=") == nil)
        #expect(ContextEntryType.binary.problem(with: "%%%") != nil)
        #expect(ContextEntryType.string.problem(with: "") == nil)
    }

    @Test func singleTypesTakeOneValueAndListsAny() {
        #expect(ContextEntryType.string.contextValue(["a"]) == .success(.string("a")))
        #expect((try? ContextEntryType.string.contextValue(["a", "b"]).get()) == nil)
        #expect((try? ContextEntryType.string.contextValue([]).get()) == nil)
        #expect(ContextEntryType.stringList.contextValue(["a", "b"]) == .success(.strings(["a", "b"])))
        #expect(ContextEntryType.numericList.contextValue([]) == .success(.strings([])))
        #expect((try? ContextEntryType.numericList.contextValue(["1", "x"]).get()) == nil)
    }
}
