import RampartStore

/// One record holding sealed values: what a rotation batch re-seals.
struct SealedValueLocation: Hashable, Sendable {
    let kind: RecordKind
    let key: String

    /// Every record with a value not yet sealed under the box's primary key.
    static func pending(in snapshot: StoreSnapshot, secrets: SecretBox) -> [SealedValueLocation] {
        SealedValueHolders.all.flatMap { pending($0, in: snapshot, secrets: secrets) }
    }

    private static func pending<R: SealedValueHolder>(
        _ type: R.Type, in snapshot: StoreSnapshot, secrets: SecretBox
    ) -> [SealedValueLocation] {
        snapshot.all(type).compactMap { record in
            let stale = record.resealing { sealed, _ in
                sealed.isEmpty || secrets.isSealedWithPrimary(sealed) ? nil : sealed
            }
            return stale == nil ? nil : SealedValueLocation(kind: R.kind, key: record.recordKey)
        }
    }

    /// Re-seals this record's stale values in `tx`, reading the record as the transaction sees it
    /// (a request may have changed it since the scan). Counts values moved and values that no key opens.
    func reseal(in tx: inout StoreTransaction, secrets: SecretBox) -> (resealed: Int, unopenable: Int) {
        guard let type = SealedValueHolders.all.first(where: { $0.kind == kind }) else { return (0, 0) }
        return Self.reseal(type, key, in: &tx, secrets: secrets)
    }

    private static func reseal<R: SealedValueHolder>(
        _ type: R.Type, _ key: String, in tx: inout StoreTransaction, secrets: SecretBox
    ) -> (resealed: Int, unopenable: Int) {
        guard let record = tx.get(type, key) else { return (0, 0) }
        var resealed = 0
        var unopenable = 0
        let updated = record.resealing { sealed, context in
            if sealed.isEmpty || secrets.isSealedWithPrimary(sealed) { return nil }
            guard let value = try? secrets.resealed(sealed, boundTo: context) else {
                unopenable += 1
                return nil
            }
            resealed += 1
            return value
        }
        if let updated { tx.put(updated) }
        return (resealed, unopenable)
    }
}
