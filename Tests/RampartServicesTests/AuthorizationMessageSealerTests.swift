import Foundation
import RampartCore
import RampartPolicy
import RampartStore
import Testing

@testable import RampartServices

@Suite struct AuthorizationMessageSealerTests {
    let sealer: AuthorizationMessageSealer
    let account = AccountID("123456789012")!

    init() throws {
        sealer = AuthorizationMessageSealer(masterKey: try MasterKey(bytes: Array(repeating: 5, count: 32)))
    }

    func request(conditions: Int = 2) -> AuthorizationRequest {
        var context = ConditionContext()
        for index in 0..<conditions {
            context.set("aws:RequestTag/k\(index)", .string(String(repeating: "v", count: 200)))
        }
        let principal = Principal(
            account: account, kind: .user, name: "bob", userId: "AIDAEXAMPLEBOB000001",
            arn: "arn:aws:iam::123456789012:user/bob", session: nil, accessKeyId: "AKIAEXAMPLEBOB000001")
        return AuthorizationRequest(principal: principal, action: "iam:CreateUser", resource: "*", context: context)
    }

    func encodedText(_ error: AWSError) throws -> String {
        let parts = error.message.components(separatedBy: " Encoded authorization failure message: ")
        try #require(parts.count == 2)
        return parts[1]
    }

    @Test func roundTripsInItsAccountOnly() throws {
        let denial = AWSError.accessDenied("User: bob is not authorized to perform: iam:CreateUser on resource: *")
        let encoded = sealer.encode(denial, request: request(), result: nil)
        #expect(encoded.code == "AccessDenied" && encoded.httpStatus == 403)
        let text = try encodedText(encoded)
        let decoded = try #require(sealer.decode(text, account: account))
        let document = try #require(
            try JSONSerialization.jsonObject(with: Data(decoded.utf8)) as? [String: Any])
        #expect(document["allowed"] as? Bool == false)
        #expect(document["explicitDeny"] as? Bool == false)
        #expect(sealer.decode(text, account: AccountID("210987654321")!) == nil)
        #expect(sealer.decode(String(text.dropLast()) + (text.hasSuffix("A") ? "B" : "A"), account: account) == nil)
        #expect(sealer.decode("", account: account) == nil)
    }

    @Test func aLargeContextIsTrimmedToTheModelsBound() throws {
        let denial = AWSError.accessDenied("denied")
        let text = try encodedText(sealer.encode(denial, request: request(conditions: 100), result: nil))
        #expect(text.count <= 10_240)
        let decoded = try #require(sealer.decode(text, account: account))
        // Key names as the context keeps them: lower-cased, as IAM compares them.
        #expect(decoded.contains("aws:requesttag/k0") && !decoded.contains("aws:requesttag/k99"))
    }
}
