/// A stored password hash with its algorithm and parameters, so the cost can change later
/// without invalidating existing hashes. Never holds the password.
public struct PasswordHash: Codable, Sendable, Equatable {
    public var algorithm: String
    public var parameters: [String: Int]
    public var salt: [UInt8]
    public var hash: [UInt8]

    public init(algorithm: String, parameters: [String: Int], salt: [UInt8], hash: [UInt8]) {
        self.algorithm = algorithm
        self.parameters = parameters
        self.salt = salt
        self.hash = hash
    }
}
