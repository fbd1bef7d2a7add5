import Foundation
import RampartCore

/// Reading a member as its model type, as the generated decoders do. `null` is an absent member
/// (nil); a value of the wrong kind is a `SerializationException` worded as Coral words it, by the
/// kind found and the type wanted: "STRING_VALUE can not be converted to an Integer", "Start of
/// list found where not expected", "Expected list or null". Those texts were recorded from AWS
/// JSON 1.1 services by others (SQS, Athena, SESv2 emulators measured against AWS); AWS's grammar,
/// "an Boolean" included, is kept.
extension JSONValue {
    static let listNotExpected = "Start of list found where not expected"
    static let structureNotExpected = "Start of structure or map found where not expected."

    /// The `SerializationException` for this value where a `target` ("an Integer") was expected.
    func mismatch(_ target: String) -> AWSError {
        switch self {
        case .array: return JSONBody.serializationError(Self.listNotExpected)
        case .object: return JSONBody.serializationError(Self.structureNotExpected)
        case .string: return JSONBody.serializationError("STRING_VALUE can not be converted to \(target)")
        case .number: return JSONBody.serializationError("NUMBER_VALUE can not be converted to \(target)")
        case .bool(let flag):
            return JSONBody.serializationError("\(flag ? "TRUE" : "FALSE")_VALUE can not be converted to \(target)")
        case .null: return JSONBody.serializationError()
        }
    }

    public func asString() throws(AWSError) -> String? {
        switch self {
        case .string(let text): return text
        case .null: return nil
        default: throw mismatch("a String")
        }
    }

    /// A model `integer`: Int32. A fraction is cut off, as Coral does (`1.9` is 1).
    public func asInt32() throws(AWSError) -> Int? {
        try integer(in: Int(Int32.min)...Int(Int32.max), "an Integer")
    }

    /// A model `long`: Int64.
    public func asInt64() throws(AWSError) -> Int? {
        try integer(in: Int(Int64.min)...Int(Int64.max), "a Long")
    }

    private func integer(in range: ClosedRange<Int>, _ target: String) throws(AWSError) -> Int? {
        switch self {
        case .number(let text):
            if let whole = Int(text), range.contains(whole) { return whole }
            // `5.0`, `1e2`: read as a double and cut toward zero; out of range either way is an error.
            if let value = Double(text), let whole = Int(exactly: value.rounded(.towardZero)), range.contains(whole) {
                return whole
            }
            throw mismatch(target)
        case .null: return nil
        default: throw mismatch(target)
        }
    }

    public func asBool() throws(AWSError) -> Bool? {
        switch self {
        case .bool(let flag): return flag
        case .null: return nil
        default: throw mismatch("an Boolean")
        }
    }

    public func asDouble() throws(AWSError) -> Double? {
        switch self {
        case .number(let text):
            guard let value = Double(text), value.isFinite else { throw mismatch("a Double") }
            return value
        case .null: return nil
        default: throw mismatch("a Double")
        }
    }

    /// A model `timestamp`: epoch seconds, fractions allowed, as JSON 1.1 carries them.
    public func asTimestamp() throws(AWSError) -> Date? {
        switch self {
        case .number(let text):
            guard let seconds = Double(text), seconds.isFinite else { throw mismatch("a Date") }
            return Date(timeIntervalSince1970: seconds)
        case .null: return nil
        default: throw mismatch("a Date")
        }
    }

    /// A model `blob`: base64 in a string.
    public func asBlob() throws(AWSError) -> [UInt8]? {
        switch self {
        case .string(let text):
            guard let bytes = Base64.decode(text) else { throw JSONBody.serializationError() }
            return bytes
        case .null: return nil
        default: throw mismatch("a ByteBuffer")
        }
    }

    public func asList() throws(AWSError) -> [JSONValue]? {
        switch self {
        case .array(let items): return items
        case .null: return nil
        case .object: throw JSONBody.serializationError(Self.structureNotExpected)
        default: throw JSONBody.serializationError("Expected list or null")
        }
    }

    /// A model `structure` (its members by name).
    public func asStructure() throws(AWSError) -> [String: JSONValue]? {
        switch self {
        case .object(let members): return members
        case .null: return nil
        case .array: throw JSONBody.serializationError(Self.listNotExpected)
        default: throw JSONBody.serializationError("Expected null")
        }
    }

    /// A model `map` (its entries by key).
    public func asMap() throws(AWSError) -> [String: JSONValue]? {
        try asStructure()
    }
}
