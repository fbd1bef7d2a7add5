import Crypto
import Foundation
import RampartCore
import RampartMFA
import RampartStore

/// Recovery codes: AWS has none, and users of every identity provider ask for them. Ten codes of 80 random
/// bits each (16 base32 characters, shown in groups of four), shown once, stored as keyed hashes, usable
/// once each in any order; generating a new set invalidates the old one; every use is recorded.
public struct RecoveryCodes: Sendable {
    public static let count = 10
    static let bytesPerCode = 10  // 80 bits

    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    /// What the security page shows: codes left, when the set was made, and every use.
    public struct Status: Sendable, Equatable {
        public var remaining: Int
        public var createDate: Date
        public var uses: [RecoveryCodeSet.Use]
    }

    public func status(account: AccountID, owner: String?) -> Status? {
        environment.store.snapshot().get(RecoveryCodeSet.self, RecoveryCodeSet.key(account, userName: owner)).map {
            Status(remaining: $0.unused.count, createDate: $0.createDate, uses: $0.uses)
        }
    }

    /// A new set for the owner, replacing any old one; the codes are returned once, for showing.
    public func generate(account: AccountID, owner: String?, requestId: String, sourceIp: String) async throws
        -> [String]
    {
        let now = environment.clock.now
        // Codes stand in for a lost device: without one they would be a second password, not a second factor.
        guard !environment.store.snapshot().devicesInUse(account, by: owner).isEmpty else {
            throw AWSError.invalidInput("Set up an MFA device first: recovery codes stand in for a device you lose.")
        }
        let codes = (0..<Self.count).map { _ in Base32.encode(RandomBytes.make(Self.bytesPerCode)) }
        let set = RecoveryCodeSet(
            account: account, userName: owner, createDate: now,
            unused: codes.map { hash($0, account: account, owner: owner) })
        try await environment.store.write { tx in
            guard !tx.devicesInUse(account, by: owner).isEmpty else {
                throw AWSError.invalidInput(
                    "Set up an MFA device first: recovery codes stand in for a device you lose.")
            }
            tx.put(set)
            tx.append(
                AuditEvent(
                    account: account, time: now, name: "RecoveryCodesGenerated", userName: owner, requestId: requestId,
                    sourceIp: sourceIp, details: ["count": "\(Self.count)"]))
        }
        return codes.map(Self.grouped)
    }

    /// Uses a code inside a store write: true when it was one of the unused codes (now used up).
    func use(
        _ code: String, account: AccountID, owner: String?, sourceIp: String, requestId: String, at now: Date,
        in tx: inout StoreTransaction
    ) -> Bool {
        guard var set = tx.get(RecoveryCodeSet.self, RecoveryCodeSet.key(account, userName: owner)) else {
            return false
        }
        let digest = hash(code, account: account, owner: owner)
        guard let index = set.unused.firstIndex(of: digest) else { return false }
        set.unused.remove(at: index)
        set.uses.append(RecoveryCodeSet.Use(time: now, sourceIp: sourceIp))
        tx.put(set)
        tx.append(
            AuditEvent(
                account: account, time: now, name: "RecoveryCodeUsed", userName: owner, requestId: requestId,
                sourceIp: sourceIp, details: ["remaining": "\(set.unused.count)"]))
        return true
    }

    /// HMAC of the normalized code (case, spaces and dashes do not matter), bound to its owner.
    func hash(_ code: String, account: AccountID, owner: String?) -> String {
        let normalized = code.uppercased().filter { $0 != "-" && !$0.isWhitespace }
        let message = "\(account.rawValue)/\(owner?.lowercased() ?? ":root")/\(normalized)"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(message.utf8), using: environment.recoveryCodeKey)
        return Hex.string(mac)
    }

    static func grouped(_ code: String) -> String {
        stride(from: 0, to: code.count, by: 4).map { offset in
            let start = code.index(code.startIndex, offsetBy: offset)
            return String(code[start..<code.index(start, offsetBy: min(4, code.count - offset))])
        }.joined(separator: "-")
    }
}
