import Foundation
import RampartCore
import RampartServices
import RampartWire
import Testing

/// The generated service behind the JSON 1.1 router: target → decode → handler → encode, and
/// every failure in Organizations' error body.
@Suite struct OrganizationsJSONServiceTests {
    private let dispatcher = JSONDispatcher(services: [OrganizationsJSONService(handler: FakeOrganizationsHandler())])

    private func call(_ operation: String, _ body: String = "{}") async -> (Int, String) {
        let response = await dispatcher.dispatch(
            target: "AWSOrganizationsV20161128.\(operation)", body: Array(body.utf8), call: testCall())
        return (response.status, string(response.body))
    }

    @Test func identity() {
        #expect(OrganizationsJSONService.targetPrefix == "AWSOrganizationsV20161128")
        #expect(OrganizationsJSONService.signingName == "organizations")
        #expect(OrganizationsJSONService.allOperationNames.count == 63)
        #expect(OrganizationsJSONService.implementedOperationNames == OrganizationsJSONService.allOperationNames)
        let service = OrganizationsJSONService(handler: FakeOrganizationsHandler())
        #expect(service.operationNames == OrganizationsJSONService.allOperationNames)
        #expect(service.errorMessageKey == "Message")
    }

    @Test func answersWithTheOutput() async {
        let (status, body) = await call("DescribeOrganization")
        #expect(status == 200)
        #expect(body.hasPrefix(#"{"Organization":{"Id":"o-exampleorgid","Arn":"#))
        #expect(
            await call("AttachPolicy", #"{"PolicyId": "p-examplepolicyid111", "TargetId": "r-ab12"}"#) == (200, "{}"))
        let (_, accounts) = await call("ListAccounts", #"{"MaxResults": 1}"#)
        #expect(
            accounts
                == #"{"Accounts":[{"Id":"222222222220","Arn":"arn:aws:organizations::111111111111:account/"#
                + #"o-exampleorgid/222222222220","Email":"user0@example.com","Name":"Account 0 \"Zürich\"","#
                + #""Status":"ACTIVE","State":"ACTIVE","JoinedMethod":"CREATED","JoinedTimestamp":1.763888626123E9}],"#
                + #""NextToken":"AAE+/=next"}"#)
    }

    @Test func modeledErrorsCarryTheirMembers() async {
        #expect(
            await call("CreateAccount", #"{"Email": "a@example.com", "AccountName": "over the limit"}"#)
                == (
                    400,
                    #"{"__type":"ConstraintViolationException","Message":"You have exceeded the allowed number of AWS "#
                        + #"accounts.","Reason":"ACCOUNT_NUMBER_LIMIT_EXCEEDED"}"#
                ))
        #expect(
            await call("ListParents", #"{"ChildId": "123456789012"}"#)
                == (400, #"{"__type":"TooManyRequestsException","Message":"Rate exceeded.","Type":"AccountRateLimit"}"#)
        )
    }

    @Test func aHandlerBugIsTheModelsInternalError() async {
        #expect(
            await call("DeleteOrganization")
                == (
                    500,
                    #"{"__type":"ServiceException","Message":"The request processing has failed because of an "#
                        + #"unknown error, exception or failure."}"#
                ))
    }

    @Test func unimplementedAndUnknownOperations() async {
        #expect(
            await call("LeaveOrganization")
                == (
                    400,
                    #"{"__type":"UnknownOperationException","Message":"Rampart does not implement the Organizations "#
                        + #"operation LeaveOrganization yet."}"#
                ))
        #expect(await call("Frobnicate") == (400, #"{"__type":"UnknownOperationException"}"#))
    }

    @Test func decodingFailures() async {
        #expect(await call("ListAccounts", "{") == (400, #"{"__type":"SerializationException"}"#))
        #expect(
            await call("DescribeOrganization", "[1]") == (
                400,
                #"{"__type":"SerializationException","Message":"Start of list found where not expected"}"#
            ))
        #expect(
            await call("ListAccounts", #"{"MaxResults": 21}"#)
                == (
                    400,
                    #"{"__type":"ValidationException","Message":"1 validation error detected: Value at 'maxResults' "#
                        + #"failed to satisfy constraint: Member must have value less than or equal to 20"}"#
                ))
    }

    /// Every operation of the model takes `{}`: it answers, or names what is missing, or says it is not
    /// implemented; never a serialization error or a crash.
    @Test func everyOperationIsRouted() async {
        for operation in OrganizationsJSONService.allOperationNames.sorted() {
            let (status, body) = await call(operation)
            let fine = [
                "\"ValidationException\"", "\"UnknownOperationException\",\"Message\"", "\"ServiceException\"",
                "\"AWSOrganizationsNotInUseException\"",
            ]
            #expect(status == 200 || fine.contains { body.contains($0) }, "\(operation): \(status) \(body)")
        }
    }
}
