/// A kind of Organizations policy, named as the API names it (`SERVICE_CONTROL_POLICY`, …).
/// Authorization policies (SCPs, RCPs) take part in every request's evaluation; the management
/// policies (tag, backup, opt-out, …) are stored and reported but enforce nothing in Rampart.
public struct OrganizationPolicyType: RawRepresentable, Codable, Sendable, Hashable {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }

    public static let serviceControl = OrganizationPolicyType(rawValue: "SERVICE_CONTROL_POLICY")
    public static let resourceControl = OrganizationPolicyType(rawValue: "RESOURCE_CONTROL_POLICY")

    /// Whether this is an authorization policy written in the IAM policy language.
    public var isAuthorization: Bool { self == .serviceControl || self == .resourceControl }

    /// How policy ARNs spell the type: `service_control_policy`.
    public var arnSegment: String { rawValue.lowercased() }

    /// The largest document AWS accepts for this type, in characters (Organizations quotas page:
    /// SCPs and RCPs 5,120; AI services opt-out 2,500; the other management policies 10,000).
    public var maximumSize: Int {
        switch rawValue {
        case "SERVICE_CONTROL_POLICY", "RESOURCE_CONTROL_POLICY": 5_120
        case "AISERVICES_OPT_OUT_POLICY": 2_500
        default: 10_000
        }
    }
}
