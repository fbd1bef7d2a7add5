import Crypto
import Foundation
import RampartPolicy

/// The `saml:` keys a trust policy sees for a verified assertion, as AWS maps them
/// (IAM User Guide, "Mapping SAML attributes to AWS trust policy context keys").
enum SAMLConditionKeys {
    /// Attribute names (OIDs, as IdPs send them with the URI name format) and the key each becomes.
    static let attributeKeys: [String: String] = [
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.1": "saml:edupersonaffiliation",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.2": "saml:edupersonnickname",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.3": "saml:edupersonorgdn",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.4": "saml:edupersonorgunitdn",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.5": "saml:edupersonprimaryaffiliation",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.6": "saml:edupersonprincipalname",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.7": "saml:edupersonentitlement",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.8": "saml:edupersonprimaryorgunitdn",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.9": "saml:edupersonscopedaffiliation",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.10": "saml:edupersontargetedid",
        "urn:oid:1.3.6.1.4.1.5923.1.1.1.11": "saml:edupersonassurance",
        "urn:oid:1.3.6.1.4.1.5923.1.2.1.2": "saml:eduorghomepageuri",
        "urn:oid:1.3.6.1.4.1.5923.1.2.1.3": "saml:eduorgidentityauthnpolicyuri",
        "urn:oid:1.3.6.1.4.1.5923.1.2.1.4": "saml:eduorglegalname",
        "urn:oid:1.3.6.1.4.1.5923.1.2.1.5": "saml:eduorgsuperioruri",
        "urn:oid:1.3.6.1.4.1.5923.1.2.1.6": "saml:eduorgwhitepagesuri",
        "urn:oid:2.5.4.3": "saml:cn",
        "urn:oid:2.5.4.4": "saml:surname",
        "urn:oid:2.5.4.42": "saml:givenName",
        "urn:oid:2.5.4.41": "saml:name",
        "urn:oid:0.9.2342.19200300.100.1.1": "saml:uid",
        "urn:oid:0.9.2342.19200300.100.1.3": "saml:mail",
        "urn:oid:2.16.840.1.113730.3.1.241": "saml:displayname",
    ]

    /// `saml:sub_type`: `persistent` or `transient` for those formats, the Format URI otherwise.
    static func subjectType(_ format: String?) -> String {
        switch format {
        case "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent"?: "persistent"
        case "urn:oasis:names:tc:SAML:2.0:nameid-format:transient"?: "transient"
        case let format?: format
        case nil: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified"
        }
    }

    /// `saml:namequalifier` and the response's NameQualifier: base64(SHA-1(issuer + account + "/" + provider name)).
    static func nameQualifier(issuer: String, account: String, providerName: String) -> String {
        Data(Insecure.SHA1.hash(data: Array((issuer + account + "/" + providerName).utf8))).base64EncodedString()
    }

    static func set(
        _ assertion: SAMLAssertion, account: String, providerName: String, into context: inout ConditionContext
    ) {
        context.set("saml:aud", .string(assertion.recipient))
        context.set("saml:iss", .string(assertion.issuer))
        context.set("saml:sub", .string(assertion.subject))
        context.set("saml:sub_type", .string(subjectType(assertion.subjectFormat)))
        context.set("saml:doc", .string("\(account)/\(providerName)"))
        context.set(
            "saml:namequalifier",
            .string(nameQualifier(issuer: assertion.issuer, account: account, providerName: providerName)))
        var values: [String: [String]] = [:]
        for attribute in assertion.attributes {
            guard let key = attributeKeys[attribute.name] else { continue }
            values[key, default: []] += attribute.values
        }
        for (key, list) in values {
            context.set(key, list.count == 1 ? .string(list[0]) : .strings(list))
        }
    }
}
