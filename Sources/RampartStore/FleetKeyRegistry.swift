import Foundation

/// Which master keys one instance of a fleet holds, as it announces them to the others.
public struct InstanceKeys: Sendable, Equatable {
    /// The instance's name (`<pid>-<random>`), as rotations name their driver.
    public var instance: String
    /// The ids (hex) of every master key in its key ring.
    public var held: [String]
    /// The id of the key it seals new secrets with.
    public var sealing: String

    public init(instance: String, held: [String], sealing: String) {
        self.instance = instance
        self.held = held
        self.sealing = sealing
    }
}

/// What the instances on one database tell each other about their master keys, so that a rotation
/// seals nothing under a new key before every live instance holds it (PostgreSQL's `instance_keys`).
public protocol FleetKeyRegistry: Sendable {
    /// This instance's name in the registry.
    var instanceName: String { get }
    /// Announces this instance's keys now, and again with every heartbeat (about once a second).
    func publish(held: [String], sealing: String) async throws
    /// The instances heard from within `liveness`, this one included once it has published.
    func liveInstances(within liveness: Duration) async throws -> [InstanceKeys]
    /// Records `fingerprint` as the one new instances must hold for `name` (after a rotation).
    func replaceShared(_ name: String, fingerprint: String) async throws
}
