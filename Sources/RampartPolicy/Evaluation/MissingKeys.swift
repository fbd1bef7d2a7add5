/// Context keys that applicable statements read and the request lacked, each once, in first-seen order.
struct MissingKeys {
    private(set) var keys: [String] = []

    mutating func record(_ key: String) {
        // Few keys go missing per request, so a linear scan beats hashing here.
        if !keys.contains(where: { CaseFolding.equal($0, key) }) { keys.append(key) }
    }
}
