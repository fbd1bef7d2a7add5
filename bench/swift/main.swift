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
