/// The 18-bit version information of versions 7 and up: the version number protected by a BCH(18, 6) code
/// (ISO/IEC 18004 section 7.10). Smaller symbols have none; their version shows in their size.
enum QRVersionInformation {
    static func bits(version: Int) -> Int {
        version << 12 | BCH.remainder(version << 12, generator: 0b1_1111_0010_0101)
    }
}
