import Foundation
import RampartCore
import RampartServices
import RampartWire

/// Fixed Organizations data the fake handler answers with; Fixtures/check_json_responses.py
/// checks the same values after botocore has parsed them.
enum OrganizationsSample {
    /// 2025-11-23T09:03:46.123Z: milliseconds, as Organizations' timestamps carry them.
    static let joined = Date(timeIntervalSince1970: 1_763_888_626.123)
    /// 2026-11-23T09:03:46Z.
    static let expires = Date(timeIntervalSince1970: 1_795_424_626)
    static let policy =
        #"{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"organizations:Leave*","#
        + #""Resource":"*","Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}]}"#

    static let organization = Organizations.Organization(
        id: "o-exampleorgid", arn: "arn:aws:organizations::111111111111:organization/o-exampleorgid",
        featureSet: "ALL", masterAccountArn: "arn:aws:organizations::111111111111:account/o-exampleorgid/111111111111",
        masterAccountId: "111111111111", masterAccountEmail: "bill@example.com",
        availablePolicyTypes: [Organizations.PolicyTypeSummary(type: "SERVICE_CONTROL_POLICY", status: "ENABLED")])

    static func account(_ index: Int) -> Organizations.Account {
        let id = "22222222222\(index)"
        return Organizations.Account(
            id: id, arn: "arn:aws:organizations::111111111111:account/o-exampleorgid/\(id)",
            email: "user\(index)@example.com", name: "Account \(index) \"Zürich\"", status: "ACTIVE", state: "ACTIVE",
            paths: nil, joinedMethod: index == 0 ? "CREATED" : "INVITED", joinedTimestamp: joined)
    }

    static let handshake = Organizations.Handshake(
        id: "h-examplehandshakeid111",
        arn: "arn:aws:organizations::111111111111:handshake/o-exampleorgid/invite/h-examplehandshakeid111",
        parties: [
            Organizations.HandshakeParty(id: "o-exampleorgid", type: "ORGANIZATION"),
            Organizations.HandshakeParty(id: "222222222222", type: "ACCOUNT"),
        ],
        state: "OPEN", requestedTimestamp: joined, expirationTimestamp: expires, action: "INVITE",
        resources: [
            Organizations.HandshakeResource(
                value: "o-exampleorgid", type: "ORGANIZATION",
                resources: [
                    Organizations.HandshakeResource(value: "bill@example.com", type: "MASTER_EMAIL"),
                    Organizations.HandshakeResource(value: "Org Master Account", type: "MASTER_NAME"),
                ]),
            Organizations.HandshakeResource(value: "Please join.\n\t\"Thanks\" \u{1}", type: "NOTES"),
        ])
}

/// An Organizations handler for the service tests: a few operations with fixed answers, modeled
/// errors in others, a bug in DeleteOrganization; the rest left to PartialOrganizationsHandler.
struct FakeOrganizationsHandler: PartialOrganizationsHandler {
    func describeOrganization(_ call: CallContext) async throws -> Organizations.DescribeOrganizationResponse {
        Organizations.DescribeOrganizationResponse(organization: OrganizationsSample.organization)
    }

    func listAccounts(
        _ input: Organizations.ListAccountsRequest, _ call: CallContext
    ) async throws -> Organizations.ListAccountsResponse {
        let count = input.maxResults ?? 2
        return Organizations.ListAccountsResponse(
            accounts: (0..<count).map(OrganizationsSample.account), nextToken: "AAE+/=next")
    }

    func createAccount(
        _ input: Organizations.CreateAccountRequest, _ call: CallContext
    ) async throws -> Organizations.CreateAccountResponse {
        if input.accountName == "over the limit" {
            throw OrganizationsErrors.constraintViolation(
                "You have exceeded the allowed number of AWS accounts.", reason: "ACCOUNT_NUMBER_LIMIT_EXCEEDED")
        }
        return Organizations.CreateAccountResponse(
            createAccountStatus: Organizations.CreateAccountStatus(
                id: "car-exampleaccountcreationrequestid", accountName: input.accountName, state: "IN_PROGRESS",
                requestedTimestamp: OrganizationsSample.joined))
    }

    func describeHandshake(
        _ input: Organizations.DescribeHandshakeRequest, _ call: CallContext
    ) async throws -> Organizations.DescribeHandshakeResponse {
        Organizations.DescribeHandshakeResponse(handshake: OrganizationsSample.handshake)
    }

    func listTagsForResource(
        _ input: Organizations.ListTagsForResourceRequest, _ call: CallContext
    ) async throws -> Organizations.ListTagsForResourceResponse {
        Organizations.ListTagsForResourceResponse(tags: [
            Organizations.Tag(key: "team", value: "platform \"security\" \\ ops"),
            Organizations.Tag(key: "ключ", value: "значение 😀"),
            Organizations.Tag(key: "empty", value: ""),
        ])
    }

    func describePolicy(
        _ input: Organizations.DescribePolicyRequest, _ call: CallContext
    ) async throws -> Organizations.DescribePolicyResponse {
        Organizations.DescribePolicyResponse(
            policy: Organizations.Policy(
                policySummary: Organizations.PolicySummary(
                    id: input.policyId, arn: "arn:aws:organizations::aws:policy/service_control_policy/p-FullAWSAccess",
                    name: "DenyLeave", description: "Deny <leaving> & more", type: "SERVICE_CONTROL_POLICY",
                    awsManaged: false),
                content: OrganizationsSample.policy))
    }

    func attachPolicy(_ input: Organizations.AttachPolicyRequest, _ call: CallContext) async throws {}

    func listRoots(
        _ input: Organizations.ListRootsRequest, _ call: CallContext
    ) async throws -> Organizations.ListRootsResponse {
        Organizations.ListRootsResponse(roots: [
            Organizations.Root(
                id: "r-examplerootid111",
                arn: "arn:aws:organizations::111111111111:root/o-exampleorgid/r-examplerootid111",
                name: "Root",
                policyTypes: [
                    Organizations.PolicyTypeSummary(type: "SERVICE_CONTROL_POLICY", status: "ENABLED"),
                    Organizations.PolicyTypeSummary(type: "TAG_POLICY", status: "PENDING_ENABLE"),
                ])
        ])
    }

    func describeAccount(
        _ input: Organizations.DescribeAccountRequest, _ call: CallContext
    ) async throws -> Organizations.DescribeAccountResponse {
        throw OrganizationsErrors.awsOrganizationsNotInUse("Your account is not a member of an organization.")
    }

    func listParents(
        _ input: Organizations.ListParentsRequest, _ call: CallContext
    ) async throws -> Organizations.ListParentsResponse {
        throw OrganizationsErrors.tooManyRequests("Rate exceeded.", type: "AccountRateLimit")
    }

    func deleteOrganization(_ call: CallContext) async throws {
        throw HandlerBug()
    }
}
