import Foundation
import RampartServices

/// A code that was refused, said on the page the browser is sent back to: a failed code redirects
/// (`/console/mfa?failed=code`), so that reloading the page asks again instead of posting the same
/// code a second time (and counting a second failure). Only these names are read from the query.
enum FailedCodeNotice: String {
    case code
    case recoveryCode = "recovery-code"
    case throttled

    init?(_ failure: SignInFailure) {
        switch failure {
        case .invalidCode: self = .code
        case .invalidRecoveryCode: self = .recoveryCode
        case .throttled: self = .throttled
        default: return nil
        }
    }

    init?(query: String) {
        guard let value = PageQuery.value("failed", in: query) else { return nil }
        self.init(rawValue: value)
    }

    func location(_ path: String) -> String { "\(path)\(path.contains("?") ? "&" : "?")failed=\(rawValue)" }

    /// The notice in words; a lockout says how long it has left (`lockoutEnds`, read from the lockout's
    /// own state when the page is shown, never from the query).
    func message(lockoutEnds end: Date?, now: Date) -> String {
        switch self {
        case .code: SignInFailure.invalidCode.message
        case .recoveryCode: SignInFailure.invalidRecoveryCode.message
        case .throttled:
            end.map {
                "Too many failed attempts. Codes are refused for \(AdminTime.until($0, now: now)); try again "
                    + "after that."
            } ?? "Too many failed attempts earlier. That lockout is over: try again."
        }
    }
}
