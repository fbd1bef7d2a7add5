import Foundation
import RampartCore
import RampartServices
import RampartWire

/// What the event history was asked, read from its query string: one lookup attribute (a key of the
/// eight and a value), a time range, and the NextToken of the page to continue from. The fields are
/// kept as typed, so the form shows them again and the next page's link repeats them exactly (a
/// token is valid only for the question it came from).
struct EventFilter: Equatable {
    /// The select's key; EventName unless another of the eight was chosen.
    var key: TrailAttribute = .eventName
    var value = ""
    /// `YYYY-MM-DDTHH:MM` (an `<input type="datetime-local">`'s value), UTC; empty for no bound.
    var from = ""
    var to = ""
    var token: String?

    /// Events a page, as AWS's console shows them.
    static let pageSize = 50

    init() {}

    /// The filter a query string gives; a key that is not one of the eight, or a malformed query, is
    /// the validation error that says so.
    init(query: String) throws(AWSError) {
        let input = try QueryInput(formEncoded: query)
        if let key = input["key"], !key.isEmpty {
            guard let attribute = TrailAttribute(rawValue: key) else {
                throw AWSError.validation("\(key) is not a lookup attribute.")
            }
            self.key = attribute
        }
        value = (input["value"] ?? "").trimmingCharacters(in: .whitespaces)
        from = input["from"] ?? ""
        to = input["to"] ?? ""
        token = input["token"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// The LookupEvents request this filter asks: the attribute only when a value is given.
    func request() throws(AWSError) -> CloudTrail.LookupEventsRequest {
        let start = try Self.instant(from, "The start of the range")
        let end = try Self.instant(to, "The end of the range")
        return CloudTrail.LookupEventsRequest(
            lookupAttributes: value.isEmpty
                ? nil : [CloudTrail.LookupAttribute(attributeKey: key.rawValue, attributeValue: value)],
            startTime: start, endTime: end, maxResults: Self.pageSize, nextToken: token)
    }

    /// The query string of this filter at another page: `token` nil for the first.
    func query(token: String?) -> String {
        var pairs = [(String, String)]()
        if !value.isEmpty { pairs += [("key", key.rawValue), ("value", value)] }
        if !from.isEmpty { pairs.append(("from", from)) }
        if !to.isEmpty { pairs.append(("to", to)) }
        if let token { pairs.append(("token", token)) }
        return PercentEncoding.formEncode(pairs)
    }

    /// A `YYYY-MM-DDTHH:MM` or `YYYY-MM-DDTHH:MM:SS` time as an instant in UTC; nil when empty.
    static func instant(_ text: String, _ what: String) throws(AWSError) -> Date? {
        guard !text.isEmpty else { return nil }
        let full = text.count == 16 ? text + ":00" : text
        guard full.count == 19, let date = Timestamp.parse(full + "Z"), Timestamp.iso8601(date).prefix(19) == full
        else {
            throw AWSError.validation("\(what) must be a time written YYYY-MM-DDTHH:MM (UTC).")
        }
        return date
    }
}
