import RampartCore
import RampartStore

/// A record that holds values sealed with the `SecretBox`, each with the context it is bound to:
/// what a master-key rotation walks. A new record type holding a sealed value must conform and be
/// listed in `SealedValueHolders.all`, or a rotation would leave its values under a retired key.
protocol SealedValueHolder: Record {
    /// This record with each sealed value replaced by what `transform` returns for it (nil keeps
    /// the value); nil when no value changed.
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> Self?
}

enum SealedValueHolders {
    static let all: [any SealedValueHolder.Type] = [
        AccessKey.self, MFADevice.self, ServerCertificate.self, ServiceSpecificCredential.self, SAMLProvider.self,
        EventConnection.self, SealedDataKey.self, RetiredSessionKey.self, OutboundFederation.self,
    ]
}

extension SealedValueHolder {
    /// `resealing` for a record with one sealed value, at `path`, bound to `context`.
    func resealing(
        _ path: WritableKeyPath<Self, [UInt8]>, boundTo context: String,
        _ transform: ([UInt8], String) throws -> [UInt8]?
    ) rethrows -> Self? {
        guard let value = try transform(self[keyPath: path], context) else { return nil }
        var copy = self
        copy[keyPath: path] = value
        return copy
    }
}

extension AccessKey: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> AccessKey? {
        try resealing(\.sealedSecret, boundTo: AccessKeyMaterial.sealingContext(id), transform)
    }
}

extension MFADevice: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> MFADevice? {
        try resealing(
            \.sealedSeed, boundTo: Self.sealingContext(account: account, serialNumber: serialNumber), transform)
    }
}

extension ServerCertificate: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> ServerCertificate? {
        try resealing(\.sealedPrivateKey, boundTo: Self.sealingContext(account: account, id: id), transform)
    }
}

extension ServiceSpecificCredential: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> ServiceSpecificCredential? {
        try resealing(\.sealedSecret, boundTo: Self.sealingContext(account: account, id: id), transform)
    }
}

extension SAMLProvider: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> SAMLProvider? {
        var copy = self
        var changed = false
        for index in privateKeys.indices {
            let key = privateKeys[index]
            let context = Self.sealingContext(account: account, name: name, keyId: key.keyId)
            if let value = try transform(key.sealedKey, context) {
                copy.privateKeys[index].sealedKey = value
                changed = true
            }
        }
        return changed ? copy : nil
    }
}

extension OutboundFederation: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> OutboundFederation? {
        var copy = self
        var changed = false
        for index in signingKeys.indices {
            let key = signingKeys[index]
            let context = OutboundSigningKey.sealingContext(account: account, keyId: key.keyId)
            if let value = try transform(key.sealedPrivateKey, context) {
                copy.signingKeys[index].sealedPrivateKey = value
                changed = true
            }
        }
        return changed ? copy : nil
    }
}

extension EventConnection: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> EventConnection? {
        try resealing(\.sealedSecret, boundTo: Self.secretContext(account, name, id), transform)
    }
}

extension SealedDataKey: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> SealedDataKey? {
        try resealing(\.sealed, boundTo: Self.sealingContext(purpose), transform)
    }
}

extension RetiredSessionKey: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> RetiredSessionKey? {
        try resealing(\.sealed, boundTo: Self.sealingContext(masterKeyId), transform)
    }
}
