/// The 15-bit format information: error correction level and mask, protected by a BCH(15, 5) code and XORed
/// with 0x5412 so that it is never all light (ISO/IEC 18004 section 7.9).
enum QRFormatInformation {
    static func bits(errorCorrection: QRErrorCorrection, mask: Int) -> Int {
        let data = errorCorrection.formatBits << 3 | mask
        return (data << 10 | BCH.remainder(data << 10, generator: 0b101_0011_0111)) ^ 0b101_0100_0001_0010
    }
}
