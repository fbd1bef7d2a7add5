import RampartCore
import RampartServices

/// An API error in words a person understands, on every console page: what was refused, why, and who
/// can change it. A refusal still names the permission (whoever helps needs it) but not the ARNs and
/// policy jargon of AWS's message. Refusals that are already in words (a wrong current password) are
/// shown as they are: only a policy's refusal is rewritten.
enum PlainRefusal {
    static func message(_ error: AWSError, principal: Principal) -> String {
        switch error.code {
        case "AccessDenied":
            guard let refusal = PolicyRefusal(error.message) else { return error.message }
            return refusal.words(for: principal)
        case "NoSuchEntity":
            // AWS's message names what is missing, which is what the person needs to know.
            return error.message + " Reload the page to see how things are now."
        case "LimitExceeded" where error.message.contains("MFADevicesPerUser"):
            return "You already have as many MFA devices as allowed (\(Limits.mfaDevicesInUse)). Remove one you "
                + "no longer use, then add the new one."
        case "LimitExceeded" where error.message.contains("AccessKeysPerUser"):
            return "You already have as many access keys as allowed (\(Limits.accessKeysPerUser)). Delete one "
                + "you no longer use, then create the new one."
        case "InvalidAuthenticationCode":
            return "Those codes are not valid. Enter two codes in a row from the device, waiting for the second."
        case "PasswordPolicyViolation":
            // The message names the rule that failed; the list beside the field shows them all.
            let sentence = error.message.hasSuffix(".") ? error.message : error.message + "."
            return sentence + " The rules are listed under the password field."
        case "EntityTemporarilyUnmodifiable":
            return "This cannot be changed right now. Wait a minute, then try again."
        default:
            return error.message
        }
    }
}
