/// One of the eight data mask patterns (ISO/IEC 18004 Table 10). Masking breaks up patterns in the data that a
/// reader could mistake for function patterns, and evens out dark and light.
struct QRMask: Sendable, Equatable {
    static let all = (0..<8).map(QRMask.init(pattern:))

    /// The pattern reference written into the format information, 0...7.
    let pattern: Int

    init(pattern: Int) {
        precondition((0..<8).contains(pattern), "QR mask patterns are 0 to 7")
        self.pattern = pattern
    }

    /// Whether the module in column `x`, row `y` is inverted; the standard writes the conditions with i = row and
    /// j = column.
    func inverts(x j: Int, y i: Int) -> Bool {
        switch pattern {
        case 0: (i + j) % 2 == 0
        case 1: i % 2 == 0
        case 2: j % 3 == 0
        case 3: (i + j) % 3 == 0
        case 4: (i / 2 + j / 3) % 2 == 0
        case 5: (i * j) % 2 + (i * j) % 3 == 0
        case 6: ((i * j) % 2 + (i * j) % 3) % 2 == 0
        default: ((i + j) % 2 + (i * j) % 3) % 2 == 0
        }
    }
}
