/// Boolean context values, which IAM reads without regard to case ("TRUE" is true).
enum RequestBool {
    static func parse(_ text: String) -> Bool? {
        var text = text
        return text.withUTF8 { bytes in
            if bytes.count == 4, equalsFolded(bytes, "true") { return true }
            if bytes.count == 5, equalsFolded(bytes, "false") { return false }
            return nil
        }
    }

    private static func equalsFolded(_ bytes: UnsafeBufferPointer<UInt8>, _ word: StaticString) -> Bool {
        var index = 0
        for byte in bytes {
            guard GlobMatcher.fold(byte) == word.utf8Start[index] else { return false }
            index += 1
        }
        return true
    }
}
