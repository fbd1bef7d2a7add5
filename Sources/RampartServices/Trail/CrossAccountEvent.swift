import RampartCore
import RampartStore

/// A call that acts on another account's resource is recorded in both accounts, as CloudTrail
/// does: the caller's account has the call as made, the resource's account a copy in which the
/// caller is only an `AWSAccount` (its principal id and account, nothing of its names), and the
/// two share a `sharedEventID`. In STS and IAM that call is AssumeRole of another account's role,
/// allowed or refused: a role's owner sees who tried to assume it.
enum CrossAccountEvent {
    /// The account of the role an AssumeRole names, when it is not the caller's; read from the
    /// request alone.
    static func namedAccount(of call: APICall) -> AccountID? {
        guard call.service == "sts", call.action == "AssumeRole",
            let roleArn = call.requestParameters["roleArn"]?.stringValue
        else { return nil }
        let parts = roleArn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, let account = AccountID(String(parts[4])), account != call.principal.account
        else { return nil }
        return account
    }

    /// `namedAccount`, when Rampart holds that account.
    static func resourceAccount(of call: APICall, in snapshot: StoreSnapshot) -> AccountID? {
        guard let account = namedAccount(of: call), snapshot.get(Account.self, account.rawValue) != nil else {
            return nil
        }
        return account
    }

    /// The resource account's copy of `record`; both get `sharedId`.
    static func copy(
        of record: inout CloudTrailRecord, caller: Principal, into account: AccountID, eventId: String,
        sharedId: String, snapshot: StoreSnapshot
    ) -> CloudTrailRecord {
        record.sharedEventId = sharedId
        var copy = record
        copy.identity = .members([
            ("type", .string("AWSAccount")),
            ("principalId", .string(CloudTrailIdentity.principalId(caller))),
            ("accountId", .string(caller.account.rawValue)),
        ])
        copy.username = nil
        copy.accessKeyId = nil
        copy.eventId = eventId
        copy.recipientAccount = account
        copy.organization = snapshot.get(Account.self, account.rawValue)?.membership?.organizationId
        return copy
    }
}
