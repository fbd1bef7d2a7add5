/// How much of a QR symbol may be lost and still read back: about 7%, 15%, 25% and 30% of the codewords.
public enum QRErrorCorrection: Sendable, CaseIterable {
    case low, medium, quartile, high

    /// The two bits the format information carries for this level (ISO/IEC 18004 Table 12); they are not in the
    /// order of strength.
    var formatBits: Int {
        switch self {
        case .low: 0b01
        case .medium: 0b00
        case .quartile: 0b11
        case .high: 0b10
        }
    }

    /// The row of this level in `QRTables`.
    var tableIndex: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .quartile: 2
        case .high: 3
        }
    }
}
