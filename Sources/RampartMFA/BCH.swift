/// Polynomial division over GF(2), the arithmetic of the BCH codes above.
enum BCH {
    /// The remainder of `value` divided by `generator`, both read as polynomials with bit i the coefficient of x^i.
    static func remainder(_ value: Int, generator: Int) -> Int {
        let degree = Int.bitWidth - generator.leadingZeroBitCount - 1
        var remainder = value
        while remainder != 0, Int.bitWidth - remainder.leadingZeroBitCount - 1 >= degree {
            remainder ^= generator << (Int.bitWidth - remainder.leadingZeroBitCount - 1 - degree)
        }
        return remainder
    }
}
