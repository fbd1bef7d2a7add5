import RampartCore
import RampartServices
import RampartWire
import Testing

@Suite struct STSQueryDispatcherTests {
    private func dispatch(_ body: String) async throws(AWSError) -> String {
        let input = try QueryInput(formEncoded: body)
        return string(
            try await STSQueryDispatcher.dispatch(
                action: input.action ?? "", query: input, handler: FakeSTSHandler(), call: testCall()))
    }

    @Test func getCallerIdentity() async throws {
        let body = try await dispatch("Action=GetCallerIdentity&Version=2011-06-15")
        #expect(
            body
                == #"<GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">"#
                + "<GetCallerIdentityResult><UserId>AIDAEXAMPLE</UserId><Account>123456789012</Account>"
                + "<Arn>arn:aws:iam::123456789012:user/alice</Arn></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>c0ffee00-0000-4000-8000-000000000001</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>")
    }

    @Test func assumeRoleValidatesDuration() async {
        do {
            _ = try await dispatch(
                "Action=AssumeRole&Version=2011-06-15&RoleArn=arn:aws:iam::123456789012:role/admin"
                    + "&RoleSessionName=s&DurationSeconds=60")
            Issue.record("expected a validation error")
        } catch {
            #expect(
                error.message
                    == "2 validation errors detected: "
                    + "Value 's' at 'roleSessionName' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 2; "
                    + "Value '60' at 'durationSeconds' failed to satisfy constraint: "
                    + "Member must have value greater than or equal to 900")
        }
    }

    @Test func assumeRoleRoundTrip() async throws {
        let body = try await dispatch(
            "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fadmin"
                + "&RoleSessionName=alice&PolicyArns.member.1.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2FReadOnlyAccess")
        #expect(body.contains("<Credentials><AccessKeyId>ASIAIOSFODNN7EXAMPLE</AccessKeyId>"))
        #expect(body.contains("<Expiration>2026-11-23T09:03:46Z</Expiration></Credentials>"))
        #expect(body.contains("<AssumedRoleUser><AssumedRoleId>AROAADMIN:alice</AssumedRoleId>"))
        #expect(body.contains("<PackedPolicySize>6</PackedPolicySize></AssumeRoleResult>"))
    }

    @Test func assumeRootNeedsItsTaskPolicyAndAtMostNineHundredSeconds() async throws {
        let body = try await dispatch(
            "Action=AssumeRoot&Version=2011-06-15&TargetPrincipal=111122223333"
                + "&TaskPolicyArn.arn=arn%3Aaws%3Aiam%3A%3Aaws%3Apolicy%2Froot-task%2FIAMAuditRootUserCredentials"
                + "&DurationSeconds=900")
        #expect(body.contains("<AssumeRootResult><Credentials><AccessKeyId>ASIAROOTEXAMPLE00001</AccessKeyId>"))
        do {
            _ = try await dispatch(
                "Action=AssumeRoot&Version=2011-06-15&TargetPrincipal=1111&DurationSeconds=901")
            Issue.record("expected a validation error")
        } catch {
            #expect(
                error.message
                    == "3 validation errors detected: "
                    + "Value '1111' at 'targetPrincipal' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 12; "
                    + "Value null at 'taskPolicyArn' failed to satisfy constraint: Member must not be null; "
                    + "Value '901' at 'durationSeconds' failed to satisfy constraint: "
                    + "Member must have value less than or equal to 900")
        }
    }

    @Test func handlerErrorsAndInternalFailure() async {
        do {
            _ = try await dispatch("Action=GetSessionToken&Version=2011-06-15")
            Issue.record("expected AccessDenied")
        } catch {
            #expect(error.code == "AccessDenied")
            #expect(error.httpStatus == 403)
        }
        #expect(STSQueryDispatcher.internalError.code == "InternalFailure")
        #expect(STSQueryDispatcher.internalError.httpStatus == 500)
    }

    @Test func everyOperationOfTheModelAndNoOther() async {
        // Every STS operation of the model is routed now; only an unknown name is InvalidAction.
        #expect(STSQueryDispatcher.implementedOperationNames == STSQueryDispatcher.allOperationNames)
        do {
            _ = try await dispatch("Action=GetFederationTokens&Version=2011-06-15")
            Issue.record("expected InvalidAction")
        } catch {
            #expect(error.message == "Could not find operation GetFederationTokens for version 2011-06-15")
        }
        #expect(STSQueryDispatcher.allOperationNames.count == 11)
    }
}
