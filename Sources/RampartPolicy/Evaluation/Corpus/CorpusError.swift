/// Why a conformance corpus file could not be read.
public struct CorpusError: Error, Sendable, Equatable {
    public var message: String

    public init(_ message: String) { self.message = message }
}
