import Foundation
import RampartCore
import RampartMFA
import RampartStore

/// Rampart's own administrative operations, which AWS has no API for: importing hardware TOTP
/// tokens, listing and removing them, and lifting an MFA lockout. They are served over JSON 1.1
/// (`X-Amz-Target: RampartAdmin_20261123.<Operation>`, SigV4 service name `rampart`) and
/// authorized like any other action (`rampart:<Operation>`).
public struct AdminService: Sendable {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    /// Imports tokens into the caller's account, all or none. A serial already known is
    /// `EntityAlreadyExists`; a bad seed or parameter is `InvalidInput` naming the token.
    public func importHardwareMFADevices(_ tokens: [HardwareToken], _ call: CallContext) async throws -> Int {
        let account = call.principal.account
        guard !tokens.isEmpty, tokens.count <= Limits.hardwareTokensPerImport else {
            throw AWSError.invalidInput(
                "Import between 1 and \(Limits.hardwareTokensPerImport) tokens at a time, not \(tokens.count).")
        }
        var devices = [MFADevice]()
        var serials = Set<String>()
        for token in tokens {
            let device = try makeDevice(token, account: account, now: call.now)
            guard serials.insert(device.serialNumber.lowercased()).inserted else {
                throw AWSError.invalidInput("Token \(token.serialNumber) appears twice.")
            }
            devices.append(device)
        }
        try await environment.store.write { tx in
            for device in devices {
                guard tx.get(MFADevice.self, device.recordKey) == nil else {
                    throw AWSError.entityAlreadyExists(
                        "MFA device with serial number \(device.serialNumber) already exists.")
                }
                tx.put(device)
            }
        }
        return devices.count
    }

    /// The account's hardware tokens and who each is enabled for.
    public func listHardwareMFADevices(_ call: CallContext) -> [MFADevice] {
        environment.store.snapshot().all(MFADevice.self, account: call.principal.account.rawValue)
            .filter { $0.kind == .hardware }
            .sorted { $0.serialNumber < $1.serialNumber }
    }

    /// Removes an unassigned hardware token.
    public func deleteHardwareMFADevice(serialNumber: String, _ call: CallContext) async throws {
        let account = call.principal.account
        try await environment.store.write { tx in
            guard let device = tx.get(MFADevice.self, MFADevice.key(account, serialNumber)), device.kind == .hardware
            else {
                throw AWSError.noSuchEntity("MFA device with serial number \(serialNumber) does not exist.")
            }
            guard device.assignment == nil else {
                throw AWSError.deleteConflict("MFA device is still assigned; deactivate it before deleting it.")
            }
            tx.delete(MFADevice.self, device.recordKey)
        }
    }

    /// Lifts the MFA lockout of an IAM user, or of root when `userName` is nil, and forgets its
    /// recent failures.
    public func clearMFALockout(userName: String?, _ call: CallContext) async throws {
        let account = call.principal.account
        try await environment.store.write { tx in
            if let userName, tx.get(User.self, User.key(account, userName)) == nil {
                throw AWSError.noSuchEntity("The user with name \(userName) cannot be found.")
            }
            tx.delete(MFAThrottle.self, MFAThrottle.key(account, userName: userName))
        }
    }

    /// Lifts a console sign-in lockout: an address's (`sourceIp`), or the password lockout of an IAM user
    /// (or of root when neither is given).
    public func clearSignInLockout(userName: String?, sourceIp: String?, _ call: CallContext) async throws {
        let account = call.principal.account
        try await environment.store.write { tx in
            let subject: SignInThrottle.Subject
            if let sourceIp {
                subject = .address(sourceIp)
            } else {
                if let userName, tx.get(User.self, User.key(account, userName)) == nil {
                    throw AWSError.noSuchEntity("The user with name \(userName) cannot be found.")
                }
                let name = userName.flatMap { tx.get(User.self, User.key(account, $0))?.name }
                subject = .password(account: account, userName: name)
            }
            if tx.get(SignInThrottle.self, SignInThrottle.key(subject)) != nil {
                tx.delete(SignInThrottle.self, SignInThrottle.key(subject))
            }
        }
    }

    /// The account's console MFA settings (AWS's defaults until changed).
    public func mfaSettings(_ call: CallContext) -> MFASettings {
        environment.store.snapshot().get(Account.self, call.principal.account.rawValue)?.mfaSettings ?? MFASettings()
    }

    /// Changes the settings given, keeping the rest.
    public func updateMFASettings(_ change: MFASettingsChange, _ call: CallContext) async throws -> MFASettings {
        var settings = mfaSettings(call)
        if let text = change.prompt {
            guard let value = MFASettings.Prompt(rawValue: text) else {
                throw Self.invalid("Prompt", text, MFASettings.Prompt.self)
            }
            settings.prompt = value
        }
        if let text = change.withoutDevice {
            guard let value = MFASettings.WithoutDevice(rawValue: text) else {
                throw Self.invalid("WithoutDevice", text, MFASettings.WithoutDevice.self)
            }
            settings.withoutDevice = value
        }
        if let texts = change.allowedTypes {
            var types = [MFASettings.DeviceType]()
            for text in texts {
                guard let value = MFASettings.DeviceType(rawValue: text) else {
                    throw Self.invalid("AllowedTypes", text, MFASettings.DeviceType.self)
                }
                if !types.contains(value) { types.append(value) }
            }
            guard !types.isEmpty else { throw AWSError.invalidInput("AllowedTypes must name at least one type.") }
            settings.allowedTypes = types
        }
        if let value = change.requireForConsoleUsers { settings.requireForConsoleUsers = value }
        if let value = change.requireForPrivileged { settings.requireForPrivileged = value }
        if let value = change.passkeySignIn { settings.passkeySignIn = value }
        if let days = change.gracePeriodDays {
            guard (0...365).contains(days) else { throw AWSError.invalidInput("GracePeriodDays must be 0 to 365.") }
            settings.gracePeriodDays = days
        }
        let account = call.principal.account
        let updated = settings
        try await environment.store.write { tx in
            var record = try tx.account(account)
            record.mfaSettings = updated
            tx.put(record)
        }
        return updated
    }

    static func invalid<E: RawRepresentable & CaseIterable>(_ field: String, _ value: String, _: E.Type) -> AWSError
    where E.RawValue == String {
        .invalidInput("\(field) \(value) is not one of \(E.allCases.map(\.rawValue).joined(separator: ", ")).")
    }

    func makeDevice(_ token: HardwareToken, account: AccountID, now: Date) throws(AWSError) -> MFADevice {
        let serial = token.serialNumber
        guard (9...256).contains(serial.count), serial.allSatisfy(Self.isSerialCharacter) else {
            throw AWSError.invalidInput(
                "Token serial number \(serial) must be 9 to 256 characters of letters, digits and +=/:,.@_-.")
        }
        guard let seed = Base32.decode(token.base32Seed), seed.count >= 10 else {
            throw AWSError.invalidInput("Token \(serial) has no valid Base32 seed of at least 80 bits.")
        }
        let algorithm = (token.algorithm ?? "SHA1").uppercased()
        guard OTPAlgorithm(rawValue: algorithm) != nil else {
            throw AWSError.invalidInput("Token \(serial) has algorithm \(algorithm); use SHA1, SHA256 or SHA512.")
        }
        let digits = token.digits ?? 6
        let period = token.period ?? 30
        // EnableMFADevice, GetSessionToken and AssumeRole carry exactly six digits on the wire.
        guard digits == 6 else {
            throw AWSError.invalidInput("Token \(serial) has \(digits) digits; AWS's APIs accept 6-digit codes only.")
        }
        guard (15...120).contains(period) else {
            throw AWSError.invalidInput("Token \(serial) has a period of \(period) s; use 15 to 120 seconds.")
        }
        let sealed: [UInt8]
        do {
            sealed = try environment.secrets.seal(
                seed, boundTo: MFADevice.sealingContext(account: account, serialNumber: serial))
        } catch {
            throw AWSError.serviceFailure("could not seal a token seed")
        }
        return MFADevice(
            account: account, kind: .hardware, serialNumber: serial, sealedSeed: sealed, algorithm: algorithm,
            digits: digits, period: period, createDate: now)
    }

    /// IAM's `serialNumberType` pattern, `[\w+=/:,.@-]+`.
    static func isSerialCharacter(_ character: Character) -> Bool {
        character.isASCII && (character.isLetter || character.isNumber || "_+=/:,.@-".contains(character))
    }
}
