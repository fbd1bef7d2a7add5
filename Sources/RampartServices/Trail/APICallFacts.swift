import Foundation
import RampartCore

/// An API call as facts (bytes): what the SQLite store keeps of a read's event instead of its rendered
/// record (`APICallEventSource.write(into:)`), and makes the record from again when the event is read
/// (`APICallFactsRenderer`, through `APICall.record`).
///
/// A session's secret key is not among the facts: no record shows it, and these bytes are stored.
public enum APICallFacts {
    /// The first byte: what the layout below is. A reader refuses any other.
    static let version: UInt8 = 1

    public static func write(
        _ call: APICall, error: AWSError?, responseElements: TrailValue?, into writer: inout FactsWriter
    ) {
        writer.writeLength(Int(version))
        write(call.principal, into: &writer)
        for text in [call.service, call.action, call.region, call.sourceIp, call.userAgent, call.requestId] {
            writer.write(text)
        }
        writer.write(call.time)
        writer.write(call.requestParameters)
        writer.write(call.organization)
        writer.write(call.fromConsole)
        writer.write(call.federatedIdentity != nil)
        if let federated = call.federatedIdentity {
            writer.write(federated.identity)
            writer.write(federated.username)
        }
        writer.write(error != nil)
        if let error {
            writer.write(error.code)
            writer.write(error.message)
            writer.write(Int64(error.httpStatus))
            writer.write(error.fault == .receiver)
            let fields = error.fields.sorted { $0.key < $1.key }
            writer.writeLength(fields.count)
            for (key, value) in fields {
                writer.write(key)
                writer.write(value)
            }
        }
        writer.write(responseElements)
    }

    public static func read(
        _ reader: inout FactsReader
    ) throws(FactsError) -> (call: APICall, error: AWSError?, responseElements: TrailValue?) {
        let version = try reader.readLength()
        guard version == Int(Self.version) else { throw FactsError.malformed("facts of version \(version)") }
        let principal = try readPrincipal(&reader)
        var call = APICall(
            principal: principal, service: try reader.string(), action: try reader.string(),
            region: try reader.string(), sourceIp: try reader.string(), userAgent: try reader.string(),
            requestId: try reader.string(), time: try reader.date(), requestParameters: try reader.value(),
            organization: try reader.optionalString())
        call.fromConsole = try reader.bool()
        if try reader.bool() {
            call.federatedIdentity = (try reader.value(), try reader.string())
        }
        var error: AWSError?
        if try reader.bool() {
            let code = try reader.string()
            let message = try reader.string()
            let status = try reader.int64()
            guard (100...599).contains(status) else { throw FactsError.malformed("an HTTP status of \(status)") }
            let fault: AWSError.Fault = try reader.bool() ? .receiver : .sender
            var fields: [String: String] = [:]
            for _ in 0..<(try reader.readLength()) {
                let key = try reader.string()
                fields[key] = try reader.string()
            }
            error = AWSError(code: code, message: message, httpStatus: Int(status), fault: fault, fields: fields)
        }
        return (call, error, try reader.optionalValue())
    }

    private static func write(_ principal: Principal, into writer: inout FactsWriter) {
        // In the order `readPrincipal` reads them (a literal array that does not escape stays on the stack).
        for text in [
            principal.account.rawValue, principal.kind.rawValue, principal.name, principal.userId, principal.arn,
            principal.accessKeyId, principal.partition.rawValue,
        ] {
            writer.write(text)
        }
        writer.write(principal.session != nil)
        guard let session = principal.session else { return }
        for text in [
            session.source.rawValue, session.accessKeyId, session.account.rawValue, session.kind.rawValue,
            session.name, session.path, session.principalId,
        ] {
            writer.write(text)
        }
        for text in [session.roleSessionName, session.sessionPolicy, session.sourceIdentity, session.federatedProvider]
        {
            writer.write(text)
        }
        for date in [session.issuedAt, session.expiresAt] { writer.write(date) }
        writer.write(session.mfaAuthenticatedAt)
        writer.write(session.sessionPolicyArns)
        writer.writeLength(session.tags.count)
        for tag in session.tags {
            writer.write(tag.key)
            writer.write(tag.value)
        }
    }

    private static func readPrincipal(_ reader: inout FactsReader) throws(FactsError) -> Principal {
        let account = try readAccount(&reader)
        let kind = try readKind(&reader)
        var principal = Principal(
            account: account, kind: kind, name: try reader.string(), userId: try reader.string(),
            arn: try reader.string(), session: nil, accessKeyId: try reader.string(),
            partition: Partition(rawValue: try reader.string()))
        guard try reader.bool() else { return principal }
        let source = try reader.string()
        guard let source = TemporarySession.Source(rawValue: source) else {
            throw FactsError.malformed("a session source \(source)")
        }
        let accessKeyId = try reader.string()
        let sessionAccount = try readAccount(&reader)
        let sessionKind = try readKind(&reader)
        let (name, path, principalId) = (try reader.string(), try reader.string(), try reader.string())
        let roleSessionName = try reader.optionalString()
        let sessionPolicy = try reader.optionalString()
        let sourceIdentity = try reader.optionalString()
        let federatedProvider = try reader.optionalString()
        var session = TemporarySession(
            source: source, accessKeyId: accessKeyId, secretAccessKey: "", account: sessionAccount, kind: sessionKind,
            name: name, path: path, principalId: principalId, roleSessionName: roleSessionName,
            issuedAt: try reader.date(), expiresAt: try reader.date())
        session.sessionPolicy = sessionPolicy
        session.sourceIdentity = sourceIdentity
        session.federatedProvider = federatedProvider
        session.mfaAuthenticatedAt = try reader.optionalDate()
        session.sessionPolicyArns = try reader.strings()
        for _ in 0..<(try reader.readLength()) {
            session.tags.append(Tag(key: try reader.string(), value: try reader.string()))
        }
        principal.session = session
        return principal
    }

    private static func readAccount(_ reader: inout FactsReader) throws(FactsError) -> AccountID {
        let text = try reader.string()
        guard let account = AccountID(text) else { throw FactsError.malformed("an account id \(text)") }
        return account
    }

    private static func readKind(_ reader: inout FactsReader) throws(FactsError) -> Principal.Kind {
        let text = try reader.string()
        guard let kind = Principal.Kind(rawValue: text) else { throw FactsError.malformed("a principal kind \(text)") }
        return kind
    }
}
