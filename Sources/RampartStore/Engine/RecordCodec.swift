import Foundation

/// How records become row bodies and back, the same in both engines: JSON with sorted keys and
/// dates as epoch seconds, decoded by the type registered for the row's kind.
package struct RecordCodec: Sendable {
    private let decoders: [String: @Sendable (Data) throws -> any Record]

    package init(recordTypes: [any Record.Type]) {
        var decoders: [String: @Sendable (Data) throws -> any Record] = [:]
        for type in recordTypes {
            decoders[type.kind.name] = { data in
                let decoder = JSONDecoder()
                decoder.dateDecodingStrategy = .secondsSince1970
                return try decoder.decode(type, from: data)
            }
        }
        self.decoders = decoders
    }

    package func encode(_ record: any Record) throws -> Data {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .secondsSince1970
        encoder.outputFormatting = .sortedKeys
        return try encoder.encode(record)
    }

    /// The record a row holds; `StoreError` names the row when its kind is unknown or its body
    /// does not decode.
    package func decode(kind: String, key: String, body: Data) throws(StoreError) -> any Record {
        guard let decode = decoders[kind] else { throw StoreError.unknownKind(kind) }
        do {
            return try decode(body)
        } catch {
            throw StoreError.corruptRecord(kind: kind, key: key)
        }
    }
}
