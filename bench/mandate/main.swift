// The mandate at scale, in process: the report for 10,000 accounts, and what one root sign-in's mandate
// decision costs (the plan of waves is computed once per store generation, then looked up).
//     swift run -c release rampart-mandate-bench [accounts]
import Foundation
import RampartCore
import RampartServices
import RampartStore

let count = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 10_000
let folder = FileManager.default.temporaryDirectory.appendingPathComponent("mandate-bench-\(UUID().uuidString)")
try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
defer { try? FileManager.default.removeItem(at: folder) }
let store = try SQLiteStore(path: folder.appendingPathComponent("bench.db").path, recordTypes: RecordTypes.all)
let clock = SystemClock()
let environment = ServiceEnvironment(
    store: store, clock: clock, masterKey: try MasterKey(bytes: Array(repeating: 7, count: 32)),
    passwords: PasswordHasher(rounds: 1 << 4))
var options = Bootstrap.Options()
options.accountId = AccountID("100000000000")!
options.rootPassword = "Bench-Passw0rd-1"
_ = try await Bootstrap(environment: environment).run(options)

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
}

let timer = ContinuousClock()
let seeding = timer.now
let start = Date()
// Accounts with a password, some with an authenticator app or a security key, a tenth exempt by partition.
for batch in stride(from: 1, to: count, by: 500) {
    try await store.write { tx in
        for index in batch..<min(count, batch + 500) {
            let id = AccountID(String(100_000_000_000 + index))!
            var account = Account(
                id: id, createDate: start.addingTimeInterval(Double(index)), rootEmail: "root\(index)@example.com",
                rootPassword: PasswordHash(algorithm: "scrypt", parameters: [:], salt: [1], hash: [1]))
            if index % 10 == 0 { account.partition = .govCloud }
            tx.put(account)
            if index % 3 == 0 {
                var device = MFADevice(
                    account: id, kind: .virtual, serialNumber: "arn:aws:iam::\(id.rawValue):mfa/root", sealedSeed: [0],
                    createDate: start)
                device.assignment = MFADevice.Assignment(userName: nil, enableDate: start)
                tx.put(device)
            }
        }
    }
}
print(String(format: "seeded %d accounts in %.2f s", count, seconds(timer.now - seeding)))

let operatorCall = CallContext(
    principal: Principal(
        account: AccountID("100000000000")!, kind: .root, name: "root", userId: "100000000000",
        arn: "arn:aws:iam::100000000000:root", session: nil, accessKeyId: "AKIABENCH"),
    requestId: "bench", now: Date(), sourceIp: "127.0.0.1")
let mandate = MandateService(environment: environment)
let planning = timer.now
_ = try await mandate.plan(
    phases: [Rollout.Phase(kinds: [.management, .standalone], start: start)], waveSize: 2_000, waveIntervalDays: 7,
    dryRun: false, dryRunWaves: [], operatorCall)
print(String(format: "planned waves for %d accounts in %.3f s", count, seconds(timer.now - planning)))

for round in 1...3 {
    let began = timer.now
    let report = try mandate.report(at: Date().addingTimeInterval(30 * 86_400), operatorCall)
    let counts = report.counts.map { "\($0.key.rawValue)=\($0.value)" }.sorted().joined(separator: " ")
    print(
        String(
            format: "report %d: %d rows in %.3f s  (%@)", round, report.rows.count, seconds(timer.now - began), counts))
}

// One sign-in's decision: the first after a write computes the plan, later ones look it up.
let someone = AccountID(String(100_000_000_000 + count / 2))!
let cold = timer.now
_ = mandate.assess(someone)
print(String(format: "sign-in decision, first after a write: %.1f µs", seconds(timer.now - cold) * 1e6))
let rounds = 10_000
let warm = timer.now
for _ in 0..<rounds { _ = mandate.assess(someone) }
print(String(format: "sign-in decision, warm: %.2f µs", seconds(timer.now - warm) * 1e6 / Double(rounds)))
