/// A QR code symbol (ISO/IEC 18004, model 2), encoded in byte mode: what an authenticator app scans to learn an
/// otpauth URI.
public struct QRCode: Sendable, Equatable {
    /// 1...40.
    public let version: Int
    /// Modules per side: 17 + 4 × version.
    public let size: Int
    /// Row-major, true = dark module.
    public let modules: [Bool]
    public let errorCorrection: QRErrorCorrection
    /// The data mask pattern, 0...7, for tests comparing against other encoders.
    let mask: Int

    /// The module in column `x`, row `y`, both counted from the top left.
    public subscript(x: Int, y: Int) -> Bool {
        modules[y * size + x]
    }

    /// Byte mode (the bytes as given, no ECI header), smallest version that fits, mask chosen by the standard
    /// penalty rules.
    public static func encode(_ bytes: [UInt8], errorCorrection: QRErrorCorrection = .medium) throws(QRCodeError)
        -> QRCode
    {
        try encode(bytes, errorCorrection: errorCorrection, version: nil, mask: nil)
    }

    /// The text's UTF-8 bytes in byte mode; readers take byte-mode data as UTF-8 when it is valid UTF-8.
    public static func encode(_ text: String, errorCorrection: QRErrorCorrection = .medium) throws(QRCodeError)
        -> QRCode
    {
        try encode(Array(text.utf8), errorCorrection: errorCorrection)
    }

    /// As the public `encode`, with the version and the mask optionally forced (tests compare against other
    /// encoders' symbols). A forced version too small for the data throws `tooLong`.
    static func encode(_ bytes: [UInt8], errorCorrection: QRErrorCorrection, version: Int?, mask: Int?)
        throws(QRCodeError) -> QRCode
    {
        for candidate in version.map({ [$0] }) ?? Array(1...40) {
            var builder = QRMatrixBuilder(version: candidate)
            let structure = QRBlockStructure(
                version: candidate, errorCorrection: errorCorrection, totalCodewords: builder.dataModuleCount / 8)
            guard QRCodewords.bitLength(byteCount: bytes.count, version: candidate) <= structure.dataCodewords * 8
            else { continue }
            let data = QRCodewords.data(bytes, version: candidate, capacity: structure.dataCodewords)
            builder.placeCodewords(QRCodewords.interleaved(data, structure: structure, field: GaloisField256()))
            let chosen = mask.map(QRMask.init(pattern:)) ?? bestMask(for: builder)
            builder.applyMask(chosen)
            builder.drawFormatAndVersionInformation(errorCorrection: errorCorrection, mask: chosen)
            return QRCode(
                version: candidate, size: builder.size, modules: builder.modules, errorCorrection: errorCorrection,
                mask: chosen.pattern)
        }
        throw .tooLong(bytes.count)
    }

    /// The mask with the lowest penalty; the lowest-numbered one among equals. Scored before the format and version
    /// information are drawn, as the standard orders the steps (section 7.1: masking, then format and version
    /// information), which is also what other encoders do.
    private static func bestMask(for unmasked: QRMatrixBuilder) -> QRMask {
        var best = QRMask.all[0]
        var bestScore = Int.max
        for mask in QRMask.all {
            var candidate = unmasked
            candidate.applyMask(mask)
            let score = QRPenalty.score(candidate.modules, size: candidate.size)
            if score < bestScore {
                best = mask
                bestScore = score
            }
        }
        return best
    }
}
