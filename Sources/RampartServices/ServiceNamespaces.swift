/// Namespaces for the wire shapes generated from the service models, so `IAM.User` (what the
/// API returns) never collides with `RampartCore.User` (what the store holds).
public enum IAM {}
public enum STS {}
