@testable import RampartPolicy

/// A finding reduced to what most tests pin down exactly: which rule fired and where.
struct Located: Equatable, CustomStringConvertible {
    var rule: String
    var line: Int
    var column: Int

    init(_ rule: MFALintRule, _ line: Int, _ column: Int) {
        self.rule = rule.rawValue
        self.line = line
        self.column = column
    }

    init(_ finding: LintFinding) {
        rule = finding.rule
        line = finding.line
        column = finding.column
    }

    var description: String { "\(rule)@\(line):\(column)" }
}

func located(_ json: String) throws -> [Located] {
    try MFAPolicyLinter.lint(json).map(Located.init)
}

/// A one-statement policy in a fixed layout, so positions are the same for every operator/key/value:
/// the operator name starts at line 10, column 17; the key at line 11, column 21; the value right after the key.
func singleCondition(effect: String, operator name: String, key: String = "aws:MultiFactorAuthPresent", value: String)
    -> String
{
    """
    {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "Subject",
                "Effect": "\(effect)",
                "Action": "*",
                "Resource": "*",
                "Condition": {
                    "\(name)": {
                        "\(key)": \(value)
                    }
                }
            }
        ]
    }
    """
}

/// Where `singleCondition` puts the operator name.
let operatorLine = 10
let operatorColumn = 17

/// Column of the value in `singleCondition` for `key`.
func valueColumn(key: String = "aws:MultiFactorAuthPresent") -> Int { 21 + key.count + 2 + 2 }
