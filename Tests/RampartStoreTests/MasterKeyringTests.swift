import Crypto
import Foundation
import RampartStore
import XCTest

/// The key file's ring and the sealed-value header a rotation relies on.
final class MasterKeyringTests: XCTestCase {
    let old = try! MasterKey(bytes: Array(repeating: 1, count: 32))
    let new = try! MasterKey(bytes: Array(repeating: 2, count: 32))

    func testSealedValueNamesItsKey() throws {
        let sealed = try SecretBox(masterKey: new).seal([9], boundTo: "row")
        XCTAssertEqual(Array(sealed.prefix(3)), [0x52, 0x4B, 0x01])
        XCTAssertEqual(Array(sealed[3..<7]), new.id)
        XCTAssertNotEqual(old.id, new.id)
        XCTAssertEqual(new.idHex.count, 8)
    }

    func testRingOpensValuesOfEveryKeyAndSealsWithThePrimary() throws {
        let underOld = try SecretBox(masterKey: old).seal([1, 2], boundTo: "row")
        let ring = SecretBox(keyring: MasterKeyring(primary: new, previous: [old]))
        XCTAssertEqual(try ring.open(underOld, boundTo: "row"), [1, 2])
        XCTAssertFalse(ring.isSealedWithPrimary(underOld))
        let resealed = try XCTUnwrap(try ring.resealed(underOld, boundTo: "row"))
        XCTAssertTrue(ring.isSealedWithPrimary(resealed))
        XCTAssertNil(try ring.resealed(resealed, boundTo: "row"), "a value under the primary is left alone")
        // After the rotation the new key alone opens what was re-sealed, and not what was not.
        let newOnly = SecretBox(masterKey: new)
        XCTAssertEqual(try newOnly.open(resealed, boundTo: "row"), [1, 2])
        XCTAssertThrowsError(try newOnly.open(underOld, boundTo: "row")) { error in
            XCTAssertTrue("\(error)".contains(old.idHex), "names the missing key: \(error)")
        }
        XCTAssertThrowsError(try ring.resealed(underOld, boundTo: "other row"), "still bound to its row")
    }

    func testValuesSealedBeforeHeadersStillOpen() throws {
        // The format before key ids: the AES-GCM combined box alone, under the same derived key.
        let key = old.derived(for: "rampart secret-box v1")
        let legacy = Array(try AES.GCM.seal([7, 7], using: key, authenticating: Data("row".utf8)).combined!)
        let ring = SecretBox(keyring: MasterKeyring(primary: new, previous: [old]))
        XCTAssertEqual(try ring.open(legacy, boundTo: "row"), [7, 7])
        XCTAssertFalse(ring.isSealedWithPrimary(legacy))
        XCTAssertEqual(try SecretBox(masterKey: old).open(legacy, boundTo: "row"), [7, 7])
    }

    func testInstallSwitchesTheSealingKeyOfALiveBox() throws {
        let box = SecretBox(masterKey: old)
        let before = try box.seal([1], boundTo: "row")
        box.install(MasterKeyring(primary: new, previous: [old]))
        let after = try box.seal([2], boundTo: "row")
        XCTAssertFalse(box.isSealedWithPrimary(before))
        XCTAssertTrue(box.isSealedWithPrimary(after))
        XCTAssertEqual(try box.open(before, boundTo: "row"), [1])
    }

    func testKeyFileTextRoundTripsPrimaryFirst() throws {
        let ring = MasterKeyring(primary: new, previous: [old, new])
        XCTAssertEqual(ring.previous.map(\.id), [old.id], "the primary is never also a previous key")
        XCTAssertEqual(ring.text.split(separator: "\n").count, 2)
        let read = try MasterKeyring(text: "\n" + ring.text + "\n\n")
        XCTAssertEqual(read.primary.id, new.id)
        XCTAssertEqual(read.previous.map(\.id), [old.id])
        XCTAssertTrue(read.isRotating)
        XCTAssertFalse(try MasterKeyring(text: old.base64).isRotating)
        XCTAssertThrowsError(try MasterKeyring(text: "  \n"))
        XCTAssertThrowsError(try MasterKeyring(text: old.base64 + "\nnot base64\n"))
    }

    func testWriteReplacesTheFileWithMode0600() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("ring-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try MasterKeyring(primary: old).write(to: path)
        try MasterKeyring(primary: new, previous: [old]).write(to: path)
        let read = try MasterKeyring.load(at: path)
        XCTAssertEqual(read.all.map(\.id), [new.id, old.id])
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        XCTAssertEqual((attributes[.posixPermissions] as? NSNumber)?.intValue, 0o600)
        XCTAssertFalse(FileManager.default.fileExists(atPath: path + ".new"))
    }
}
