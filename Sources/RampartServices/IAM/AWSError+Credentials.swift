import RampartCore

// The IAM model's errors of SSH keys, certificates and service-specific credentials, with the
// statuses its error traits give them.
extension AWSError {
    static func duplicateSSHPublicKey(_ message: String) -> AWSError {
        AWSError(code: "DuplicateSSHPublicKey", message: message)
    }
    static func invalidPublicKey(_ message: String) -> AWSError {
        AWSError(code: "InvalidPublicKey", message: message)
    }
    static func unrecognizedPublicKeyEncoding(_ message: String) -> AWSError {
        AWSError(code: "UnrecognizedPublicKeyEncoding", message: message)
    }
    static func malformedCertificate(_ message: String) -> AWSError {
        AWSError(code: "MalformedCertificate", message: message)
    }
    static func invalidCertificate(_ message: String) -> AWSError {
        AWSError(code: "InvalidCertificate", message: message)
    }
    static func duplicateCertificate(_ message: String) -> AWSError {
        AWSError(code: "DuplicateCertificate", message: message, httpStatus: 409)
    }
    static func keyPairMismatch(_ message: String) -> AWSError {
        AWSError(code: "KeyPairMismatch", message: message)
    }
    static func serviceNotSupported(_ message: String) -> AWSError {
        AWSError(code: "NotSupportedService", message: message, httpStatus: 404)
    }
}

extension IAMService {
    /// Active or Inactive; `Expired` is the model's third status, which only time sets.
    func settableStatus(_ raw: String) throws(AWSError) -> CredentialStatus {
        guard let status = CredentialStatus(rawValue: raw) else {
            throw AWSError.invalidInput("Status \(raw) is not valid: a credential can only be set Active or Inactive.")
        }
        return status
    }

    /// `length` upper-case letters and digits from AWS's id alphabet, for ids without a prefix.
    static func plainID(length: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let characters = (0..<length).map { _ in
            UniqueID.alphabet[Int(generator.next() % UInt64(UniqueID.alphabet.count))]
        }
        return String(decoding: characters, as: UTF8.self)
    }
}
