import RampartCore
import RampartServices
import RampartWire

/// The one rule for the names of MFA devices the console takes (authenticator apps and passkeys): the
/// API's own, as CreateVirtualMFADevice's generated validation applies it, because a name becomes part of
/// a serial number that GetSessionToken and the other SerialNumber members check with the same characters.
enum DeviceNameRule {
    /// For the `pattern` attribute, which Chromium compiles with the `v` flag: there a `-` in a class must
    /// be escaped, and `\w` is ASCII as in the API's (Java) pattern.
    static let htmlPattern = #"[\w+=,.@\-]+"#

    static let explanation = "Use letters, digits and + = , . @ _ - only (no spaces)"

    /// Throws the person-readable InvalidInput when the API would refuse `name` as a VirtualMFADeviceName,
    /// or when it is longer than `maxLength`.
    static func check(_ name: String, maxLength: Int = 226) throws(AWSError) {
        let valid =
            (try? IAM.CreateVirtualMFADeviceRequest(query: QueryInput(parameters: ["VirtualMFADeviceName": name])))
            != nil
        guard valid, name.utf8.count <= maxLength else {
            throw AWSError.invalidInput("\(explanation), at most \(maxLength) characters.")
        }
    }
}
