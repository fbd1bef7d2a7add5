import Foundation
import Testing

@testable import RampartServices

/// The event-pattern language, one family of matchers at a time, on events shaped like AWS's.
struct EventPatternTests {
    let signIn = """
        {"version":"0","id":"1","detail-type":"AWS Console Sign In via CloudTrail","source":"aws.signin",
         "account":"123456789012","time":"2026-12-06T10:00:00Z","region":"us-east-1","resources":[],
         "detail":{"eventName":"ConsoleLogin","userIdentity":{"type":"Root","arn":"arn:aws:iam::123456789012:root"},
                   "sourceIPAddress":"10.0.3.7","responseElements":{"ConsoleLogin":"Success"},
                   "additionalEventData":{"MFAUsed":"No","LoginTo":"https://console"},
                   "count":42,"ratio":0.5,"nothing":null,"tags":["red","blue"],"flag":true,
                   "items":[{"kind":"a","size":1},{"kind":"b","size":2}]}}
        """

    func matches(_ pattern: String, _ event: String? = nil) throws -> Bool {
        let compiled = try EventPattern(json: pattern)
        let parsed = try #require(EventJSON(parsing: event ?? signIn))
        return compiled.matches(parsed)
    }

    func refusal(_ pattern: String) -> String? {
        do {
            _ = try EventPattern(json: pattern)
            return nil
        } catch {
            return error.reason
        }
    }

    @Test func theRootSignInRuleOfTheAWSGuidance() throws {
        let rule = """
            {"detail-type": ["AWS Console Sign In via CloudTrail"], "detail": {"userIdentity": {"type": ["Root"]}}}
            """
        #expect(try matches(rule))
        #expect(!(try matches(rule, signIn.replacingOccurrences(of: "\"Root\"", with: "\"IAMUser\""))))
        #expect(!(try matches(rule, signIn.replacingOccurrences(of: "Console Sign In", with: "API Call"))))
    }

    @Test func exactValuesAreAnOrOfTheList() throws {
        #expect(try matches(#"{"source": ["aws.iam", "aws.signin"]}"#))
        #expect(!(try matches(#"{"source": ["aws.iam"]}"#)))
        #expect(try matches(#"{"detail": {"count": [42]}}"#))
        #expect(try matches(#"{"detail": {"count": [42.0]}}"#))
        #expect(!(try matches(#"{"detail": {"count": ["42"]}}"#)))
        #expect(try matches(#"{"detail": {"nothing": [null]}}"#))
        #expect(!(try matches(#"{"detail": {"absent": [null]}}"#)))
        #expect(try matches(#"{"detail": {"flag": [true]}}"#))
        #expect(!(try matches(#"{"detail": {"flag": [false]}}"#)))
    }

    @Test func anEventArrayMatchesWhenAnyElementDoes() throws {
        #expect(try matches(#"{"detail": {"tags": ["blue"]}}"#))
        #expect(!(try matches(#"{"detail": {"tags": ["green"]}}"#)))
        #expect(try matches(#"{"detail": {"items": {"kind": ["b"], "size": [2]}}}"#))
        // The members must hold in one element, not across two.
        #expect(!(try matches(#"{"detail": {"items": {"kind": ["a"], "size": [2]}}}"#)))
    }

    @Test func prefixAndSuffix() throws {
        #expect(try matches(#"{"source": [{"prefix": "aws."}]}"#))
        #expect(!(try matches(#"{"source": [{"prefix": "AWS."}]}"#)))
        #expect(try matches(#"{"source": [{"prefix": {"equals-ignore-case": "AWS."}}]}"#))
        #expect(try matches(#"{"source": [{"suffix": ".signin"}]}"#))
        #expect(try matches(#"{"source": [{"suffix": {"equals-ignore-case": ".SIGNIN"}}]}"#))
        #expect(!(try matches(#"{"detail": {"count": [{"prefix": "4"}]}}"#)))
    }

    @Test func equalsIgnoreCase() throws {
        #expect(try matches(#"{"detail": {"eventName": [{"equals-ignore-case": "consolelogin"}]}}"#))
        #expect(!(try matches(#"{"detail": {"eventName": [{"equals-ignore-case": "consolelogout"}]}}"#)))
    }

    @Test func anythingBut() throws {
        #expect(try matches(#"{"source": [{"anything-but": "aws.iam"}]}"#))
        #expect(!(try matches(#"{"source": [{"anything-but": ["aws.iam", "aws.signin"]}]}"#)))
        #expect(try matches(#"{"detail": {"count": [{"anything-but": [1, 2]}]}}"#))
        #expect(!(try matches(#"{"detail": {"count": [{"anything-but": 42}]}}"#)))
        #expect(!(try matches(#"{"source": [{"anything-but": {"prefix": "aws."}}]}"#)))
        #expect(try matches(#"{"source": [{"anything-but": {"prefix": "custom."}}]}"#))
        #expect(!(try matches(#"{"source": [{"anything-but": {"suffix": "signin"}}]}"#)))
        #expect(!(try matches(#"{"source": [{"anything-but": {"equals-ignore-case": ["AWS.SIGNIN"]}}]}"#)))
        #expect(!(try matches(#"{"source": [{"anything-but": {"wildcard": "aws.*"}}]}"#)))
        #expect(try matches(#"{"source": [{"anything-but": {"wildcard": ["x*", "*.iam"]}}]}"#))
        // A field that is absent is not "anything but".
        #expect(!(try matches(#"{"detail": {"absent": [{"anything-but": "x"}]}}"#)))
    }

    @Test func exists() throws {
        #expect(try matches(#"{"detail": {"eventName": [{"exists": true}]}}"#))
        #expect(!(try matches(#"{"detail": {"absent": [{"exists": true}]}}"#)))
        #expect(try matches(#"{"detail": {"absent": [{"exists": false}]}}"#))
        #expect(!(try matches(#"{"detail": {"eventName": [{"exists": false}]}}"#)))
        // Only leaves exist: an object is not one.
        #expect(!(try matches(#"{"detail": {"userIdentity": [{"exists": true}]}}"#)))
        #expect(try matches(#"{"nowhere": {"deeper": [{"exists": false}]}}"#))
    }

    @Test func numeric() throws {
        #expect(try matches(#"{"detail": {"count": [{"numeric": [">", 0, "<=", 42]}]}}"#))
        #expect(!(try matches(#"{"detail": {"count": [{"numeric": [">", 0, "<", 42]}]}}"#)))
        #expect(try matches(#"{"detail": {"count": [{"numeric": ["=", 42]}]}}"#))
        #expect(try matches(#"{"detail": {"ratio": [{"numeric": [">=", 0.5]}]}}"#))
        #expect(!(try matches(#"{"detail": {"eventName": [{"numeric": [">", 0]}]}}"#)))
    }

    @Test func cidr() throws {
        #expect(try matches(#"{"detail": {"sourceIPAddress": [{"cidr": "10.0.0.0/16"}]}}"#))
        #expect(!(try matches(#"{"detail": {"sourceIPAddress": [{"cidr": "10.1.0.0/16"}]}}"#)))
        #expect(!(try matches(#"{"detail": {"eventName": [{"cidr": "10.0.0.0/8"}]}}"#)))
    }

    @Test func wildcard() throws {
        #expect(try matches(#"{"detail": {"userIdentity": {"arn": [{"wildcard": "arn:aws:iam::*:root"}]}}}"#))
        #expect(try matches(#"{"detail-type": [{"wildcard": "AWS*Sign*CloudTrail"}]}"#))
        #expect(!(try matches(#"{"detail-type": [{"wildcard": "AWS*Sign*Trail*x"}]}"#)))
        #expect(try matches(#"{"source": [{"wildcard": "*"}]}"#))
        #expect(!(try matches(#"{"source": [{"wildcard": "aws"}]}"#)))
    }

    @Test func wildcardEscapesAndLinearity() throws {
        let star = try #require(EventWildcard(#"a\*b*"#))
        #expect(star.matches("a*bcd"))
        #expect(!star.matches("axbcd"))
        #expect(EventWildcard("a**b") == nil)
        #expect(EventWildcard(#"a\b"#) == nil)
        // A piece that a naive search would compare a thousand times at every position of the value
        // (2·10⁸ steps); the failure-function search reads each character a bounded number of times.
        let value = String(repeating: "a", count: 200_000) + "c"
        let pattern = try #require(EventWildcard("*" + String(repeating: "a", count: 1000) + "b*c"))
        let started = ContinuousClock.now
        #expect(!pattern.matches(value))
        #expect(ContinuousClock.now - started < .seconds(2))
        #expect(try #require(EventWildcard("*aab*c")).matches("aaaab-c"))
        #expect(try #require(EventWildcard("a*a")).matches("aa"))
        #expect(!(try #require(EventWildcard("ab*ba")).matches("aba")))
    }

    @Test func orAlternatives() throws {
        let rule = #"{"source": ["aws.signin"], "$or": [{"detail": {"count": [1]}}, {"detail": {"flag": [true]}}]}"#
        #expect(try matches(rule))
        #expect(!(try matches(#"{"$or": [{"detail": {"count": [1]}}, {"detail": {"flag": [false]}}]}"#)))
        #expect(try matches(#"{"detail": {"$or": [{"count": [1]}, {"ratio": [0.5]}]}}"#))
    }

    @Test func refusalsInAWSWords() {
        #expect(refusal("[1]") == "Filter is not an object")
        #expect(refusal("{}") == "Empty objects are not allowed")
        #expect(refusal(#"{"source": {}}"#) == "Empty objects are not allowed")
        #expect(refusal(#"{"slug": "some-pipeline"}"#) == #""slug" must be an object or an array"#)
        #expect(refusal(#"{"a": [{"suffix": ["x"]}]}"#) == "suffix match pattern must be a string")
        #expect(refusal(#"{"a": [{"prefix": 1}]}"#) == "prefix match pattern must be a string")
        #expect(refusal(#"{"a": [{"exists": "yes"}]}"#) == "exists match pattern must be either true or false.")
        #expect(refusal(#"{"a": [{"regex": "x"}]}"#) == "Unrecognized match type regex")
        #expect(refusal(#"{"a": [{"prefix": "x", "suffix": "y"}]}"#) == "Only one key allowed in match expression")
        #expect(refusal(#"{"a": [{"numeric": ["<", 5, ">", 1]}]}"#) != nil)
        #expect(refusal(#"{"a": [{"numeric": [">", 5, "<", 1]}]}"#) == "Bottom must be less than top")
        #expect(refusal(#"{"a": [{"numeric": ["~", 5]}]}"#) == #"Unrecognized numeric range operator: "~""#)
        #expect(refusal(#"{"a": [{"cidr": "10.0.0.0"}]}"#) != nil)
        #expect(refusal(#"{"a": [{"anything-but": true}]}"#) != nil)
        #expect(refusal(#"{"a": [{"wildcard": "a**"}]}"#) != nil)
        #expect(refusal(#"{"$or": [{"a": [1]}]}"#) != nil)
        #expect(refusal("not json") != nil)
        #expect(refusal(#"{"a": [[1]]}"#) == "Match value must be String, number, true, false, or null")
    }
}
