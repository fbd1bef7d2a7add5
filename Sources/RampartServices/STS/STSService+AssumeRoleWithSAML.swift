import Crypto
import CryptoExtras
import Foundation
import RampartCore
import RampartPolicy
import RampartStore

extension STSService {
    /// A role session for someone an identity provider vouches for: an unsigned request carrying the
    /// IdP's SAML response. It is believed only once an XML signature in it verifies with a certificate
    /// of the metadata the role's account registered for the provider (`SAMLResponse`), and the
    /// assertion it covers is from that provider's entity, aimed at AWS, in date, never used before,
    /// and grants this role with this provider; then the role's trust policy weighs the `saml:` keys.
    public func assumeRoleWithSAML(_ input: STS.AssumeRoleWithSAMLRequest, _ call: CallContext) async throws
        -> STS.AssumeRoleWithSAMLResponse
    {
        guard let arn = ARN(parsing: input.roleArn), arn.service == "iam", arn.resource.hasPrefix("role/"),
            let roleAccount = AccountID(arn.account)
        else { throw AWSError.validation("\(input.roleArn) is invalid") }
        guard let providerARN = ARN(parsing: input.principalArn), providerARN.service == "iam",
            providerARN.resource.hasPrefix("saml-provider/")
        else { throw AWSError.validation("\(input.principalArn) is invalid") }
        TrailCall.current?.responseElements = .members([
            (WebIdentityTrail.callerMember, CloudTrailIdentity.samlUser(nameQualifier: "", subject: ""))
        ])
        let partition = arn.partition
        let providerName = String(providerARN.resource.dropFirst("saml-provider/".count))
        let snapshot = environment.store.snapshot()
        guard providerARN.account == roleAccount.rawValue, providerARN.partition == partition,
            snapshot.get(Account.self, roleAccount.rawValue)?.effectivePartition == partition,
            let provider = snapshot.get(SAMLProvider.self, SAMLProvider.key(roleAccount, providerName)),
            provider.arn(in: partition) == input.principalArn
        else { throw AWSError.invalidIdentityToken("Specified provider doesn't exist") }
        guard provider.validUntil > call.now, let metadata = try? SAMLMetadata(xml: provider.metadataDocument) else {
            throw AWSError.invalidIdentityToken("The metadata of the specified provider is no longer valid")
        }

        let response = try SAMLResponse(
            base64: input.samlAssertion, decryptionKeys: try decryptionKeys(of: provider),
            requireEncryption: provider.assertionEncryptionMode == .required)
        try response.verify(trusting: metadata.signingCertificates)
        let assertion = try SAMLAssertion(response)
        let relyingParty = SAMLRelyingParty(
            entityID: metadata.entityID, partition: partition, providerUUID: provider.uuid)
        try relyingParty.check(assertion, now: call.now)
        let nameQualifier = SAMLConditionKeys.nameQualifier(
            issuer: assertion.issuer, account: roleAccount.rawValue, providerName: provider.name)
        let caller = CloudTrailIdentity.samlUser(nameQualifier: nameQualifier, subject: assertion.subject)
        TrailCall.current?.responseElements = .members([(WebIdentityTrail.callerMember, caller)])
        let attributes = try SAMLSessionAttributes(
            assertion, roleArn: input.roleArn, principalArn: input.principalArn)

        let roleName = String(arn.resource.split(separator: "/").last ?? "")
        guard let role = snapshot.get(Role.self, Role.key(roleAccount, roleName)),
            role.arn(in: partition) == input.roleArn
        else { throw AWSError.accessDenied("Not authorized to perform sts:AssumeRoleWithSAML") }
        var context = Self.federatedSessionContext(
            providerArn: input.principalArn, roleSessionName: attributes.roleSessionName,
            sourceIdentity: attributes.sourceIdentity, tags: attributes.tags, transitiveKeys: attributes.transitiveKeys,
            call)
        SAMLConditionKeys.set(assertion, account: roleAccount.rawValue, providerName: provider.name, into: &context)
        // The session ends at DurationSeconds or the assertion's SessionNotOnOrAfter, whichever is first.
        let (session, packed) = try federatedSession(
            FederatedSessionRequest(
                source: .assumeRoleWithSAML, action: "sts:AssumeRoleWithSAML", providerArn: input.principalArn,
                partition: partition, role: role, roleSessionName: attributes.roleSessionName,
                sourceIdentity: attributes.sourceIdentity, tags: attributes.tags, context: context,
                durationSeconds: input.durationSeconds, policy: input.policy, policyArns: input.policyArns,
                notAfter: assertion.sessionNotOnOrAfter, now: call.now),
            in: snapshot)
        try await redeem(assertion, provider: provider, until: relyingParty.acceptedUntil(assertion), now: call.now)

        try await recordUse(of: role, call)
        let issued = try credentials(for: session)
        let assumedRoleUser = STS.AssumedRoleUser(
            assumedRoleId: "\(role.id):\(attributes.roleSessionName)",
            arn: ARN.sts(
                partition, account: role.account.rawValue, "assumed-role/\(role.name)/\(attributes.roleSessionName)"))
        var elements = TrailResponseElements.credentials(
            issued, assumedRoleUser: assumedRoleUser, sourceIdentity: attributes.sourceIdentity)
        if case .object(var members) = elements {
            members.append(TrailMember("subject", .string(assertion.subject)))
            members.append(TrailMember("issuer", .string(assertion.issuer)))
            members.append(TrailMember("audience", .string(assertion.recipient)))
            members.append(TrailMember("nameQualifier", .string(nameQualifier)))
            members.append(TrailMember(WebIdentityTrail.callerMember, caller))
            elements = .object(members)
        }
        TrailResponseElements.report(elements)
        return STS.AssumeRoleWithSAMLResponse(
            credentials: issued, assumedRoleUser: assumedRoleUser, packedPolicySize: packed > 0 ? packed : nil,
            subject: assertion.subject, subjectType: SAMLConditionKeys.subjectType(assertion.subjectFormat),
            issuer: assertion.issuer, audience: assertion.recipient, nameQualifier: nameQualifier,
            sourceIdentity: attributes.sourceIdentity)
    }

    /// The provider's private keys (`AddPrivateKey`), opened from their seals, for an encrypted assertion.
    func decryptionKeys(of provider: SAMLProvider) throws(AWSError) -> [_RSA.Encryption.PrivateKey] {
        var keys: [_RSA.Encryption.PrivateKey] = []
        for key in provider.privateKeys {
            let context = SAMLProvider.sealingContext(account: provider.account, name: provider.name, keyId: key.keyId)
            guard let pem = try? environment.secrets.open(key.sealedKey, boundTo: context),
                let privateKey = try? _RSA.Encryption.PrivateKey(
                    pemRepresentation: String(decoding: pem, as: UTF8.self))
            else { throw AWSError.serviceFailure("could not open the SAML provider's private key \(key.keyId)") }
            keys.append(privateKey)
        }
        return keys
    }

    /// Remembers the assertion's ID in the store until it expires; a second redemption, on any
    /// instance, finds it there. Expired entries of the account are dropped in the same write.
    func redeem(_ assertion: SAMLAssertion, provider: SAMLProvider, until: Date, now: Date) async throws {
        let hash = Hex.string(Array(SHA256.hash(data: Array(assertion.id.utf8))))
        let use = SAMLAssertionUse(
            account: provider.account, provider: provider.name, assertionHash: hash, expiresAt: until)
        try await environment.store.write { tx in
            guard tx.get(SAMLAssertionUse.self, use.recordKey) == nil else {
                throw AWSError.invalidIdentityToken("This SAML assertion was already used")
            }
            for expired in tx.all(SAMLAssertionUse.self, account: provider.account.rawValue)
            where expired.expiresAt <= now {
                tx.delete(SAMLAssertionUse.self, expired.recordKey)
            }
            tx.put(use)
        }
    }
}
