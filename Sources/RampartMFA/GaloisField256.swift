/// Arithmetic in GF(2^8) as QR codes define it: polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11D), generator α = 2.
struct GaloisField256: Sendable {
    /// exp[i] = α^i for i in 0..<255, repeated once so a sum of two logarithms indexes it without a modulo.
    private let exp: [UInt8]
    /// log[x] for x in 1...255; log[0] is unused because zero has no logarithm.
    private let log: [Int]

    init() {
        var exp = [UInt8](repeating: 0, count: 510)
        var log = [Int](repeating: 0, count: 256)
        var value = 1
        for power in 0..<255 {
            exp[power] = UInt8(value)
            exp[power + 255] = UInt8(value)
            log[value] = power
            value <<= 1
            if value & 0x100 != 0 { value ^= 0x11D }
        }
        self.exp = exp
        self.log = log
    }

    func multiply(_ lhs: UInt8, _ rhs: UInt8) -> UInt8 {
        guard lhs != 0, rhs != 0 else { return 0 }
        return exp[log[Int(lhs)] + log[Int(rhs)]]
    }

    /// α^power for power ≥ 0.
    func power(_ power: Int) -> UInt8 {
        exp[power % 255]
    }
}
