/// Writes one JSON object member by member, as `TrailValue.members(...).json` would render it
/// (absent members left out), without building the value first. Keys are the writer's own
/// literals and written as they are.
public struct TrailObjectWriter {
    private var bytes: [UInt8]
    private var empty = true

    public init(capacity: Int) {
        bytes = []
        bytes.reserveCapacity(capacity)
        bytes.append(UInt8(ascii: "{"))
    }

    private mutating func key(_ key: StaticString) {
        if !empty { bytes.append(UInt8(ascii: ",")) }
        empty = false
        bytes.append(UInt8(ascii: "\""))
        key.withUTF8Buffer { bytes.append(contentsOf: $0) }
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    public mutating func member(_ name: StaticString, _ text: String?) {
        guard let text else { return }
        key(name)
        TrailValue.writeString(text, into: &bytes)
    }

    public mutating func member(_ name: StaticString, _ value: TrailValue?) {
        guard let value else { return }
        key(name)
        value.write(into: &bytes)
    }

    public mutating func member(_ name: StaticString, _ flag: Bool) {
        key(name)
        bytes.append(contentsOf: (flag ? "true" : "false").utf8)
    }

    public mutating func finish() -> String {
        bytes.append(UInt8(ascii: "}"))
        return String(decoding: bytes, as: UTF8.self)
    }
}
