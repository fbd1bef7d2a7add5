/// What a browser needs to start a ceremony, in the shape of PublicKeyCredentialCreationOptions and
/// PublicKeyCredentialRequestOptions with binary fields as base64url (the console's script decodes them).
public struct RegistrationOptions: Codable, Sendable, Equatable {
    public struct Party: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
    }

    public struct User: Codable, Sendable, Equatable {
        public var id: String
        public var name: String
        public var displayName: String
    }

    public struct Parameter: Codable, Sendable, Equatable {
        public var type = "public-key"
        public var alg: Int
    }

    public struct Descriptor: Codable, Sendable, Equatable {
        public var type = "public-key"
        public var id: String
    }

    public struct Selection: Codable, Sendable, Equatable {
        public var residentKey: String
        public var userVerification: String
    }

    public var challenge: String
    public var rp: Party
    public var user: User
    public var pubKeyCredParams: [Parameter]
    public var excludeCredentials: [Descriptor]
    public var authenticatorSelection: Selection
    public var attestation: String
    public var timeout: Int
}

public struct AuthenticationOptions: Codable, Sendable, Equatable {
    public var challenge: String
    public var rpId: String
    public var allowCredentials: [RegistrationOptions.Descriptor]
    public var userVerification: String
    public var timeout: Int
}

/// A browser's answer to a ceremony, binary fields base64url.
public struct CeremonyResponse: Codable, Sendable, Equatable {
    public var id: String
    public var clientDataJSON: String
    /// Registration only.
    public var attestationObject: String?
    /// Authentication only.
    public var authenticatorData: String?
    public var signature: String?
    public var userHandle: String?
    /// The name the person gave a new key (registration only).
    public var label: String?
}
