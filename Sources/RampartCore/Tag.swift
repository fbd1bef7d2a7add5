/// A key/value tag on an IAM resource. Keys compare case-insensitively for uniqueness, as in IAM.
public struct Tag: Codable, Sendable, Hashable {
    public var key: String
    public var value: String
    public init(key: String, value: String) {
        self.key = key
        self.value = value
    }
}

extension Array where Element == Tag {
    /// Adds or replaces tags by key (case-insensitive), keeping the caller's spelling of the key.
    public func merging(_ new: [Tag]) -> [Tag] {
        var result = self
        for tag in new {
            if let index = result.firstIndex(where: { $0.key.lowercased() == tag.key.lowercased() }) {
                result[index] = tag
            } else {
                result.append(tag)
            }
        }
        return result
    }

    public func removing(keys: [String]) -> [Tag] {
        let lowered = Set(keys.map { $0.lowercased() })
        return filter { !lowered.contains($0.key.lowercased()) }
    }
}
