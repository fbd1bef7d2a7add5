/// Bytes from the system's cryptographically secure generator: seeds, salts, challenges, bearer tokens.
public enum RandomBytes {
    /// Eight bytes per draw: on Linux every draw of the system generator is a `getrandom` call, so
    /// drawing byte by byte cost one system call per byte.
    public static func make(_ count: Int) -> [UInt8] {
        var generator = SystemRandomNumberGenerator()
        var bytes = [UInt8]()
        bytes.reserveCapacity(count + 7)
        while bytes.count < count {
            withUnsafeBytes(of: generator.next()) { bytes.append(contentsOf: $0) }
        }
        bytes.removeLast(bytes.count - count)
        return bytes
    }
}
