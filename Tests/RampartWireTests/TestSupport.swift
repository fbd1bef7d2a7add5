import Foundation
import RampartCore
import RampartServices
import RampartWire

/// A call context for tests: an IAM user of account 123456789012 and a fixed request id.
func testCall(requestId: String = "c0ffee00-0000-4000-8000-000000000001") -> CallContext {
    let principal = Principal(
        account: AccountID("123456789012")!, kind: .user, name: "alice", userId: "AIDAEXAMPLE",
        arn: "arn:aws:iam::123456789012:user/alice", session: nil, accessKeyId: "AKIAIOSFODNN7EXAMPLE")
    return CallContext(
        principal: principal, requestId: requestId, now: Date(timeIntervalSince1970: 1_795_000_000),
        sourceIp: "192.0.2.1")
}

/// Builds a QueryInput from a readable parameter list.
func query(_ parameters: [(String, String)]) -> QueryInput {
    var map = [String: String]()
    for (key, value) in parameters where map[key] == nil { map[key] = value }
    return QueryInput(parameters: map)
}

/// The error a throwing decode produced, or nil.
func decodeError<T: QueryDecodable>(_ type: T.Type, _ parameters: [(String, String)]) -> AWSError? {
    do {
        _ = try T(query: query(parameters))
        return nil
    } catch {
        return error
    }
}

func string(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// The folder holding this file, for fixtures (the test target declares no resources).
let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
