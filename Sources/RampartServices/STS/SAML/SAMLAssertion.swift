import Foundation
import RampartCore

/// What a verified `saml:Assertion` says, read only from that element: who (NameID and its format),
/// from whom (Issuer), for where (SubjectConfirmationData Recipient, Audience), until when, and its
/// attributes. Reading is strict where AWS is (exactly one bearer SubjectConfirmation with Recipient
/// and NotOnOrAfter) and every value is the element's whole text, so a comment inside it cannot
/// shorten what was signed.
struct SAMLAssertion {
    static let bearer = "urn:oasis:names:tc:SAML:2.0:cm:bearer"

    var id: String
    var issuer: String
    var subject: String
    /// The NameID `Format` as written; nil when the IdP gave none.
    var subjectFormat: String?
    var recipient: String
    var subjectNotOnOrAfter: Date
    var notBefore: Date?
    var notOnOrAfter: Date?
    var audiences: [String]
    /// AuthnStatement's `SessionNotOnOrAfter`: the session may not outlive it.
    var sessionNotOnOrAfter: Date?
    /// Attribute name to its values, in document order.
    var attributes: [(name: String, values: [String])]

    init(_ response: SAMLResponse) throws(AWSError) {
        let document = response.assertionDocument
        let ns = SAMLResponse.assertionNamespace
        let element = response.assertion
        func one(_ parent: Int, _ name: String) throws(AWSError) -> Int {
            let found = document.children(of: parent, ns, name)
            guard found.count == 1 else { throw .invalidIdentityToken("Invalid SAML response: one \(name) expected.") }
            return found[0]
        }
        func date(_ element: Int, _ name: String) throws(AWSError) -> Date? {
            guard let text = document.elements[element].attribute(name) else { return nil }
            guard let date = SAMLMetadata.dateTime(text) else {
                throw .invalidIdentityToken("Invalid SAML response: \(name) is not a valid dateTime.")
            }
            return date
        }
        guard let id = document.elements[element].attribute("ID"),
            document.elements[element].attribute("Version") == "2.0"
        else { throw .invalidIdentityToken("Invalid SAML response: the Assertion needs an ID and Version 2.0.") }
        self.id = id
        issuer = Self.trimmed(document.text(of: try one(element, "Issuer")))

        let subjectElement = try one(element, "Subject")
        let nameID = try one(subjectElement, "NameID")
        subject = Self.trimmed(document.text(of: nameID))
        subjectFormat = document.elements[nameID].attribute("Format")
        let confirmations = document.children(of: subjectElement, ns, "SubjectConfirmation")
        guard confirmations.count == 1, document.elements[confirmations[0]].attribute("Method") == Self.bearer,
            let data = document.children(of: confirmations[0], ns, "SubjectConfirmationData").first,
            let recipient = document.elements[data].attribute("Recipient"),
            let subjectNotOnOrAfter = try date(data, "NotOnOrAfter")
        else {
            throw .invalidIdentityToken(
                "Invalid SAML response: exactly one bearer SubjectConfirmation with a SubjectConfirmationData "
                    + "that has Recipient and NotOnOrAfter is required.")
        }
        self.recipient = recipient
        self.subjectNotOnOrAfter = subjectNotOnOrAfter

        let conditions = document.children(of: element, ns, "Conditions")
        guard conditions.count <= 1 else {
            throw .invalidIdentityToken("Invalid SAML response: one Conditions expected.")
        }
        notBefore = nil
        notOnOrAfter = nil
        if let condition = conditions.first {
            notBefore = try date(condition, "NotBefore")
            notOnOrAfter = try date(condition, "NotOnOrAfter")
        }
        audiences = conditions.flatMap { document.children(of: $0, ns, "AudienceRestriction") }
            .flatMap { document.children(of: $0, ns, "Audience") }
            .map { Self.trimmed(document.text(of: $0)) }

        sessionNotOnOrAfter = nil
        for statement in document.children(of: element, ns, "AuthnStatement") {
            if let limit = try date(statement, "SessionNotOnOrAfter") {
                sessionNotOnOrAfter = min(sessionNotOnOrAfter ?? limit, limit)
            }
        }
        attributes = []
        for statement in document.children(of: element, ns, "AttributeStatement") {
            for attribute in document.children(of: statement, ns, "Attribute") {
                let name = document.elements[attribute].attribute("Name") ?? ""
                let values = document.children(of: attribute, ns, "AttributeValue").map {
                    Self.trimmed(document.text(of: $0))
                }
                attributes.append((name, values))
            }
        }
    }

    /// The values of every attribute with this name, in order.
    func values(_ name: String) -> [String] {
        attributes.filter { $0.name == name }.flatMap(\.values)
    }

    /// IdPs pretty-print; the white space around a value is layout, not content.
    static func trimmed(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespacesAndNewlines)
    }
}
