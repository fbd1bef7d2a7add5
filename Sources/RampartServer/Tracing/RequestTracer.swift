import RampartCore
import Tracing

/// The spans of a request, or none: with tracing off every `span` call runs its body and nothing
/// else (not even the name's interpolation), so the request path pays one nil check per step. Spans carry names and codes chosen here,
/// never an error's text (an AWS error message can quote the caller's input).
struct RequestTracer: Sendable {
    private let tracer: (any Tracer)?

    init(_ tracer: (any Tracer)?) {
        self.tracer = tracer
    }

    static let off = RequestTracer(nil)

    var isOn: Bool { tracer != nil }

    /// The trace context a caller sent (`traceparent`), for the server span to continue.
    func context(from headers: [(String, String)]) -> InstrumentationContext {
        var context = InstrumentationContext.topLevel
        tracer?.extract(headers, into: &context, using: HeaderExtractor())
        return context
    }

    /// Runs `body` inside a span that is the child of the task's current one (or of `context`).
    func span<T>(
        _ name: @autoclosure () -> String, kind: SpanKind = .internal, context: InstrumentationContext? = nil,
        _ body: ((any Span)?) async throws -> T
    ) async rethrows -> T {
        guard let tracer else { return try await body(nil) }
        let span = Self.start(
            tracer, name(), kind: kind, context: context ?? InstrumentationContext.current ?? .topLevel)
        defer { span.end() }
        do {
            return try await InstrumentationContext.$current.withValue(span.context) { try await body(span) }
        } catch {
            Self.failed(span, error)
            throw error
        }
    }

    /// The synchronous steps' form of `span` (authentication, authorization).
    func span<T>(_ name: @autoclosure () -> String, _ body: ((any Span)?) throws -> T) rethrows -> T {
        guard let tracer else { return try body(nil) }
        let span = Self.start(tracer, name(), kind: .internal, context: InstrumentationContext.current ?? .topLevel)
        defer { span.end() }
        do {
            return try InstrumentationContext.$current.withValue(span.context) { try body(span) }
        } catch {
            Self.failed(span, error)
            throw error
        }
    }

    /// Opens the existential so the tracer's own span type is made, then erased.
    private static func start(
        _ tracer: some Tracer, _ name: String, kind: SpanKind, context: InstrumentationContext
    ) -> any Span {
        tracer.startSpan(name, context: context, ofKind: kind)
    }

    /// An error's AWS code (a name from the service models) or its type's name, nothing of its message.
    static func failed(_ span: any Span, _ error: any Error) {
        span.attributes["error.type"] = (error as? AWSError)?.code ?? String(describing: type(of: error))
        span.setStatus(SpanStatus(code: .error))
    }
}

/// Reads `traceparent` and `tracestate` from a request's headers, whatever their case.
struct HeaderExtractor: Extractor {
    func extract(key: String, from carrier: [(String, String)]) -> String? {
        carrier.first { $0.0.lowercased() == key }?.1
    }
}
