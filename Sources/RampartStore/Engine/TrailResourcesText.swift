import RampartCore

/// An event's resources as one column of text, in both engines: type and name separated by U+001F,
/// resources by U+001E (IAM and Organizations names cannot contain control characters).
package enum TrailResourcesText {
    package static func encode(_ resources: [TrailResource]) -> String {
        resources.map { $0.type + "\u{1F}" + $0.name }.joined(separator: "\u{1E}")
    }

    package static func decode(_ text: String) -> [TrailResource] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "\u{1E}", omittingEmptySubsequences: false).map { pair in
            let parts = pair.split(separator: "\u{1F}", maxSplits: 1, omittingEmptySubsequences: false)
            return TrailResource(type: String(parts[0]), name: parts.count > 1 ? String(parts[1]) : "")
        }
    }
}
