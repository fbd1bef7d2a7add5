import RampartWire

/// Label values for a request's service and operation, taken from the service models so that a
/// client sending `Action=<anything>` cannot add a series to the metrics.
enum OperationLabel {
    static let unknown = "unknown"

    /// A Query action, when the addressed service's model has it.
    static func query(service: String, action: String) -> String {
        let known =
            service == "sts"
            ? STSQueryDispatcher.allOperationNames.contains(action)
            : IAMQueryDispatcher.allOperationNames.contains(action)
        return known ? action : unknown
    }

    /// Whether a string has the shape of an access key id (AKIA…, ASIA…: 16 to 128 word characters),
    /// the only thing from an unauthenticated request's signature that is logged.
    static func isAccessKeyIdShaped(_ text: String) -> Bool {
        (16...128).contains(text.utf8.count)
            && text.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) }
    }
}
