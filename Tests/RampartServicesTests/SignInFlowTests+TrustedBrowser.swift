import Foundation
import RampartCore
import RampartMFA
import RampartStore
import Testing

@testable import RampartServices

/// Lockouts as a denial of service: a stranger's failures lock the principal's global counters, never the
/// browser its owner signed in from before, and a new principal of the same name trusts no browser.
extension SignInFlowTests {
    var attackerIp: String { "198.51.100.66" }

    func signIn(
        _ name: String, _ typed: String? = nil, browser: OpaqueToken?, from address: String
    ) async throws -> SignInStep {
        try await service.signIn(
            SignInAttempt(identity: .iamUser(account: account.rawValue, userName: name), password: typed ?? password),
            device: browser, sourceIp: address, requestId: "r")
    }

    /// A user `name` with a password, and a browser that has signed it in once (and so is trusted).
    func ownerWithBrowser(_ name: String) async throws -> OpaqueToken {
        try await user(name)
        let owner = OpaqueToken.random()
        let first = try await signIn(name, browser: owner, from: ip)
        guard case .signedIn = first else { throw SignInFailed(step: first) }
        return owner
    }

    struct SignInFailed: Error { var step: SignInStep }

    func isSignedIn(_ step: SignInStep) -> Bool {
        if case .signedIn = step { return true }
        return false
    }

    @Test func strangersCannotLockTheOwnerOutOfATrustedBrowser() async throws {
        let owner = try await ownerWithBrowser("gail")
        // From elsewhere, and from the owner's own address (a shared NAT), with and without a cookie.
        for _ in 0..<10 { _ = try await signIn("gail", "guess", browser: nil, from: attackerIp) }
        for _ in 0..<25 { _ = try await signIn("gail", "guess", browser: OpaqueToken.random(), from: ip) }
        #expect(try await signIn("gail", browser: nil, from: attackerIp) == .failed(.throttled))
        #expect(try await signIn("gail", browser: OpaqueToken.random(), from: "203.0.113.5") == .failed(.throttled))
        #expect(isSignedIn(try await signIn("gail", browser: owner, from: ip)), "a stranger locked the owner's browser")
    }

    @Test func aTrustedBrowserHasALimitOfItsOwn() async throws {
        let owner = try await ownerWithBrowser("hank")
        for _ in 0..<5 { _ = try await signIn("hank", "typo", browser: owner, from: ip) }
        #expect(try await signIn("hank", browser: owner, from: ip) == .failed(.throttled))
        // Its failures are its own: a fresh browser elsewhere is still judged by the untouched global counter.
        #expect(
            isSignedIn(try await signIn("hank", browser: nil, from: "203.0.113.9")),
            "a trusted browser's failures locked the principal")
    }

    @Test func trustBelongsToThePrincipalNotItsName() async throws {
        let owner = try await ownerWithBrowser("ivy")
        try await deleteUser("ivy")
        try await user("ivy")
        for _ in 0..<5 { _ = try await signIn("ivy", "guess", browser: nil, from: attackerIp) }
        #expect(try await signIn("ivy", browser: owner, from: ip) == .failed(.throttled))
    }

    @Test func strangersWhoKnowThePasswordCannotLockTheOwnersCodes() async throws {
        try await user("jack")
        let totp = try await device(for: "jack")
        // Every sign-in asks for a code, so the owner's second sign-in below must pass the code check too.
        try await environment.store.write { tx in
            var record = try #require(tx.get(Account.self, account.rawValue))
            record.mfaSettings = MFASettings(prompt: .everySignIn)
            tx.put(record)
        }
        let owner = OpaqueToken.random()
        guard case .secondFactor(let first) = try await signIn("jack", browser: owner, from: ip) else {
            Issue.record("no second step")
            return
        }
        guard
            case .signedIn = try await service.verifyCode(
                flow: first, code: totp.code(atStep: totp.step(at: clock.now)), device: owner, sourceIp: ip,
                requestId: "r")
        else {
            Issue.record("first sign-in failed")
            return
        }
        // A stranger with the password guesses codes for a day, from addresses it changes at will.
        var guesses = 0
        for round in 0..<200 {
            let address = "198.51.100.\(round % 200)"
            if case .secondFactor(let flow) = try await signIn("jack", browser: nil, from: address),
                try await service.verifyCode(flow: flow, code: "000000", sourceIp: address, requestId: "r")
                    == .failed(.invalidCode)
            {
                guesses += 1
            }
            clock.advance(432)
        }
        #expect(guesses > 0 && guesses <= Limits.mfaFailuresPerDay)
        clock.advance(30)
        guard case .secondFactor(let flow) = try await signIn("jack", browser: owner, from: ip) else {
            Issue.record("no second step for the owner")
            return
        }
        let code = totp.code(atStep: totp.step(at: clock.now))
        guard
            case .signedIn = try await service.verifyCode(
                flow: flow, code: code, device: owner, sourceIp: ip, requestId: "r")
        else {
            Issue.record("the owner's codes were locked by a stranger")
            return
        }
    }

    /// The issue's own probe: five wrong passwords from anyone locked root's console sign-in, doubling to an
    /// hour, so five guesses an hour kept root out for good. Root without a device yet (the grace period).
    @Test func strangersCannotKeepRootOutOfItsBrowser() async throws {
        func rootSignIn(_ typed: String, browser: OpaqueToken?, from address: String) async throws -> SignInStep {
            try await service.signIn(
                SignInAttempt(identity: .root(email: rootEmail), password: typed), device: browser, sourceIp: address,
                requestId: "r")
        }
        let owner = OpaqueToken.random()
        guard case .enroll(let flow) = try await rootSignIn(password, browser: owner, from: ip) else {
            Issue.record("root was not asked to set up MFA")
            return
        }
        guard case .signedIn = try await service.skipEnrollment(flow: flow, device: owner, sourceIp: ip, requestId: "r")
        else {
            Issue.record("root could not skip during the grace period")
            return
        }
        for hour in 0..<3 {
            for _ in 0..<5 { _ = try await rootSignIn("guess", browser: nil, from: attackerIp) }
            #expect(try await rootSignIn(password, browser: nil, from: "203.0.113.7") == .failed(.throttled))
            guard case .enroll = try await rootSignIn(password, browser: owner, from: ip) else {
                Issue.record("hour \(hour): a stranger kept root out of its own browser")
                return
            }
            clock.advance(3600)
        }
    }
}
