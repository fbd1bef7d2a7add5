import InMemoryTracing
import RampartCore
import Testing
import Tracing

@testable import RampartServer

@Suite struct TracingTests {
    @Test func endpointsGetTheTracesPathOnlyWhenTheyHaveNone() {
        #expect(TracingSettings.tracesEndpoint("http://127.0.0.1:4318") == "http://127.0.0.1:4318/v1/traces")
        #expect(TracingSettings.tracesEndpoint("https://collector/") == "https://collector/v1/traces")
        #expect(TracingSettings.tracesEndpoint("http://c:4318/otlp/v1/traces") == "http://c:4318/otlp/v1/traces")
        for bad in ["", "collector:4318", "ftp://c/", "http://", "http://c/v1/traces?x=1", "/v1/traces"] {
            #expect(TracingSettings.tracesEndpoint(bad) == nil, "\(bad)")
        }
    }

    @Test func offRunsTheBodyWithoutASpan() async {
        let tracer = RequestTracer.off
        #expect(!tracer.isOn)
        let seen = await tracer.span("operation", kind: .server) { span in span == nil }
        #expect(seen)
        #expect(tracer.span("authenticate") { span in span == nil })
    }

    @Test func spansNestInTheTaskAndContinueTheCallersContext() async throws {
        let memory = InMemoryTracer()
        let tracer = RequestTracer(memory)
        let parent = memory.startSpan("caller", ofKind: .client)
        parent.end()
        await tracer.span("server", kind: .server, context: parent.context) { _ in
            tracer.span("authenticate") { _ in }
            await tracer.span("operation") { _ in }
        }
        let spans = Dictionary(uniqueKeysWithValues: memory.finishedSpans.map { ($0.operationName, $0) })
        let server = try #require(spans["server"])
        #expect(server.kind == .server && server.parentSpanID == parent.spanContext.spanID)
        #expect(spans["authenticate"]?.parentSpanID == server.spanID)
        #expect(spans["operation"]?.parentSpanID == server.spanID)
        #expect(Set(spans.values.map(\.traceID)) == [parent.spanContext.traceID])
    }

    @Test func aFailureNamesItsCodeAndNeverItsMessage() throws {
        let memory = InMemoryTracer()
        let tracer = RequestTracer(memory)
        let secret = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
        #expect(throws: AWSError.self) {
            try tracer.span("authenticate") { _ in
                throw AWSError(code: "SignatureDoesNotMatch", message: "expected \(secret)", httpStatus: 403)
            }
        }
        let span = try #require(memory.finishedSpans.first)
        #expect(span.attributes["error.type"]?.toSpanAttribute() == .string("SignatureDoesNotMatch"))
        #expect(span.status?.code == .error && span.status?.message == nil)
        #expect(span.errors.isEmpty)
        #expect(!"\(span.attributes)".contains(secret))
    }
}
