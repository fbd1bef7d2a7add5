/// A symbol under construction: its modules (true = dark) and which of them belong to function patterns, which
/// the version alone fixes and which are never masked nor carry data.
struct QRMatrixBuilder: Sendable {
    let version: Int
    let size: Int
    private(set) var modules: [Bool]
    private(set) var isFunction: [Bool]

    /// A symbol with every function pattern drawn and the areas of the format information, the dark module and the
    /// version information reserved.
    init(version: Int) {
        precondition((1...40).contains(version), "QR versions are 1 to 40")
        self.version = version
        size = 17 + 4 * version
        modules = Array(repeating: false, count: size * size)
        isFunction = Array(repeating: false, count: size * size)
        drawTimingPatterns()
        // After the timing patterns, which the finders' separators interrupt.
        drawFinderPattern(centerX: 3, centerY: 3)
        drawFinderPattern(centerX: size - 4, centerY: 3)
        drawFinderPattern(centerX: 3, centerY: size - 4)
        drawAlignmentPatterns()
        // Reserved, light, so data placement skips them; they are drawn once the mask is chosen, which the standard
        // does only after masking, so the penalty scores do not see them.
        drawFormatInformation(0)
        setFunction(x: 8, y: size - 8, dark: false)
        if version >= 7 { drawVersionInformation(0) }
    }

    /// Modules left for data and error correction codewords (the remainder of a division by 8 stays unused).
    var dataModuleCount: Int { isFunction.count { !$0 } }

    /// Lays the codewords' bits, most significant first, in two-module-wide columns that zigzag up and down from
    /// the bottom right corner, skipping function modules and the vertical timing pattern's column entirely.
    mutating func placeCodewords(_ codewords: [UInt8]) {
        var bitIndex = 0
        let bitCount = codewords.count * 8
        var right = size - 1
        var upward = true
        while right > 0 {
            if right == 6 { right = 5 }
            for offset in 0..<size {
                let y = upward ? size - 1 - offset : offset
                for x in [right, right - 1] where !isFunction[y * size + x] {
                    // Remainder bits past the last codeword stay light, as the standard requires.
                    if bitIndex < bitCount {
                        modules[y * size + x] = codewords[bitIndex / 8] & (0x80 >> UInt8(bitIndex % 8)) != 0
                    }
                    bitIndex += 1
                }
            }
            upward.toggle()
            right -= 2
        }
    }

    /// Inverts the data modules `mask` selects; applying the same mask twice undoes it.
    mutating func applyMask(_ mask: QRMask) {
        for y in 0..<size {
            for x in 0..<size where !isFunction[y * size + x] && mask.inverts(x: x, y: y) {
                modules[y * size + x].toggle()
            }
        }
    }

    /// The last step: format information, the dark module beside it, and version information from version 7 up.
    mutating func drawFormatAndVersionInformation(errorCorrection: QRErrorCorrection, mask: QRMask) {
        drawFormatInformation(QRFormatInformation.bits(errorCorrection: errorCorrection, mask: mask.pattern))
        setFunction(x: 8, y: size - 8, dark: true)
        if version >= 7 { drawVersionInformation(QRVersionInformation.bits(version: version)) }
    }

    /// Two copies of the 15 bits: one around the top left finder, one split between the other two finders. Bit 0
    /// is the least significant.
    private mutating func drawFormatInformation(_ bits: Int) {
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }
        // Down column 8 beside the top left finder (skipping the timing row), then left along row 8.
        for index in 0...5 { setFunction(x: 8, y: index, dark: bit(index)) }
        setFunction(x: 8, y: 7, dark: bit(6))
        setFunction(x: 8, y: 8, dark: bit(7))
        setFunction(x: 7, y: 8, dark: bit(8))
        for index in 9..<15 { setFunction(x: 14 - index, y: 8, dark: bit(index)) }
        // Bits 0 to 7 along row 8 under the top right finder, right to left; 8 to 14 down column 8 beside the
        // bottom left one.
        for index in 0..<8 { setFunction(x: size - 1 - index, y: 8, dark: bit(index)) }
        for index in 8..<15 { setFunction(x: 8, y: size - 15 + index, dark: bit(index)) }
    }

    /// Two 6 × 3 copies of the 18 bits, above the bottom left finder and left of the top right one, each the other
    /// transposed.
    private mutating func drawVersionInformation(_ bits: Int) {
        for index in 0..<18 {
            let dark = (bits >> index) & 1 == 1
            let across = index / 3
            let along = size - 11 + index % 3
            setFunction(x: along, y: across, dark: dark)
            setFunction(x: across, y: along, dark: dark)
        }
    }

    /// Alternating modules along row 6 and column 6, dark at both ends.
    private mutating func drawTimingPatterns() {
        for index in 0..<size {
            setFunction(x: 6, y: index, dark: index % 2 == 0)
            setFunction(x: index, y: 6, dark: index % 2 == 0)
        }
    }

    /// The 7 × 7 finder (dark centre 3 × 3, light ring, dark ring) with its one-module light separator, clipped at
    /// the symbol's edge.
    private mutating func drawFinderPattern(centerX: Int, centerY: Int) {
        for dy in -4...4 {
            for dx in -4...4 {
                let x = centerX + dx
                let y = centerY + dy
                guard (0..<size).contains(x), (0..<size).contains(y) else { continue }
                let ring = max(abs(dx), abs(dy))
                setFunction(x: x, y: y, dark: ring != 2 && ring != 4)
            }
        }
    }

    /// 5 × 5 patterns (dark centre, light ring, dark ring) at every pair of the version's centre coordinates except
    /// the three that would overlap a finder.
    private mutating func drawAlignmentPatterns() {
        let centers = QRTables.alignmentPatternCenters(version: version)
        guard let first = centers.first, let last = centers.last else { return }
        for centerY in centers {
            for centerX in centers {
                let nearFinder =
                    (centerX == first && centerY == first) || (centerX == first && centerY == last)
                    || (centerX == last && centerY == first)
                if nearFinder { continue }
                for dy in -2...2 {
                    for dx in -2...2 {
                        setFunction(x: centerX + dx, y: centerY + dy, dark: max(abs(dx), abs(dy)) != 1)
                    }
                }
            }
        }
    }

    private mutating func setFunction(x: Int, y: Int, dark: Bool) {
        modules[y * size + x] = dark
        isFunction[y * size + x] = true
    }
}
