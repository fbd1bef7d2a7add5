import Foundation
import RampartCore
import RampartStore

/// The AWS Organizations operations, over entities (the wire layer maps them to the model's
/// shapes). Each family lives in its own file: `+Organization`, `+Units`, `+Accounts`,
/// `+Policies`. Every operation reads a snapshot or runs one store write.
public struct OrganizationsService: Sendable {
    let environment: ServiceEnvironment

    public init(environment: ServiceEnvironment) {
        self.environment = environment
    }

    var store: any Store { environment.store }
}

/// Who may call an operation, beyond what IAM policies allow: AWS reserves most of Organizations
/// to the management account, lets delegated administrators read, and lets members see only their
/// own organization.
enum OrganizationsCaller {
    case anyMember
    case managementOrDelegatedAdministrator
    case management
}

extension OrganizationsService {
    /// The caller's organization, if the caller may make this call in it.
    func organization(_ call: CallContext, _ who: OrganizationsCaller, in reader: some EntityReader) throws(AWSError)
        -> Organization
    {
        guard let (organization, _) = OrganizationTree.organization(of: call.principal.account, in: reader) else {
            throw OrganizationsErrors.notInUse
        }
        let account = call.principal.account
        switch who {
        case .anyMember:
            break
        case .management:
            guard account == organization.managementAccount else { throw OrganizationsErrors.accessDenied }
        case .managementOrDelegatedAdministrator:
            guard
                account == organization.managementAccount
                    || organization.delegatedAdministrators.contains(where: { $0.account == account })
            else { throw OrganizationsErrors.accessDenied }
        }
        return organization
    }

    /// The accounts of an organization, management account included.
    func accounts(of organization: Organization, in reader: StoreSnapshot) -> [Account] {
        reader.allAccounts().filter { $0.membership?.organizationId == organization.id }
    }

    /// A member account of the caller's organization, or AccountNotFoundException.
    func memberAccount(_ id: String, of organization: Organization, in reader: some EntityReader) throws(AWSError)
        -> Account
    {
        guard let accountId = AccountID(id), let account = reader.get(Account.self, accountId.rawValue),
            account.membership?.organizationId == organization.id
        else { throw OrganizationsErrors.accountNotFound }
        return account
    }

    /// Whether `parentId` names the organization's root or one of its OUs.
    func parentExists(_ parentId: String, in organization: Organization, _ reader: some EntityReader) -> Bool {
        if parentId == organization.root.id { return true }
        return reader.get(OrganizationalUnit.self, parentId)?.organizationId == organization.id
    }
}

/// Organizations' identifiers: a prefix and random lower-case letters and digits.
enum OrganizationIDs {
    static let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789".utf8)

    static func random(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        return String(
            decoding: (0..<count).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] },
            as: UTF8.self)
    }

    static func organization() -> String { "o-" + random(10) }
    static func root() -> String { "r-" + random(4) }
    /// An OU id carries its root's four characters: `ou-ab12-cdef3456`.
    static func organizationalUnit(root: String) -> String { "ou-\(root.dropFirst(2))-" + random(8) }
    static func policy() -> String { "p-" + random(8) }
    static func createAccountRequest() -> String { "car-" + random(32) }
    static func handshake() -> String { "h-" + random(10) }
}

/// Organizations' NextToken/MaxResults paging: at most 20 per page, 20 when unasked.
struct OrganizationsPage<Item> {
    static var defaultSize: Int { 20 }

    var items: [Item]
    var nextToken: String?

    init(_ all: [Item], sortKey: (Item) -> String, nextToken: String?, maxResults: Int?) throws(AWSError) {
        // A token is the sort key of the first item not yet returned, wrapped so that clients treat it as
        // opaque; a token that was never issued is refused as AWS refuses it.
        var marker: String?
        if let nextToken {
            guard let data = Data(base64Encoded: nextToken), let text = String(data: data, encoding: .utf8),
                text.hasPrefix("v1:")
            else {
                throw OrganizationsErrors.invalidInput(
                    "INVALID_NEXT_TOKEN", "The specified pagination token is invalid.")
            }
            marker = String(text.dropFirst(3))
        }
        let page = Page(all, sortKey: sortKey, position: marker, maxItems: maxResults ?? Self.defaultSize)
        items = page.items
        self.nextToken = page.marker.map { Data(("v1:" + $0).utf8).base64EncodedString() }
    }
}
