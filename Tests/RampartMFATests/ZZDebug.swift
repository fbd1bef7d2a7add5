import Testing
@testable import RampartMFA
@Test func zzDebug() throws {
    let code = try QRCode.encode(Array("Rampart".utf8), errorCorrection: .low, version: 1, mask: 0)
    for y in 0..<code.size { print("ROW " + (0..<code.size).map { code[$0, y] ? "1" : "0" }.joined()) }
    let d = QRCodewords.data(Array("Rampart".utf8), version: 1, capacity: 19)
    print("DATA", d.map { String($0, radix: 16) })
}
