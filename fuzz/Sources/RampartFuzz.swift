// Fuzz targets for Rampart's parsers. `scripts/fuzz` builds this with `-DFUZZING` and
// `-sanitize=fuzzer,address`: libFuzzer then owns `main` and calls `LLVMFuzzerTestOneInput`.
// The ordinary build gets a small `main` that replays the files given as arguments through the
// same function, so a corpus or a crash file can be run without the sanitizer runtime.
// The target is chosen by RAMPART_FUZZ_TARGET (see `FuzzTarget`).

import Foundation
import RampartConsole
import RampartCore
import RampartMFA
import RampartPolicy
import RampartServices
import RampartSigV4
import RampartWire

enum FuzzTarget: String, CaseIterable {
    case query, policy, cbor, attestation, clientData = "client-data", sigv4Header = "sigv4-header"
    case sigv4Presigned = "sigv4-presigned", sigv4Canonical = "sigv4-canonical", cookies, json, xml

    static let selected: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["RAMPART_FUZZ_TARGET"] ?? ""
        guard let target = FuzzTarget(rawValue: name) else {
            let names = allCases.map(\.rawValue).joined(separator: ", ")
            FileHandle.standardError.write(Data("RAMPART_FUZZ_TARGET must be one of: \(names)\n".utf8))
            exit(2)
        }
        return target
    }()
}

/// A broken invariant: stop loudly so libFuzzer records the input.
func violated(_ message: String, _ input: [UInt8]) -> Never {
    fatalError("invariant violated: \(message); input \(input.count) bytes")
}

/// An AWS error as a client sees it: a code to branch on and a client-error status.
func checkAWSError(_ error: AWSError, _ input: [UInt8]) {
    if error.code.isEmpty { violated("empty error code", input) }
    if !(400..<500).contains(error.httpStatus) { violated("status \(error.httpStatus) for \(error.code)", input) }
}

func utf8OrLatin1(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}

/// Splits the input at the first newline: a header value, then the rest.
func splitLine(_ bytes: [UInt8]) -> (String, [UInt8]) {
    guard let newline = bytes.firstIndex(of: UInt8(ascii: "\n")) else { return (utf8OrLatin1(bytes), []) }
    return (utf8OrLatin1(Array(bytes[..<newline])), Array(bytes[(newline + 1)...]))
}

let fixedClock: any RampartCore.Clock = {
    struct Fixed: RampartCore.Clock { var now: Date { Date(timeIntervalSince1970: 1_440_938_160) } }
    return Fixed()
}()
let verifier = SigV4Verifier(clock: fixedClock)

let unreserved = CharacterSet(
    charactersIn: "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")

func formEncode(_ text: String) -> String {
    text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? ""
}

/// The generated Organizations decoders the `json` target runs every body through.
let organizationsDecoders: [@Sendable ([UInt8]) throws -> Any] = [
    { try Organizations.CreateAccountRequest(jsonBody: $0) },
    { try Organizations.ListAccountsRequest(jsonBody: $0) },
    { try Organizations.InviteAccountToOrganizationRequest(jsonBody: $0) },
    { try Organizations.UntagResourceRequest(jsonBody: $0) },
    { try Organizations.CreatePolicyRequest(jsonBody: $0) },
    { try Organizations.ListChildrenRequest(jsonBody: $0) },
]

func runOne(_ input: [UInt8]) {
    switch FuzzTarget.selected {
    case .query:
        do {
            let parsed = try QueryInput(formEncoded: input)
            // Re-encoding the parameters and parsing again gives the same parameters.
            let encoded = parsed.parameters.map { "\(formEncode($0.key))=\(formEncode($0.value))" }
                .joined(separator: "&")
            guard let again = try? QueryInput(formEncoded: encoded) else { violated("re-encoded query refused", input) }
            var expected = parsed.parameters
            expected[""] = nil  // an empty key encodes as a pair the parser skips
            var actual = again.parameters
            actual[""] = nil
            if actual != expected { violated("query round trip changed the parameters", input) }
            for key in parsed.parameters.keys.prefix(8) {
                _ = parsed.isPresent(key)
                _ = try? parsed.int32(key)
                _ = try? parsed.bool(key)
                _ = try? parsed.timestamp(key)
                _ = try? parsed.blob(key)
                _ = parsed.listCount(key, memberName: "member")
            }
        } catch {
            checkAWSError(error, input)
        }
    case .policy:
        let text = utf8OrLatin1(input)
        for kind in [PolicyDocument.Kind.identity, .resource, .trust] {
            do {
                _ = try PolicyDocument(json: text, kind: kind)
            } catch {
                if error.message.isEmpty { violated("empty policy error message", input) }
            }
        }
        _ = PolicyDocument.size(of: text)
    case .cbor:
        if let item = try? CBOR(bytes: input) {
            _ = item.hashValue
            _ = item.mapValue?["fmt"]
        }
        _ = try? CBOR.decodePrefix(input[...])
    case .attestation:
        _ = try? AttestationObject(bytes: input)
    case .clientData:
        _ = try? CollectedClientData(json: input)
    case .sigv4Header, .sigv4Canonical:
        // First line: the Authorization header; the rest: the body. The canonical variant goes on
        // to compute the signature, so the canonical request is built from arbitrary headers.
        let (authorization, rest) = splitLine(input)
        let (path, body) = splitLine(rest)
        let request = SigV4Request(
            method: "POST", path: path.isEmpty ? "/" : path, query: "",
            headers: [
                ("Authorization", authorization), ("Host", "iam.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z"),
                ("Content-Type", "application/x-www-form-urlencoded"), ("X-Amz-Security-Token", "tok en"),
                ("x-amz-meta", " a   b "),
            ], body: body)
        check(request, canonical: FuzzTarget.selected == .sigv4Canonical, input)
    case .sigv4Presigned:
        let (query, rest) = splitLine(input)
        let (path, _) = splitLine(rest)
        let request = SigV4Request(
            method: "GET", path: path.isEmpty ? "/" : path, query: query, headers: [("Host", "sts.amazonaws.com")])
        check(request, canonical: true, input)
    case .cookies:
        let (cookie, body) = splitLine(input)
        let request = ConsoleRequest(
            method: "POST", path: "/console/signin", headers: [("Cookie", cookie), ("cookie", utf8OrLatin1(body))],
            body: body, sourceIp: "127.0.0.1", requestId: "fuzz")
        // Bytes, not String.contains: U+037E is canonically equivalent to ";" but is no separator.
        let separator = UInt8(ascii: ";")
        for (name, value) in request.cookies where name.utf8.contains(separator) || value.utf8.contains(separator) {
            violated("a cookie pair holds a separator", input)
        }
        _ = request.header("content-type")
    case .xml:
        // A SAML response's XML: whatever it is made of, at most one element per four bytes (`<a/>`),
        // never deeper than the limit, and nothing accepted past the byte limit.
        if let shape = UntrustedXML.shape(of: input) {
            if input.count > UntrustedXML.maximumBytes { violated("\(input.count) bytes accepted", input) }
            if shape.elements < 1 || shape.elements > input.count / 4 { violated("\(shape.elements) elements", input) }
            if shape.depth > UntrustedXML.maximumDepth { violated("depth \(shape.depth)", input) }
        }
    case .json:
        do {
            let value = try JSONValue(parsing: input)
            // Written back and read again, the value is the same.
            var json = JSONWriter()
            json.value(value)
            guard let again = try? JSONValue(parsing: json.bytes) else { violated("re-written JSON refused", input) }
            if again != value { violated("JSON round trip changed the value", input) }
        } catch {
            if !(0...input.count).contains(error.offset) { violated("error offset \(error.offset)", input) }
        }
        for decode in organizationsDecoders {
            do {
                _ = try decode(input)
            } catch let error as AWSError {
                checkAWSError(error, input)
            } catch {
                violated("a decoder threw \(error)", input)
            }
        }
    }
}

func check(_ request: SigV4Request, canonical: Bool, _ input: [UInt8]) {
    do {
        let auth = try SigV4Authorization(request: request)
        try verifier.checkTimeAndScope(auth, acceptedServices: ["iam", "sts"])
        if canonical {
            try verifier.verifySignature(request, auth, secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
        }
    } catch {
        checkAWSError(error, input)
    }
}

#if FUZZING
    @_cdecl("LLVMFuzzerTestOneInput")
    public func fuzzTestOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
        let input = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
        runOne(input)
        return 0
    }

    @_silgen_name("LLVMFuzzerRunDriver")
    func runDriver(
        _ argc: UnsafeMutablePointer<CInt>,
        _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
        _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt
    ) -> CInt

    /// SwiftPM links an executable's entry point under the name `<module>_main`; hand it to
    /// libFuzzer's driver.
    @_cdecl("rampart_fuzz_main")
    public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>) -> CInt {
        var argc = argc
        var argv = argv
        return runDriver(&argc, &argv, fuzzTestOneInput)
    }
#else
    /// Replays corpus files (or every file in corpus directories) through the selected target.
    @main
    struct ReplayCorpus {
        static func main() {
            var files: [String] = []
            for argument in CommandLine.arguments.dropFirst() {
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: argument, isDirectory: &isDirectory) else { continue }
                if isDirectory.boolValue {
                    let names = (try? FileManager.default.contentsOfDirectory(atPath: argument)) ?? []
                    files += names.sorted().map { argument + "/" + $0 }
                } else {
                    files.append(argument)
                }
            }
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                runOne(Array(data))
            }
            print("\(FuzzTarget.selected.rawValue): replayed \(files.count) inputs")
        }
    }
#endif
