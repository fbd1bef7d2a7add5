import RampartCore
import RampartStore

// The stored entity a principal acts as. Credentials carry a name (for ARNs and the store's keys)
// and a unique id; a name can be reused by a later user or role, an id never is. Every lookup of a
// principal's own record goes through here, so what is found is the entity the credentials were
// issued to, or nothing: never another entity that now has its name.
//
// The store keys users and roles by name and keeps no index by id (each index is copied on every
// write to its table), so these look up by name and compare the id. A renamed user therefore no
// longer matches its temporary credentials: they stop working, as after deletion. Console sessions
// are records and are renamed with their user (UpdateUser), so they keep working.

extension StoreSnapshot {
    /// The user named `name` if it is the user with unique id `id`.
    func user(_ account: AccountID, named name: String, id: String) -> User? {
        guard let user = get(User.self, User.key(account, name)), user.id == id else { return nil }
        return user
    }

    /// The role named `name` if it is the role with unique id `id`.
    func role(_ account: AccountID, named name: String, id: String) -> Role? {
        guard let role = get(Role.self, Role.key(account, name)), role.id == id else { return nil }
        return role
    }

    /// The user a principal of kind `.user` is; nil for other kinds or when that user is gone.
    func user(of principal: Principal) -> User? {
        guard principal.kind == .user else { return nil }
        return user(principal.account, named: principal.name, id: principal.uniqueId)
    }

    /// The role a role session was issued for; nil for other kinds or when that role is gone.
    func role(of principal: Principal) -> Role? {
        guard principal.kind == .assumedRole else { return nil }
        return role(principal.account, named: principal.name, id: principal.uniqueId)
    }

    /// The IAM user a federated user's session was issued by; nil for other kinds, for a session root
    /// issued, or when that user is gone.
    func federatingUser(of principal: Principal) -> User? {
        guard principal.kind == .federatedUser, !principal.isFederatedByRoot else { return nil }
        return user(principal.account, named: principal.name, id: principal.uniqueId)
    }

    /// Whether the entity a principal acts as still exists: its user or role, or for root its
    /// account (root has no record of its own; its credentials are bound to the account id).
    func holds(_ principal: Principal) -> Bool {
        switch principal.kind {
        case .root: return get(Account.self, principal.account.rawValue) != nil
        case .user: return user(of: principal) != nil
        case .assumedRole: return role(of: principal) != nil
        case .federatedUser:
            return principal.isFederatedByRoot
                ? get(Account.self, principal.account.rawValue) != nil : federatingUser(of: principal) != nil
        }
    }
}

extension Principal {
    /// A federated user's session that root issued: it acts with root's permissions, narrowed by
    /// its session policies. Root's unique id is its account id.
    var isFederatedByRoot: Bool { kind == .federatedUser && uniqueId == account.rawValue }
}

extension EntityReader {
    /// The unique id of the principal a console sign-in names (`userName` nil for root), as
    /// `Principal.uniqueId` gives it for credentials: the user's `AIDA…`, the account id for root; nil
    /// when no such user exists.
    func uniqueId(of account: AccountID, userName: String?) -> String? {
        guard let userName else { return account.rawValue }
        return get(User.self, User.key(account, userName))?.id
    }
}
