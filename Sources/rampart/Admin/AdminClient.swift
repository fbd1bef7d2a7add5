import Foundation
import RampartSigV4

/// Calls Rampart's admin API (JSON 1.1, SigV4 service `rampart`) on a running server, as any
/// SDK would: the `rampart admin …` commands are clients like the aws CLI, not back doors
/// into the database.
struct AdminClient {
    var endpoint: URL
    var credentials: AdminCredentials

    struct Failure: Error, CustomStringConvertible {
        var status: Int
        var body: String
        var description: String { "the server answered \(status): \(body)" }
    }

    func call(_ operation: String, _ body: [String: Any]) async throws -> [String: Any] {
        let payload = try JSONSerialization.data(withJSONObject: body, options: [.sortedKeys])
        let host = endpoint.port.map { "\(endpoint.host ?? "127.0.0.1"):\($0)" } ?? (endpoint.host ?? "127.0.0.1")
        var signed = SigV4Request(
            method: "POST", path: "/", query: "",
            headers: [
                ("Host", host), ("Content-Type", "application/x-amz-json-1.1"),
                ("X-Amz-Target", "RampartAdmin_20261123.\(operation)"),
            ], body: Array(payload))
        try SigV4Signer().sign(
            &signed, accessKeyId: credentials.accessKeyId, secretAccessKey: credentials.secretAccessKey,
            sessionToken: credentials.sessionToken, region: "us-east-1", service: "rampart", date: Date())
        var head = "POST / HTTP/1.1\r\n"
        for (name, value) in signed.headers { head += "\(name): \(value)\r\n" }
        head += "Content-Length: \(payload.count)\r\nConnection: close\r\n\r\n"
        let connection = HTTPConnection(host: endpoint.host ?? "127.0.0.1", port: endpoint.port ?? 80)
        let response = try connection.send(Array(head.utf8) + Array(payload))
        let data = Data(response.body)
        let status = response.status
        guard status == 200 else { throw Failure(status: status, body: String(decoding: data, as: UTF8.self)) }
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
