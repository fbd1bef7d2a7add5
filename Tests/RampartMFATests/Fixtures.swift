import Foundation

/// Reads the files of `Fixtures/`, which `make_fixtures.py` there generates with an independent encoder.
enum Fixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Fixtures")

    static func text(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The file's lines, without comments and blank lines.
    static func lines(_ name: String) throws -> [String] {
        try text(name).split(separator: "\n").map(String.init).filter { !$0.hasPrefix("#") && !$0.isEmpty }
    }

    static func hexBytes(_ hex: String) -> [UInt8] {
        let digits = Array(hex.utf8)
        return stride(from: 0, to: digits.count, by: 2).map {
            UInt8(String(decoding: digits[$0..<($0 + 2)], as: UTF8.self), radix: 16)!
        }
    }

    static func level(_ letter: String) -> QRErrorCorrectionLetter? { QRErrorCorrectionLetter(rawValue: letter) }
}

/// The one-letter names the standard and the fixtures give the error correction levels.
enum QRErrorCorrectionLetter: String {
    case L, M, Q, H
}

import RampartMFA

extension QRErrorCorrectionLetter {
    var level: QRErrorCorrection {
        switch self {
        case .L: .low
        case .M: .medium
        case .Q: .quartile
        case .H: .high
        }
    }
}

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
        errorCorrection = Fixtures.level(header["level"]!)!.level
        version = Int(header["version"]!)!
        mask = Int(header["mask"]!)!
        oracleMask = Int(header["oracle-mask"]!)!
        size = rows.count
        modules = rows.flatMap { $0.map { $0 == "1" } }
    }
}
