import RampartCore
import RampartServices
import RampartWire
import Testing

@Suite struct IAMQueryDispatcherTests {
    private let namespace = #"xmlns="https://iam.amazonaws.com/doc/2010-05-08/""#

    private func dispatch(_ body: String, requestId: String = "req-1") async throws(AWSError) -> String {
        let input = try QueryInput(formEncoded: body)
        let bytes = try await IAMQueryDispatcher.dispatch(
            action: input.action ?? "", query: input, handler: FakeIAMHandler(), call: testCall(requestId: requestId))
        return string(bytes)
    }

    private func failure(_ body: String) async -> AWSError? {
        do {
            _ = try await dispatch(body)
            return nil
        } catch {
            return error
        }
    }

    @Test func createUserRoundTrip() async throws {
        let body = try await dispatch(
            "Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fops%2F"
                + "&Tags.member.1.Key=team&Tags.member.1.Value=a%20b%2Bc",
            requestId: "7a62c49f-347e-4fc4-9331-6e8eEXAMPLE")
        #expect(
            body
                == "<CreateUserResponse \(namespace)><CreateUserResult><User><Path>/ops/</Path>"
                + "<UserName>alice</UserName><UserId>AIDAALICE</UserId>"
                + "<Arn>arn:aws:iam::123456789012:user/ops/alice</Arn>"
                + "<CreateDate>2025-11-23T09:03:46Z</CreateDate>"
                + "<Tags><member><Key>team</Key><Value>a b+c</Value></member></Tags></User></CreateUserResult>"
                + "<ResponseMetadata><RequestId>7a62c49f-347e-4fc4-9331-6e8eEXAMPLE</RequestId></ResponseMetadata>"
                + "</CreateUserResponse>")
    }

    @Test func operationWithoutOutputHasOnlyMetadata() async throws {
        let body = try await dispatch("Action=DeleteUser&Version=2010-05-08&UserName=alice")
        #expect(
            body
                == "<DeleteUserResponse \(namespace)><ResponseMetadata><RequestId>req-1</RequestId>"
                + "</ResponseMetadata></DeleteUserResponse>")
    }

    @Test func operationWithoutInput() async throws {
        let body = try await dispatch("Action=GetAccountSummary&Version=2010-05-08")
        #expect(
            body.contains(
                "<GetAccountSummaryResult><SummaryMap><entry><key>AccountMFAEnabled</key><value>1</value></entry>"
                    + "<entry><key>Users</key><value>3</value></entry>"
                    + "<entry><key>UsersQuota</key><value>5000</value></entry></SummaryMap></GetAccountSummaryResult>"))
    }

    @Test func validationFailsBeforeTheHandler() async {
        let error = await failure("Action=CreateUser&Version=2010-05-08&UserName=bad%20name")
        #expect(error?.code == "ValidationError")
        #expect(error?.httpStatus == 400)
    }

    @Test func handlerAWSErrorPassesThrough() async {
        let error = await failure("Action=GetUser&Version=2010-05-08&UserName=nobody")
        #expect(error == AWSError.noSuchEntity("The user with name nobody cannot be found."))
        #expect(IAMErrors.isModeled(error!))
    }

    @Test func handlerBugBecomesServiceFailureWithoutDetail() async {
        let error = await failure("Action=GetGroup&Version=2010-05-08&GroupName=admins")
        #expect(error?.code == "ServiceFailure")
        #expect(error?.httpStatus == 500)
        #expect(error?.fault == .receiver)
        #expect(error?.message.contains("HandlerBug") == false)
    }

    @Test func unknownAction() async {
        let error = await failure("Action=Frobnicate&Version=2010-05-08")
        #expect(error?.code == "InvalidAction")
        #expect(error?.httpStatus == 400)
        #expect(error?.message == "Could not find operation Frobnicate for version 2010-05-08")
    }

    @Test func wrongVersion() async {
        let error = await failure("Action=CreateUser&Version=2011-06-15&UserName=a")
        #expect(error?.message == "Could not find operation CreateUser for version 2011-06-15")
    }

    @Test func everyOperationOfTheModelIsRouted() async {
        // No operation of the model answers "Rampart does not implement …" any more: an input error comes
        // from the operation's own decoding.
        #expect(IAMQueryDispatcher.implementedOperationNames == IAMQueryDispatcher.allOperationNames)
        let error = await failure("Action=GetRoleTemplateVersion&Version=2010-05-08")
        #expect(error?.code == "ValidationError")
    }

    @Test func configuredOperationTheHandlerLeavesOut() async {
        let error = await failure("Action=ListGroups&Version=2010-05-08")
        #expect(error?.message == "Rampart does not implement the IAM operation ListGroups yet.")
    }

    @Test func operationSets() {
        #expect(IAMQueryDispatcher.allOperationNames.count == 180)  // botocore 1.44.5
        #expect(IAMQueryDispatcher.implementedOperationNames.count == 180)
        #expect(IAMQueryDispatcher.implementedOperationNames.isSubset(of: IAMQueryDispatcher.allOperationNames))
        #expect(IAMQueryDispatcher.allOperationNames.contains("EnableMFADevice"))
        #expect(Set(IAM.modelOperationNames) == IAMQueryDispatcher.allOperationNames)
    }

    @Test func policyDocumentsAreURLEncoded() async throws {
        let body = try await dispatch(
            "Action=GetPolicyVersion&Version=2010-05-08&PolicyArn=arn:aws:iam::123456789012:policy/p&VersionId=v2")
        let expected = PercentEncoding.encodeRFC3986(Sample.policy)
        #expect(body.contains("<Document>\(expected)</Document>"))
        #expect(expected.hasPrefix("%7B%22Version%22%3A%222012-10-17%22"))
        #expect(body.contains("<VersionId>v2</VersionId><IsDefaultVersion>true</IsDefaultVersion>"))
    }

    @Test func listsAndTruncation() async throws {
        let body = try await dispatch("Action=ListUsers&Version=2010-05-08&MaxItems=3")
        #expect(body.components(separatedBy: "<member><Path>").count == 4)
        #expect(body.contains("</Users><IsTruncated>true</IsTruncated><Marker>next+page/=</Marker></ListUsersResult>"))
    }
}
