import Crypto
import Foundation
import RampartCore

/// The body of an `UploadSSHPublicKey` call, read as CodeCommit reads it: an RSA key of at least
/// 2048 bits, either one OpenSSH line (`ssh-rsa AAAA… comment`) or PEM (`BEGIN PUBLIC KEY`, or
/// PKCS #1 `BEGIN RSA PUBLIC KEY`). Knows the key in both encodings and its fingerprint.
struct UploadedSSHPublicKey: Sendable {
    enum ParseError: Error, Equatable {
        /// Neither ssh-rsa nor RSA PEM: IAM's UnrecognizedPublicKeyEncoding.
        case unrecognizedEncoding
        /// Garbled, or shorter than 2048 bits: IAM's InvalidPublicKey.
        case invalid(String)
    }

    let numbers: RSAPublicKeyNumbers
    let encoding: SSHPublicKey.Encoding

    init(body: String) throws(ParseError) {
        let trimmed = body.trimmingCharacters(in: .whitespacesAndNewlines)
        if trimmed.hasPrefix("-----BEGIN ") {
            numbers = try Self.readPEM(trimmed)
            encoding = .pem
        } else {
            numbers = try Self.readOpenSSH(trimmed)
            encoding = .ssh
        }
        guard numbers.bitCount >= Limits.sshPublicKeyMinimumBits else {
            throw .invalid(
                "The public key is \(numbers.bitCount) bits long; it must be at least \(Limits.sshPublicKeyMinimumBits) bits."
            )
        }
    }

    /// `ssh-rsa BASE64` (without the comment an uploaded line may have carried).
    var openSSH: String { RSAPublicKeyNumbers.sshKeyType + " " + Data(numbers.sshBlob).base64EncodedString() }

    /// SubjectPublicKeyInfo in PEM, as `ssh-keygen -e -m PKCS8` writes it.
    var pem: String { PEMBlock(label: "PUBLIC KEY", der: numbers.subjectPublicKeyInfo).text }

    /// MD5 of the SSH wire blob in colon-separated hex, as `ssh-keygen -l -E md5` shows it and
    /// IAM returns it, whichever encoding the key came in.
    var fingerprint: String {
        Insecure.MD5.hash(data: numbers.sshBlob).map { Hex.string([$0]) }.joined(separator: ":")
    }

    static let malformed = ParseError.invalid("The public key is malformed or otherwise invalid.")

    private static func readOpenSSH(_ line: String) throws(ParseError) -> RSAPublicKeyNumbers {
        let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let type = fields.first, type == RSAPublicKeyNumbers.sshKeyType else { throw .unrecognizedEncoding }
        guard fields.count >= 2, !line.contains("\n"), let blob = Data(base64Encoded: String(fields[1])) else {
            throw malformed
        }
        do {
            return try RSAPublicKeyNumbers(sshBlob: Array(blob))
        } catch {
            // The line says ssh-rsa; a blob of another type is a lie, not another encoding.
            throw malformed
        }
    }

    private static func readPEM(_ text: String) throws(ParseError) -> RSAPublicKeyNumbers {
        let blocks: [PEMBlock]
        do { blocks = try PEMBlock.parseAll(text) } catch { throw malformed }
        guard blocks.count == 1, let block = blocks.first else { throw malformed }
        do {
            switch block.label {
            case "PUBLIC KEY": return try RSAPublicKeyNumbers(subjectPublicKeyInfo: block.der)
            case "RSA PUBLIC KEY": return try RSAPublicKeyNumbers(pkcs1: block.der)
            default: throw ParseError.unrecognizedEncoding
            }
        } catch RSAPublicKeyNumbers.ParseError.notRSA {
            throw .unrecognizedEncoding
        } catch let error as ParseError {
            throw error
        } catch {
            throw malformed
        }
    }
}
