import Foundation
import RampartStore
import XCTest

final class SecretBoxTests: XCTestCase {
    let key = try! MasterKey(bytes: Array(repeating: 7, count: 32))

    func testRoundTrip() throws {
        let box = SecretBox(masterKey: key)
        let sealed = try box.seal(Array("secret".utf8), boundTo: "access-key/AKIA1")
        XCTAssertFalse(String(decoding: sealed, as: UTF8.self).contains("secret"))
        XCTAssertEqual(try box.open(sealed, boundTo: "access-key/AKIA1"), Array("secret".utf8))
    }

    func testCiphertextIsBoundToItsRow() throws {
        let box = SecretBox(masterKey: key)
        let sealed = try box.seal(Array("secret".utf8), boundTo: "access-key/AKIA1")
        XCTAssertThrowsError(try box.open(sealed, boundTo: "access-key/AKIA2"))
    }

    func testTamperingIsDetected() throws {
        let box = SecretBox(masterKey: key)
        var sealed = try box.seal(Array("secret".utf8), boundTo: "row")
        sealed[sealed.count / 2] ^= 1
        XCTAssertThrowsError(try box.open(sealed, boundTo: "row"))
    }

    func testAnotherMasterKeyCannotOpen() throws {
        let sealed = try SecretBox(masterKey: key).seal(Array("secret".utf8), boundTo: "row")
        let other = SecretBox(masterKey: try MasterKey(bytes: Array(repeating: 8, count: 32)))
        XCTAssertThrowsError(try other.open(sealed, boundTo: "row"))
    }

    func testMasterKeyFileIsPrivateAndReused() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("mk-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let first = try MasterKeyring.loadOrCreate(at: path)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        let sealed = try SecretBox(keyring: first).seal([1, 2, 3], boundTo: "row")
        let second = try MasterKeyring.loadOrCreate(at: path)
        XCTAssertEqual(try SecretBox(keyring: second).open(sealed, boundTo: "row"), [1, 2, 3])
    }
}
