import Foundation

/// What checking codes came to. A rejection is still a write (the failure counts toward the
/// lockout), so the check returns this from the store transaction and the caller turns it into
/// the operation's own error after the commit.
public enum MFAOutcome: Sendable, Equatable {
    /// The codes matched a step never used before; the device now refuses that step and earlier.
    case accepted(step: Int64)
    /// Wrong, reused, or out of the window.
    case rejected
    /// Too many failures recently; nothing was checked.
    case lockedOut(until: Date)

    public var isAccepted: Bool {
        if case .accepted = self { return true }
        return false
    }
}
