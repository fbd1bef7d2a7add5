import Foundation
import RampartMFA

/// A whole symbol from `Fixtures/qr-NAME.txt`.
struct SymbolFixture {
    let name: String
    let data: [UInt8]
    let errorCorrection: QRErrorCorrection
    let version: Int
    /// The mask of the stored matrix.
    let mask: Int
    /// The mask segno picks on its own.
    let oracleMask: Int
    /// Row-major, true = dark.
    let modules: [Bool]
    let size: Int

    static let names = ["short-low", "otpauth-medium", "long-quartile", "arn-high", "utf8-medium"]

    init(_ name: String) throws {
        self.name = name
        var header: [String: String] = [:]
        var rows: [String] = []
        for line in try Fixtures.lines("qr-\(name).txt") {
            if let colon = line.firstIndex(of: ":") {
                header[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            } else {
                rows.append(line)
            }
        }
        data = Fixtures.hexBytes(header["data-hex"]!)
        errorCorrection = Fixtures.level(header["level"]!)!
        version = Int(header["version"]!)!
        mask = Int(header["mask"]!)!
        oracleMask = Int(header["oracle-mask"]!)!
        size = rows.count
        modules = rows.flatMap { $0.map { $0 == "1" } }
    }
}
