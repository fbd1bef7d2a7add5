/// Fields framed as their UTF-8 length, a colon and their bytes (`5:hello`): what the trail's hashes
/// and digest signatures cover, so that no choice of values can make two different field lists read
/// alike.
struct LengthPrefixed {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func append(_ field: String) {
        bytes.append(contentsOf: String(field.utf8.count).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: field.utf8)
    }
}
