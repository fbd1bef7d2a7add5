/// The request context that conditions and policy variables read. Key names are case-insensitive, as IAM
/// documents for condition keys; values keep their case.
public struct ConditionContext: Sendable, Equatable {
    private struct Entry: Sendable, Equatable {
        var key: ContextKey
        var value: ContextValue
    }

    /// Ordered by key digest. A request carries a few dozen keys at most, and a binary search over
    /// precomputed digests is several times cheaper per lookup than hashing into a Dictionary.
    private var entries: [Entry] = []

    public init(_ values: [String: ContextValue] = [:]) {
        entries.reserveCapacity(values.count)
        for (key, value) in values { set(key, value) }
    }

    public subscript(key: String) -> ContextValue? { value(ContextKey(key)) }

    /// Every key (as it was spelled when set) with its values, in name order: what an encoded
    /// authorization message reports of a request.
    public var keyValues: [(key: String, values: [String])] {
        entries.map { entry -> (key: String, values: [String]) in
            switch entry.value {
            case .string(let value): (entry.key.name, [value])
            case .strings(let values): (entry.key.name, values)
            }
        }.sorted { $0.key < $1.key }
    }

    /// Sets or, with nil, removes a key.
    public mutating func set(_ key: String, _ value: ContextValue?) {
        set(ContextKey(key), value)
    }

    /// Sets or, with nil, removes a key prepared in advance.
    public mutating func set(_ key: ContextKey, _ value: ContextValue?) {
        let position = firstPosition(for: key.digest)
        var index = position
        while index < entries.count, entries[index].key.digest == key.digest {
            if entries[index].key == key {
                if let value {
                    entries[index].value = value
                } else {
                    entries.remove(at: index)
                }
                return
            }
            index += 1
        }
        if let value { entries.insert(Entry(key: key, value: value), at: index) }
    }

    /// Lookup with a key the compiler prepared.
    func value(_ key: ContextKey) -> ContextValue? {
        var index = firstPosition(for: key.digest)
        while index < entries.count, entries[index].key.digest == key.digest {
            if entries[index].key.name == key.name { return entries[index].value }
            index += 1
        }
        return nil
    }

    /// The first entry whose digest is not below `digest`.
    private func firstPosition(for digest: Int) -> Int {
        var low = 0
        var high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle].key.digest < digest {
                low = middle + 1
            } else {
                high = middle
            }
        }
        return low
    }
}
