import Foundation
import RampartCore
import RampartPolicy
import RampartServices

/// Rampart's admin operations on the JSON 1.1 protocol:
/// `X-Amz-Target: RampartAdmin_20261123.ImportHardwareMFADevices` and so on, bodies in AWS's
/// PascalCase style. Signed with SigV4 for the service name `rampart`.
public struct AdminJSONService: JSONService {
    public static let targetPrefix = "RampartAdmin_20261123"
    public static let signingName = "rampart"

    let admin: AdminService
    let mandate: MandateService

    public init(admin: AdminService, mandate: MandateService) {
        self.admin = admin
        self.mandate = mandate
    }

    public var targetPrefix: String { Self.targetPrefix }
    /// Rampart's own API: its CLI, like IAM and STS, reads a refusal as `AccessDenied`, 403.
    public var answersAccessDeniedException: Bool { false }

    public var operationNames: Set<String> {
        Set<String>([
            "ImportHardwareMFADevices", "ListHardwareMFADevices", "DeleteHardwareMFADevice", "ClearMFALockout",
            "ClearSignInLockout", "GetRequestContext", "LintPolicy", "GetMFASettings", "UpdateMFASettings",
            "CreateStandaloneAccount", "RecoverRootPassword", "RotateMasterKey", "GetMasterKeyRotation",
            "RotateAuditSigningKey",
        ])
        .union(Self.mandateOperations)
    }

    public func handle(operation: String, body: [UInt8], call: CallContext) async throws(AWSError) -> [UInt8] {
        do {
            switch operation {
            case "ImportHardwareMFADevices":
                let input = try Self.decode(ImportInput.self, body)
                let tokens = input.Devices.map {
                    HardwareToken(
                        serialNumber: $0.SerialNumber, base32Seed: $0.Base32StringSeed, algorithm: $0.Algorithm,
                        digits: $0.Digits, period: $0.Period)
                }
                let count = try await admin.importHardwareMFADevices(tokens, call)
                return try Self.encode(["Imported": count])
            case "ListHardwareMFADevices":
                let devices = admin.listHardwareMFADevices(call).map(ListedDevice.init)
                return try Self.encode(["Devices": devices])
            case "DeleteHardwareMFADevice":
                let input = try Self.decode(SerialInput.self, body)
                try await admin.deleteHardwareMFADevice(serialNumber: input.SerialNumber, call)
                return Array("{}".utf8)
            case "ClearMFALockout":
                let input = try Self.decode(UserInput.self, body)
                try await admin.clearMFALockout(userName: input.UserName, call)
                return Array("{}".utf8)
            case "ClearSignInLockout":
                let input = try Self.decode(SignInLockoutInput.self, body)
                try await admin.clearSignInLockout(userName: input.UserName, sourceIp: input.SourceIp, call)
                return Array("{}".utf8)
            case "GetMFASettings":
                return try Self.encode(["Settings": SettingsOutput(admin.mfaSettings(call))])
            case "UpdateMFASettings":
                let input = try Self.decode(SettingsInput.self, body)
                let updated = try await admin.updateMFASettings(
                    MFASettingsChange(
                        prompt: input.Prompt, withoutDevice: input.WithoutDevice, allowedTypes: input.AllowedTypes,
                        requireForConsoleUsers: input.RequireForConsoleUsers,
                        requireForPrivileged: input.RequireForPrivileged, gracePeriodDays: input.GracePeriodDays,
                        passkeySignIn: input.PasskeySignIn),
                    call)
                return try Self.encode(["Settings": SettingsOutput(updated)])
            case "CreateStandaloneAccount":
                let input = try Self.decode(StandaloneAccountInput.self, body)
                let made = try await admin.createStandaloneAccount(
                    email: input.Email, name: input.AccountName, rootPassword: input.RootPassword,
                    withRootAccessKey: input.CreateRootAccessKey ?? false, call)
                var output = ["AccountId": made.account.id.rawValue, "Email": made.account.rootEmail]
                output["RootAccessKeyId"] = made.rootAccessKeyId
                output["RootSecretAccessKey"] = made.rootSecretAccessKey
                return try Self.encode(output)
            case "RecoverRootPassword":
                let input = try Self.decode(RecoverRootPasswordInput.self, body)
                let account = try await admin.recoverRootPassword(
                    email: input.Email, newPassword: input.NewPassword, call)
                return try Self.encode(["AccountId": account.rawValue])
            case "RotateMasterKey":
                let input = try Self.decode(RotateMasterKeyInput.self, body)
                let status = try await admin.rotateMasterKey(try input.pacing(), call)
                return try Self.encode(KeyRotationOutput(status))
            case "GetMasterKeyRotation":
                return try Self.encode(KeyRotationOutput(try await admin.masterKeyRotationStatus(call)))
            case "RotateAuditSigningKey":
                return try Self.encode(AuditKeyRotationOutput(try await admin.rotateAuditSigningKey(call)))
            case "LintPolicy":
                // The MFA linter over the wire: findings for a policy document, as `rampart lint` prints them.
                let input = try Self.decode(LintInput.self, body)
                return try Self.encode(["Findings": try Self.lint(input.PolicyDocument)])
            case "GetRequestContext":
                // What policies will see for this very request: the way to check which
                // condition keys (MFA above all) a set of credentials carries.
                return try Self.encode(["Context": admin.requestContext(call)])
            default:
                return try await handleMandate(operation, body, call)
            }
        } catch let error as AWSError {
            throw error
        } catch {
            throw AWSError(code: "InternalFailure", message: "The request processing has failed.", httpStatus: 500)
        }
    }

    struct RecoverRootPasswordInput: Decodable {
        var Email: String
        var NewPassword: String
    }

    struct SettingsInput: Decodable {
        var Prompt: String?
        var WithoutDevice: String?
        var AllowedTypes: [String]?
        var RequireForConsoleUsers: Bool?
        var RequireForPrivileged: Bool?
        var GracePeriodDays: Int?
        var PasskeySignIn: Bool?
    }

    struct SettingsOutput: Encodable {
        var Prompt: String
        var WithoutDevice: String
        var AllowedTypes: [String]
        var RequireForConsoleUsers: Bool
        var RequireForPrivileged: Bool
        var GracePeriodDays: Int
        var PasskeySignIn: Bool

        init(_ settings: MFASettings) {
            Prompt = settings.prompt.rawValue
            WithoutDevice = settings.withoutDevice.rawValue
            AllowedTypes = settings.allowedTypes.map(\.rawValue)
            RequireForConsoleUsers = settings.requireForConsoleUsers
            RequireForPrivileged = settings.requireForPrivileged
            GracePeriodDays = settings.gracePeriodDays
            PasskeySignIn = settings.passkeySignIn
        }
    }

    struct SignInLockoutInput: Decodable {
        var UserName: String?
        var SourceIp: String?
    }

    struct ImportInput: Decodable {
        struct Device: Decodable {
            var SerialNumber: String
            var Base32StringSeed: String
            var Algorithm: String?
            var Digits: Int?
            var Period: Int?
        }
        var Devices: [Device]
    }

    struct SerialInput: Decodable { var SerialNumber: String }
    struct StandaloneAccountInput: Decodable {
        var Email: String
        var AccountName: String?
        var RootPassword: String?
        var CreateRootAccessKey: Bool?
    }
    struct UserInput: Decodable { var UserName: String? }
    struct LintInput: Decodable { var PolicyDocument: String }

    struct Finding: Encodable {
        var Rule: String
        var Severity: String
        var Line: Int
        var Column: Int
        var StatementIndex: Int
        var Sid: String?
        var Message: String
        var Why: String
        var Fix: String
    }

    static func lint(_ document: String) throws(AWSError) -> [Finding] {
        let findings: [LintFinding]
        do {
            findings = try MFAPolicyLinter.lint(document)
        } catch {
            guard case .notJSON(let line, let column, let reason) = error else { return [] }
            throw AWSError(
                code: "MalformedPolicyDocument", message: "line \(line), column \(column): \(reason)", httpStatus: 400)
        }
        return findings.map {
            Finding(
                Rule: $0.rule, Severity: $0.severity.rawValue, Line: $0.line, Column: $0.column,
                StatementIndex: $0.statementIndex, Sid: $0.sid, Message: $0.message, Why: $0.why, Fix: $0.fix)
        }
    }

    struct ListedDevice: Encodable {
        var SerialNumber: String
        var Algorithm: String
        var Digits: Int
        var Period: Int
        var UserName: String?
        var EnableDate: Double?
        var Assigned: Bool

        init(_ device: MFADevice) {
            SerialNumber = device.serialNumber
            Algorithm = device.algorithm
            Digits = device.digits
            Period = device.period
            UserName = device.assignment?.userName
            EnableDate = device.assignment?.enableDate.timeIntervalSince1970
            Assigned = device.assignment != nil
        }
    }

    /// AWS JSON services answer an unreadable body with SerializationException and a missing
    /// member with ValidationException.
    static func decode<T: Decodable>(_ type: T.Type, _ body: [UInt8]) throws(AWSError) -> T {
        do {
            return try JSONDecoder().decode(type, from: Data(body.isEmpty ? Array("{}".utf8) : body))
        } catch DecodingError.keyNotFound(let key, _) {
            throw AWSError(
                code: "ValidationException", message: "1 validation error detected: \(key.stringValue) is required",
                httpStatus: 400)
        } catch {
            throw AWSError(
                code: "SerializationException", message: "The request body is not valid JSON for this operation.",
                httpStatus: 400)
        }
    }

    static func encode<T: Encodable>(_ value: T) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return Array(try encoder.encode(value))
    }
}
