import RampartCore
import RampartServices

/// An API error in words a person understands on their own pages: what happened and what to do. A
/// refusal still names the permission (an administrator needs it to help) but not the ARNs and policy
/// jargon of AWS's message.
enum PlainRefusal {
    static func message(_ error: AWSError, account: AccountID) -> String {
        switch error.code {
        case "AccessDenied":
            let action = permission(in: error.message)
            let what = action.map { "your permissions do not include \($0)" } ?? "your permissions do not allow it"
            let explicit =
                error.message.contains("explicit deny")
                ? " (an explicit deny in one of your policies refuses it)" : ""
            return "You cannot do this: \(what)\(explicit). Ask an administrator of account "
                + "\(account.rawValue) to allow \(action ?? "it") for you."
        case "NoSuchEntity":
            // AWS's message names what is missing, which is what the person needs to know.
            return error.message + " Reload the page to see how things are now."
        case "LimitExceeded":
            return "You already have as many MFA devices as allowed (\(Limits.mfaDevicesInUse)). Remove one you "
                + "no longer use, then add the new one."
        case "InvalidAuthenticationCode":
            return "Those codes are not valid. Enter two codes in a row from the device, waiting for the second."
        case "PasswordPolicyViolation":
            return "The new password does not meet the account's password rules (listed under the field): "
                + error.message
        case "EntityTemporarilyUnmodifiable":
            return "This cannot be changed right now. Wait a minute, then try again."
        default:
            return error.message
        }
    }

    /// "iam:ListMFADevices" from "… is not authorized to perform: iam:ListMFADevices on resource: …".
    static func permission(in message: String) -> String? {
        guard let range = message.range(of: "perform: ") else { return nil }
        let rest = message[range.upperBound...]
        let action = rest.prefix { !$0.isWhitespace }
        return action.isEmpty ? nil : String(action)
    }

}
