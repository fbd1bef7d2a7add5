import Foundation
import RampartCore
import Testing

@testable import RampartSigV4

/// A clock that says whatever the test sets.
struct FixedClock: RampartCore.Clock {
    var now: Date
}

/// `20150830T123600Z` as a `Date`; a malformed literal is a bug in the test itself.
func amzDate(_ text: String) -> Date {
    do {
        return try AmzDate(basicFormat: text).date
    } catch {
        fatalError("bad test date \(text): \(error)")
    }
}

/// One signed request from a vector file (see `Vectors/`).
struct Vector: Decodable, Sendable, CustomTestStringConvertible {
    struct Request: Decodable, Sendable {
        var method: String
        var path: String
        var query: String
        var headers: [[String]]
        var body: String
    }

    var name: String
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String?
    var region: String
    var service: String
    /// The signing time, which the verifier's clock is set to.
    var now: String
    var presigned: Bool?
    var expiresIn: Int?
    var request: Request
    var canonicalRequest: String?
    var canonicalRequestHash: String?
    var stringToSign: String?
    var signingKey: String?
    var signature: String?

    var testDescription: String { name }

    var sigV4Request: SigV4Request {
        SigV4Request(
            method: request.method, path: request.path, query: request.query,
            headers: request.headers.map { (name: $0[0], value: $0[1]) }, body: Array(request.body.utf8))
    }

    var clock: FixedClock { FixedClock(now: amzDate(now)) }
}

struct VectorFile: Decodable {
    var source: String
    var vectors: [Vector]

    static func load(_ name: String) throws -> [Vector] {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Vectors/\(name).json"])
        }
        return try JSONDecoder().decode(VectorFile.self, from: Data(contentsOf: url)).vectors
    }

    /// AWS's SigV4 test suite and the IAM example from the General Reference.
    static let awsSuite: [Vector] = (try? load("aws_sigv4_test_suite")) ?? []
    /// IAM and STS requests signed by botocore (`make_botocore_vectors.py`).
    static let botocore: [Vector] = (try? load("botocore_vectors")) ?? []
}

extension SigV4Request {
    /// The first value of a header, for assertions.
    func header(_ name: String) -> String? { values(ofHeader: name).first }

    /// A copy with the header's values replaced (or added).
    func replacingHeader(_ name: String, with value: String) -> SigV4Request {
        var copy = self
        copy.removeHeader(name)
        copy.headers.append((name: name, value: value))
        return copy
    }
}
