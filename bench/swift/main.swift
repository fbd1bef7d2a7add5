// In-process throughput of the server's hot primitives, free of HTTP and the store:
//     swift run -c release rampart-bench
// One line per measurement: name, operations per second, nanoseconds per operation.
import Foundation
import RampartCore
import RampartMFA
import RampartSigV4

/// The verifier's "now", pinned to the signing time so the request never ages out mid-run.
struct FixedClock: RampartCore.Clock {
    let now: Date
}

/// Runs `operation` in growing batches until at least `minimum` has passed, and reports the rate. Each call
/// returns a number folded into `sink`, which is used in a condition the optimiser cannot see through, so it cannot
/// drop the work.
func measure(_ name: String, minimum: Duration = .seconds(1), _ operation: () -> Int) {
    let clock = ContinuousClock()
    var sink = 0
    // Warm up caches and lazy tables before timing.
    for _ in 0..<100 { sink &+= operation() }
    var iterations = 0
    var batch = 100
    let start = clock.now
    var elapsed = Duration.zero
    while elapsed < minimum {
        for _ in 0..<batch { sink &+= operation() }
        iterations += batch
        batch *= 2
        elapsed = clock.now - start
    }
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let perSecond = Double(iterations) / seconds
    let line = name.padding(toLength: 52, withPad: " ", startingAt: 0)
    print(line + String(format: "%14.0f ops/s %12.1f ns/op", perSecond, 1e9 / perSecond))
    if sink == Int.min { print("unreachable in practice") }
}

let now = Date(timeIntervalSince1970: 1_750_000_000)
let secret = (0..<20).map { _ in UInt8.random(in: .min ... .max) }
let totp = TOTP(secret: secret)
let rightCode = totp.code(at: now)
// A well-formed code that matches none of the three steps, so all three are computed and compared.
let windowCodes = Set((-1...1).map { totp.code(atStep: totp.step(at: now) + Int64($0)) })
let wrongCode = (0..<1_000_000).lazy.map { String(format: "%06d", $0) }.first { !windowCodes.contains($0) }!

measure("TOTP matchingStep, window 1, wrong code") { totp.matchingStep(wrongCode, at: now) == nil ? 1 : 0 }
measure("TOTP matchingStep, window 1, right code") { Int(totp.matchingStep(rightCode, at: now) ?? 0) }
var counter: UInt64 = 0
measure("HOTP code (SHA1, 6 digits, key set up per call)") {
    counter &+= 1
    return HOTP.code(secret: secret, counter: counter, digits: 6, algorithm: .sha1).utf8.count
}

let body = Array("Action=GetCallerIdentity&Version=2011-06-15".utf8)
var request = SigV4Request(
    method: "POST", path: "/",
    headers: [
        ("Host", "sts.amazonaws.com"), ("Content-Type", "application/x-www-form-urlencoded; charset=utf-8"),
    ], body: body)
let accessKeyId = "AKIAIOSFODNN7EXAMPLE"
let secretAccessKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
do {
    try SigV4Signer().sign(
        &request, accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: nil,
        region: "us-east-1", service: "sts", date: now)
} catch {
    fatalError("signing failed: \(error)")
}
let verifier = SigV4Verifier(clock: FixedClock(now: now))
let signed = request
measure("SigV4 parse + verify (signing key cached)") {
    do {
        let authorization = try SigV4Authorization(request: signed)
        try verifier.verify(signed, authorization, secretAccessKey: secretAccessKey, acceptedServices: ["sts"])
        return 1
    } catch {
        fatalError("verification failed: \(error)")
    }
}
measure("SigV4 sign") {
    var copy = signed
    try? SigV4Signer().sign(
        &copy, accessKeyId: accessKeyId, secretAccessKey: secretAccessKey, sessionToken: nil,
        region: "us-east-1", service: "sts", date: now)
    return copy.headers.count
}

let uri = OTPAuthURI.totp(
    label: "alice@example.com", issuer: "Rampart", secret: secret, parameters: .standard)
measure("QR encode (otpauth URI, level M) + PNG") {
    (try? QRCode.encode(uri).png().count) ?? 0
}

/// Times exactly `count` calls of `operation` (a fixed count rather than `measure`'s growing batches, so WebAuthn
/// numbers are for a known N) and reports the rate in `measure`'s format.
func measureFixed(_ name: String, count: Int, _ operation: () -> Int) {
    let clock = ContinuousClock()
    var sink = 0
    for _ in 0..<100 { sink &+= operation() }
    let start = clock.now
    for _ in 0..<count { sink &+= operation() }
    let elapsed = clock.now - start
    let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
    let perSecond = Double(count) / seconds
    let line = "\(name), N=\(count)".padding(toLength: 52, withPad: " ", startingAt: 0)
    print(line + String(format: "%14.0f ops/s %12.1f ns/op", perSecond, 1e9 / perSecond))
    if sink == Int.min { print("unreachable in practice") }
}

/// A WebAuthn assertion from Tests/RampartMFATests/Fixtures/webauthn/localhost_fixtures.json, all base64url.
struct AssertionFixture {
    let name: String
    let challenge: String
    let publicKey: String
    let credentialId: String
    let clientDataJSON: String
    let authenticatorData: String
    let signature: String
}

let assertionFixtures = [
    AssertionFixture(
        name: "auth_ok_es256", challenge: "Vj_iSwEqDi8jvRzGwnxe0d9gsGCTdOj8ISCNIXRTi3w",
        publicKey:
            "pQECAyYgASFYIKTuS7nNTbo3V0nJe93as55D__p_VTqIhcEGFdQOUMToIlggkUkfsq8ZQHUvKrxEkNWX8-l1pJLFf21rmP7Xcmzw7CA",
        credentialId: "C9zoJgB7QQCnLibvkEirb0ekxh_KgGCsPzmPBIxzMEA",
        clientDataJSON:
            "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoiVmpfaVN3RXFEaThqdlJ6R3dueGUwZDlnc0dDVGRPajhJU0NOSVhS"
            + "VGkzdyIsIm9yaWdpbiI6Imh0dHA6Ly9sb2NhbGhvc3Q6ODA4MCIsImNyb3NzT3JpZ2luIjpmYWxzZX0",
        authenticatorData: "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAABQ",
        signature: "MEUCIHU9fuFymPWYbbFPewz8aUnnEvazLqXeO7ehle5MXY54AiEA1xFnDvCqteUmX-Oh_T9YcsjAWeJDBVeL4kwUGFz4wkM"),
    AssertionFixture(
        name: "auth_ok_eddsa", challenge: "vuvr4-8o7yTbcMkAU_sPDGlkS5XUR6v_IZGG5xxMVpQ",
        publicKey: "pAEBAycgBiFYIK1QvaEuoK2Xko28udYAdU0v2u9O_JCHOfCyuiM7Nkim",
        credentialId: "Zg4CW7uoR5Kdcw2CZ_WuC5wuHPEDGfpSjXMcBvmk9yE",
        clientDataJSON:
            "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0IiwiY2hhbGxlbmdlIjoidnV2cjQtOG83eVRiY01rQVVfc1BER2xrUzVYVVI2dl9JWkdH"
            + "NXh4TVZwUSIsIm9yaWdpbiI6Imh0dHA6Ly9sb2NhbGhvc3Q6ODA4MCIsImNyb3NzT3JpZ2luIjpmYWxzZX0",
        authenticatorData: "SZYN5YgOjGh0NBcPZHZgW4_krrmihjLHmVzzuoMdl2MFAAAABQ",
        signature: "vi2xr4aHoKyFQdGqfRbn8Q2raKTKW62pV8j4DdjoVBH7CGfFcdHNjKbvnkntd2tquPAcBWsYtEdQBuKPnvnaAQ"),
]

let assertionVerifier = AssertionVerifier(
    relyingParty: RelyingParty(id: "localhost", origins: ["http://localhost:8080"]))
for fixture in assertionFixtures {
    func bytes(_ text: String) -> [UInt8] { Base64URL.decode(text)! }
    let credentialId = bytes(fixture.credentialId)
    let clientDataJSON = bytes(fixture.clientDataJSON)
    let authenticatorData = bytes(fixture.authenticatorData)
    let signature = bytes(fixture.signature)
    let challenge = bytes(fixture.challenge)
    let publicKey = bytes(fixture.publicKey)
    let algorithm = try! COSEKey(bytes: publicKey).algorithm
    // As the server will: the stored key's bytes are parsed on every call, then the assertion verified.
    measureFixed("WebAuthn assertion \(algorithm) (\(fixture.name))", count: 20_000) {
        do {
            let credential = try StoredCredential(
                credentialId: credentialId, publicKey: publicKey, algorithm: algorithm, signCount: 0,
                backupEligible: false)
            let result = try assertionVerifier.verify(
                credentialId: credentialId, clientDataJSON: clientDataJSON, authenticatorData: authenticatorData,
                signature: signature, userHandle: nil, credential: credential, expectedChallenge: challenge)
            return Int(result.newSignCount)
        } catch {
            fatalError("assertion failed: \(error)")
        }
    }
}
