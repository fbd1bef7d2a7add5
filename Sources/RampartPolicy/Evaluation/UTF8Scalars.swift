/// Just enough UTF-8 structure for `?` to match one character rather than one byte.
enum UTF8Scalars {
    /// False for continuation bytes (10xxxxxx), which never begin a character.
    @inline(__always)
    static func isStart(_ byte: UInt8) -> Bool { byte & 0xC0 != 0x80 }

    /// Bytes in the character starting at `index`, clamped to the buffer (malformed input counts bytewise).
    @inline(__always)
    static func length(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int {
        let lead = bytes[index]
        var length = 1
        if lead >= 0xF0 {
            length = 4
        } else if lead >= 0xE0 {
            length = 3
        } else if lead >= 0xC0 {
            length = 2
        }
        var end = index + 1
        while end < bytes.count, end < index + length, !isStart(bytes[end]) { end += 1 }
        return end - index
    }
}
