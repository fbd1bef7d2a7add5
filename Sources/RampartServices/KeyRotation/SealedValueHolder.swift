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
        EventConnection.self, SealedDataKey.self, RetiredSessionKey.self,
    ]
}

extension AccessKey: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> AccessKey? {
        guard let value = try transform(sealedSecret, AccessKeyMaterial.sealingContext(id)) else { return nil }
        var copy = self
        copy.sealedSecret = value
        return copy
    }
}

extension MFADevice: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> MFADevice? {
        let context = Self.sealingContext(account: account, serialNumber: serialNumber)
        guard let value = try transform(sealedSeed, context) else { return nil }
        var copy = self
        copy.sealedSeed = value
        return copy
    }
}

extension ServerCertificate: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> ServerCertificate? {
        guard let value = try transform(sealedPrivateKey, Self.sealingContext(account: account, id: id)) else {
            return nil
        }
        var copy = self
        copy.sealedPrivateKey = value
        return copy
    }
}

extension ServiceSpecificCredential: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> ServiceSpecificCredential? {
        guard let value = try transform(sealedSecret, Self.sealingContext(account: account, id: id)) else {
            return nil
        }
        var copy = self
        copy.sealedSecret = value
        return copy
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

extension EventConnection: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> EventConnection? {
        guard let value = try transform(sealedSecret, Self.secretContext(account, name, id)) else {
            return nil
        }
        var copy = self
        copy.sealedSecret = value
        return copy
    }
}

extension SealedDataKey: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> SealedDataKey? {
        guard let value = try transform(sealed, Self.sealingContext(purpose)) else { return nil }
        var copy = self
        copy.sealed = value
        return copy
    }
}

extension RetiredSessionKey: SealedValueHolder {
    func resealing(_ transform: ([UInt8], String) throws -> [UInt8]?) rethrows -> RetiredSessionKey? {
        guard let value = try transform(sealed, Self.sealingContext(masterKeyId)) else { return nil }
        var copy = self
        copy.sealed = value
        return copy
    }
}
