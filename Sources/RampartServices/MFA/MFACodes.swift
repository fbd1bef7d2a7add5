/// The codes a caller presents: one for a sign-in or a session, two consecutive ones to enable
/// or resynchronize a device.
public enum MFACodes: Sendable, Equatable {
    case single(String)
    case consecutive(String, String)
}
