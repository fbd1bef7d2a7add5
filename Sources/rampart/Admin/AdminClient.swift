import Foundation
import RampartSigV4

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

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
        var request = URLRequest(url: endpoint)
        request.httpMethod = "POST"
        for (name, value) in signed.headers where name.lowercased() != "host" {
            request.setValue(value, forHTTPHeaderField: name)
        }
        request.httpBody = payload
        let (data, response) = try await URLSession.shared.data(for: request)
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else { throw Failure(status: status, body: String(decoding: data, as: UTF8.self)) }
        return (try JSONSerialization.jsonObject(with: data) as? [String: Any]) ?? [:]
    }
}
