/// Request members never recorded in the trail: passwords, MFA codes, tokens and key material.
/// AWS leaves these out of its records; so does Rampart, for every service and for calls the
/// console makes on a principal's behalf.
public enum TrailSecrets {
    /// Lower-cased member names.
    static let names: Set<String> = [
        "password", "newpassword", "oldpassword", "authenticationcode1", "authenticationcode2", "tokencode",
        "samlassertion", "webidentitytoken", "secretaccesskey", "sessiontoken", "privatekey", "code", "codes",
        "recoverycode", "seed", "secret", "base32stringseed", "qrcodepng", "addprivatekey",
        // EventBridge connections: the API key's value and the OAuth client secret.
        "apikeyvalue", "clientsecret",
        // STS GetDelegatedAccessToken: the trade-in token that stands for an accepted delegation request.
        "tradeintoken",
    ]

    public static func isSecret(_ name: String) -> Bool { names.contains(name.lowercased()) }
}
