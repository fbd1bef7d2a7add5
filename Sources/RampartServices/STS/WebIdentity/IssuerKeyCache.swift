import Foundation
import RampartCore
import RampartPolicy
import Synchronization

/// The key sets of the issuers tokens name, fetched by OpenID discovery
/// (`<issuer>/.well-known/openid-configuration`, then its `jwks_uri`) and kept for `lifetime`.
/// A token whose `kid` the cached set lacks causes one new fetch, since issuers rotate keys; but at
/// most one per issuer per `refetchInterval`, so tokens with invented key ids cannot make the
/// server hammer an issuer (or serve as a way to make it send requests at will).
public final class IssuerKeyCache: Sendable {
    struct Entry: Sendable {
        /// The last key set fetched; nil while every attempt failed.
        var keys: JSONWebKeySet?
        var fetchedAt: Date
        /// The last attempt, failed or not: the refetch limit counts failures too, so an issuer that
        /// is down is not asked again for every token that names it.
        var attemptedAt: Date
        var failure: AWSError?
        /// The fetch under way, which tokens arriving meanwhile wait for.
        var inFlight: Task<JSONWebKeySet, any Error>?
    }

    /// Discovery documents and key sets are small; a bigger answer is refused unread.
    static let maximumDocumentBytes = 256 * 1024

    let source: any IssuerDocumentSource
    let lifetime: TimeInterval
    let refetchInterval: TimeInterval
    private let entries = Mutex<[String: Entry]>([:])

    public init(
        source: any IssuerDocumentSource = NoIssuerDocumentSource(), lifetime: TimeInterval = 3600,
        refetchInterval: TimeInterval = 5
    ) {
        self.source = source
        self.lifetime = lifetime
        self.refetchInterval = refetchInterval
    }

    /// The keys that may have signed a token of `issuer` with `keyId`; empty when the issuer
    /// publishes none such, even after a permitted refetch. Tokens that arrive together while a fetch
    /// is under way (a matrix of CI jobs on a cold cache) wait for that one fetch.
    func keys(issuer: String, keyId: String?, now: Date) async throws(AWSError) -> [JSONWebKey] {
        enum Next {
            case answer([JSONWebKey])
            case refuse(AWSError)
            case await(Task<JSONWebKeySet, any Error>)
        }
        let next: Next = entries.withLock { entries in
            let cached = entries[issuer]
            if let cached {
                if let inFlight = cached.inFlight { return .await(inFlight) }
                let tooSoon = now.timeIntervalSince(cached.attemptedAt) < refetchInterval
                if let keys = cached.keys, now.timeIntervalSince(cached.fetchedAt) < lifetime {
                    let candidates = keys.candidates(for: keyId)
                    // A known key, or an unknown one too soon after the last fetch: the cache answers.
                    if !candidates.isEmpty || tooSoon { return .answer(candidates) }
                } else if tooSoon, let failure = cached.failure {
                    return .refuse(failure)
                }
            }
            let task = Task { [self] () async throws -> JSONWebKeySet in try await fetch(issuer: issuer) }
            var entry = cached ?? Entry(keys: nil, fetchedAt: now, attemptedAt: now)
            entry.attemptedAt = now
            entry.inFlight = task
            entries[issuer] = entry
            return .await(task)
        }
        switch next {
        case .answer(let keys): return keys
        case .refuse(let error): throw error
        case .await(let task): return try await finish(task, issuer: issuer, keyId: keyId, now: now)
        }
    }

    /// Waits for a fetch and stores its outcome (the first waiter to see it does; the others find it stored).
    private func finish(_ task: Task<JSONWebKeySet, any Error>, issuer: String, keyId: String?, now: Date)
        async throws(AWSError) -> [JSONWebKey]
    {
        let result = await task.result
        entries.withLock { entries in
            guard var entry = entries[issuer], entry.inFlight == task else { return }
            entry.inFlight = nil
            switch result {
            case .success(let keys):
                entry.keys = keys
                entry.fetchedAt = now
                entry.failure = nil
            case .failure(let error):
                entry.failure = error as? AWSError ?? .verificationKeyUnavailable
            }
            entries[issuer] = entry
        }
        switch result {
        case .success(let keys): return keys.candidates(for: keyId)
        case .failure(let error): throw error as? AWSError ?? .verificationKeyUnavailable
        }
    }

    private func fetch(issuer: String) async throws(AWSError) -> JSONWebKeySet {
        let base = issuer.hasSuffix("/") ? String(issuer.dropLast()) : issuer
        let discovery: [UInt8]
        do {
            discovery = try await source.fetch(
                base + "/.well-known/openid-configuration", maximumBytes: Self.maximumDocumentBytes)
        } catch {
            throw .idpCommunicationError("Couldn't reach your identity provider: \(error.reason)")
        }
        guard let text = String(validating: discovery, as: UTF8.self), let document = StrictJSON.object(text),
            let jwksURI = document["jwks_uri"] as? String
        else { throw .verificationKeyUnavailable }
        let keySet: [UInt8]
        do {
            keySet = try await source.fetch(jwksURI, maximumBytes: Self.maximumDocumentBytes)
        } catch {
            throw .idpCommunicationError("Couldn't reach your identity provider: \(error.reason)")
        }
        guard let text = String(validating: keySet, as: UTF8.self), let keys = JSONWebKeySet(json: text) else {
            throw .verificationKeyUnavailable
        }
        return keys
    }
}
