/// How a symbol's codewords divide into error correction blocks.
///
/// The standard's Table 9 lists two groups per symbol; the blocks of the second (if any) carry one data codeword
/// more than those of the first. Given the total codewords the geometry leaves, the number of blocks and the
/// error correction codewords per block, both groups follow.
struct QRBlockStructure: Sendable, Equatable {
    /// Codewords, data and error correction together, that fit in the symbol.
    let totalCodewords: Int
    let blockCount: Int
    let errorCorrectionPerBlock: Int

    init(version: Int, errorCorrection: QRErrorCorrection, totalCodewords: Int) {
        self.totalCodewords = totalCodewords
        blockCount = QRTables.blockCount[errorCorrection.tableIndex][version]
        errorCorrectionPerBlock = QRTables.errorCorrectionCodewordsPerBlock[errorCorrection.tableIndex][version]
    }

    var dataCodewords: Int { totalCodewords - blockCount * errorCorrectionPerBlock }

    /// Blocks of the first group, which come first and are one data codeword shorter.
    var shortBlockCount: Int { blockCount - totalCodewords % blockCount }

    var shortBlockDataLength: Int { totalCodewords / blockCount - errorCorrectionPerBlock }

    /// Data codewords of each block in order.
    var dataLengths: [Int] {
        (0..<blockCount).map { $0 < shortBlockCount ? shortBlockDataLength : shortBlockDataLength + 1 }
    }
}
