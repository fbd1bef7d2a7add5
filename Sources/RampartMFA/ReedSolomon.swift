/// The Reed–Solomon error correction codewords QR codes append to each block of data.
struct ReedSolomon: Sendable {
    private let field: GaloisField256
    /// Coefficients of the generator polynomial ∏(x - α^i) for i in 0..<degree, highest power first, without the
    /// leading 1.
    private let generator: [UInt8]

    init(degree: Int, field: GaloisField256 = GaloisField256()) {
        self.field = field
        // Start from the polynomial 1 and multiply in one (x + α^i) at a time (minus is plus in GF(2^8)).
        var polynomial: [UInt8] = [1]
        for root in 0..<degree {
            var product = [UInt8](repeating: 0, count: polynomial.count + 1)
            for (index, coefficient) in polynomial.enumerated() {
                product[index] ^= coefficient
                product[index + 1] ^= field.multiply(coefficient, field.power(root))
            }
            polynomial = product
        }
        self.generator = Array(polynomial.dropFirst())
    }

    /// The remainder of data(x) · x^degree divided by the generator: the codewords to append to `data`.
    func errorCorrection(for data: [UInt8]) -> [UInt8] {
        // Long division, keeping only the running remainder (a shift register of `degree` bytes).
        var remainder = [UInt8](repeating: 0, count: generator.count)
        for byte in data {
            let factor = byte ^ remainder[0]
            remainder.removeFirst()
            remainder.append(0)
            for index in remainder.indices {
                remainder[index] ^= field.multiply(generator[index], factor)
            }
        }
        return remainder
    }
}
