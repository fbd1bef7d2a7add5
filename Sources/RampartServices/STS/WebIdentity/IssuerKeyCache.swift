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
    /// publishes none such, even after a permitted refetch.
    func keys(issuer: String, keyId: String?, now: Date) async throws(AWSError) -> [JSONWebKey] {
        let cached = entries.withLock { $0[issuer] }
        if let cached {
            let tooSoon = now.timeIntervalSince(cached.attemptedAt) < refetchInterval
            if let keys = cached.keys, now.timeIntervalSince(cached.fetchedAt) < lifetime {
                let candidates = keys.candidates(for: keyId)
                // A known key, or an unknown one too soon after the last fetch: the cache answers.
                if !candidates.isEmpty || tooSoon { return candidates }
            } else if tooSoon, let failure = cached.failure {
                throw failure
            }
        }
        do {
            let fresh = try await fetch(issuer: issuer)
            entries.withLock { $0[issuer] = Entry(keys: fresh, fetchedAt: now, attemptedAt: now) }
            return fresh.candidates(for: keyId)
        } catch {
            entries.withLock {
                var entry = $0[issuer] ?? Entry(keys: nil, fetchedAt: now, attemptedAt: now)
                entry.attemptedAt = now
                entry.failure = error
                $0[issuer] = entry
            }
            throw error
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
