import RampartCore
import RampartServices
import RampartWire
import Testing

/// A JSON 1.1 service for the router test, shaped like Organizations.
private struct EchoService: JSONService {
    let targetPrefix = "AWSOrganizationsV20161128"
    let operationNames: Set<String> = ["DescribeOrganization", "ListAccounts", "CreateAccount"]

    func handle(operation: String, body: [UInt8], call: CallContext) async throws(AWSError) -> [UInt8] {
        switch operation {
        case "DescribeOrganization": return Array(#"{"Organization":{"Id":"o-exampleorgid"}}"#.utf8)
        case "ListAccounts": return body
        default:
            throw AWSError(code: "AccessDeniedException", message: "You don't have permissions.", httpStatus: 400)
        }
    }
}

@Suite struct JSONDispatcherTests {
    private let dispatcher = JSONDispatcher(services: [EchoService()])

    @Test func routesByTarget() async {
        let response = await dispatcher.dispatch(
            target: "AWSOrganizationsV20161128.DescribeOrganization", body: Array("{}".utf8), call: testCall())
        #expect(response.status == 200)
        #expect(string(response.body) == #"{"Organization":{"Id":"o-exampleorgid"}}"#)
        #expect(JSONResponse.contentType == "application/x-amz-json-1.1")
    }

    @Test func passesTheBody() async {
        let response = await dispatcher.dispatch(
            target: "AWSOrganizationsV20161128.ListAccounts", body: Array(#"{"MaxResults":5}"#.utf8), call: testCall())
        #expect(string(response.body) == #"{"MaxResults":5}"#)
    }

    @Test func errorsBecomeJSONEnvelopes() async {
        let response = await dispatcher.dispatch(
            target: "AWSOrganizationsV20161128.CreateAccount", body: [], call: testCall())
        #expect(response.status == 400)
        #expect(string(response.body) == #"{"__type":"AccessDeniedException","message":"You don't have permissions."}"#)
    }

    @Test(arguments: [nil, "", "NoDot", "AWSOrganizationsV20161128.Frobnicate", "Other.DescribeOrganization"])
    func unknownTargets(_ target: String?) async {
        let response = await dispatcher.dispatch(target: target, body: [], call: testCall())
        #expect(response.status == 400)
        #expect(string(response.body) == #"{"__type":"UnknownOperationException"}"#)
    }

    @Test func routeSplitsAtTheLastDot() {
        let trail = JSONDispatcher(services: [TrailStub()])
        let route = trail.route(target: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents")
        #expect(route?.operation == "LookupEvents")
        #expect(trail.handles(target: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.Anything"))
        #expect(!trail.handles(target: "AWSOrganizationsV20161128.ListAccounts"))
    }
}

private struct TrailStub: JSONService {
    let targetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"
    let operationNames: Set<String> = ["LookupEvents"]
    func handle(operation: String, body: [UInt8], call: CallContext) async throws(AWSError) -> [UInt8] { [] }
}
