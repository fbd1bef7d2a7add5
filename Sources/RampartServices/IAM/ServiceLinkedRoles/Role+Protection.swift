import RampartCore

extension Role {
    /// Service-linked roles belong to their service: IAM's operations that would change their trust,
    /// permissions or instance profiles, or delete them outside DeleteServiceLinkedRole, refuse with
    /// AWS's UnmodifiableEntity.
    func requireModifiable() throws(AWSError) {
        guard isServiceLinked else { return }
        throw AWSError.unmodifiableEntity(
            "Cannot perform the operation on the protected role '\(name)' - this role is only modifiable by AWS")
    }
}
