import Testing

@testable import RampartPolicy

@Suite struct MFAConditionEntryRulesTests {
    static let presentValueColumn = valueColumn()
    static let ageKey = "aws:MultiFactorAuthAge"

    @Test func nonBooleanValueIsReportedAtTheValue() throws {
        let json = singleCondition(effect: "Deny", operator: "Bool", value: "\"yes\"")
        #expect(try located(json) == [Located(.nonBooleanValue, 11, Self.presentValueColumn)])
        #expect(
            try located(singleCondition(effect: "Deny", operator: "Bool", value: "1")).map(\.rule) == [
                MFALintRule.nonBooleanValue.rawValue
            ])
    }

    @Test func nonBooleanValueInAListPointsAtTheElement() throws {
        // `["false", "yes"]`: the bad element starts 10 columns after the bracket.
        let json = singleCondition(effect: "Deny", operator: "Bool", value: "[\"false\", \"yes\"]")
        #expect(try located(json) == [Located(.nonBooleanValue, 11, Self.presentValueColumn + 10)])
    }

    @Test func emptyValueListIsReportedAtTheKey() throws {
        let json = singleCondition(effect: "Deny", operator: "BoolIfExists", value: "[]")
        #expect(try located(json) == [Located(.nonBooleanValue, 11, 21)])
    }

    @Test func nullTakesOnlyBooleans() throws {
        let json = singleCondition(effect: "Deny", operator: "Null", key: Self.ageKey, value: "\"absent\"")
        #expect(try located(json) == [Located(.nonBooleanValue, 11, valueColumn(key: Self.ageKey))])
    }

    @Test func nonNumericAgeIsReportedAtTheValue() throws {
        let json = singleCondition(effect: "Allow", operator: "NumericLessThan", key: Self.ageKey, value: "\"1h\"")
        #expect(try located(json) == [Located(.nonNumericValue, 11, valueColumn(key: Self.ageKey))])
    }

    @Test(arguments: [
        ("Deny", "StringEquals", "aws:MultiFactorAuthPresent", "\"false\""),
        ("Deny", "StringEqualsIgnoreCase", "aws:MultiFactorAuthPresent", "\"false\""),
        ("Allow", "NumericEquals", "aws:MultiFactorAuthPresent", "\"1\""),
        ("Allow", "Bool", "aws:MultiFactorAuthAge", "\"true\""),
        ("Deny", "DateGreaterThan", "aws:MultiFactorAuthAge", "\"3600\""),
        ("Deny", "NullIfExists", "aws:MultiFactorAuthPresent", "\"true\""),
        ("Deny", "BoolIfMissing", "aws:MultiFactorAuthPresent", "\"false\""),
    ])
    func operatorOfTheWrongType(effect: String, name: String, key: String, value: String) throws {
        let json = singleCondition(effect: effect, operator: name, key: key, value: value)
        #expect(try located(json) == [Located(.operatorTypeMismatch, operatorLine, operatorColumn)])
    }

    @Test func setOperatorsAreFlaggedAndStillJudged() throws {
        // ForAllValues matches an absent key: in an Allow that admits long-term keys, like BoolIfExists.
        let allowAll = singleCondition(effect: "Allow", operator: "ForAllValues:Bool", value: "\"true\"")
        #expect(
            try located(allowAll) == [
                Located(.allowBoolIfExistsTrue, operatorLine, operatorColumn),
                Located(.setOperator, operatorLine, operatorColumn),
            ])
        // ForAnyValue does not match an absent key: in a Deny long-term keys slip through, like Bool.
        let denyAny = singleCondition(effect: "Deny", operator: "ForAnyValue:Bool", value: "\"false\"")
        #expect(
            try located(denyAny) == [
                Located(.denyBoolFalse, operatorLine, operatorColumn),
                Located(.setOperator, operatorLine, operatorColumn),
            ])
        let denyAll = singleCondition(effect: "Deny", operator: "forallvalues:bool", value: "\"false\"")
        #expect(try located(denyAll) == [Located(.setOperator, operatorLine, operatorColumn)])
        let ageAny = singleCondition(
            effect: "Allow", operator: "ForAnyValue:NumericLessThan", key: Self.ageKey, value: "\"3600\"")
        #expect(try located(ageAny) == [Located(.setOperator, operatorLine, operatorColumn)])
    }

    @Test func setOperatorFixNamesTheBareOperator() throws {
        let json = singleCondition(effect: "Deny", operator: "ForAllValues:Bool", value: "\"false\"")
        let finding = try #require(try MFAPolicyLinter.lint(json).first)
        #expect(finding.why.contains("ForAllValues is true when the key is absent"))
        #expect(finding.fix.contains("\"BoolIfExists\" in a Deny"))
    }

    @Test(arguments: [
        "aws:MFAPresent", "aws:MultiFactorAuthenticationPresent", "aws:MultiFactorAuthPresent ",
        "sts:MultiFactorAuthPresent", "aws:MultifactorAuth_Age",
    ])
    func misspelledKeyIsReportedAtTheKey(key: String) throws {
        let json = singleCondition(effect: "Deny", operator: "BoolIfExists", key: key, value: "\"false\"")
        #expect(try located(json) == [Located(.misspelledKey, 11, 21)])
    }

    @Test func misspellingSuggestsTheIntendedKey() throws {
        let age = singleCondition(
            effect: "Deny", operator: "NumericGreaterThan", key: "aws:MFAAge", value: "\"3600\"")
        #expect(try MFAPolicyLinter.lint(age).first?.fix == "Rename the key to \"aws:MultiFactorAuthAge\".")
    }

    @Test(arguments: ["aws:SecureTransport", "aws:ViaAWSService", "aws:multifactorauthpresent"])
    func otherKeysAndOtherCasesAreNotMisspellings(key: String) throws {
        let json = singleCondition(effect: "Deny", operator: "BoolIfExists", key: key, value: "\"false\"")
        #expect(try located(json) == [])
    }
}
