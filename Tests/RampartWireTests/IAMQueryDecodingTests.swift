import RampartCore
import RampartServices
import RampartWire
import Testing

/// Decoding and validation of IAM inputs: every constraint kind of the model, with the message
/// AWS gives for it.
@Suite struct IAMQueryDecodingTests {
    private let head1 = "1 validation error detected: "

    @Test func decodesATypedInput() throws {
        let input = try IAM.CreateUserRequest(
            query: query([
                ("Action", "CreateUser"), ("UserName", "alice"), ("Path", "/eng/"),
                ("Tags.member.1.Key", "team"), ("Tags.member.1.Value", "platform"),
                ("Tags.member.2.Key", "cost center"), ("Tags.member.2.Value", ""),
            ]))
        #expect(
            input
                == IAM.CreateUserRequest(
                    path: "/eng/", userName: "alice",
                    tags: [IAM.Tag(key: "team", value: "platform"), IAM.Tag(key: "cost center", value: "")]))
    }

    @Test func absentOptionalsStayNilAndEmptyListIsEmpty() throws {
        let input = try IAM.CreateUserRequest(query: query([("UserName", "bob"), ("Tags", "")]))
        #expect(input.path == nil)
        #expect(input.permissionsBoundary == nil)
        #expect(input.tags == [])
    }

    @Test func requiredMemberMissing() {
        let error = decodeError(IAM.CreateUserRequest.self, [("Path", "/")])
        #expect(error?.code == "ValidationError")
        #expect(error?.httpStatus == 400)
        #expect(error?.fault == .sender)
        #expect(
            error?.message == head1 + "Value at 'userName' failed to satisfy constraint: Member must not be null")
    }

    @Test func maximumLength() {
        let error = decodeError(IAM.CreateUserRequest.self, [("UserName", String(repeating: "a", count: 65))])
        #expect(
            error?.message
                == head1
                + "Value at 'userName' failed to satisfy constraint: Member must have length less than or equal to 64")
    }

    @Test func lengthLimitsAreInclusive() throws {
        _ = try IAM.CreateUserRequest(query: query([("UserName", String(repeating: "a", count: 64))]))
        _ = try IAM.CreateUserRequest(query: query([("UserName", "a")]))
    }

    @Test func pattern() {
        let error = decodeError(IAM.CreateUserRequest.self, [("UserName", "bad name")])
        #expect(
            error?.message
                == head1 + #"Value at 'userName' failed to satisfy constraint: "#
                + #"Member must satisfy regular expression pattern: [\w+=,.@-]+"#)
    }

    @Test func emptyStringBreaksLengthAndPattern() {
        let error = decodeError(IAM.CreateUserRequest.self, [("UserName", "")])
        #expect(
            error?.message
                == "2 validation errors detected: "
                + "Value at 'userName' failed to satisfy constraint: "
                + "Member must have length greater than or equal to 1; "
                + #"Value at 'userName' failed to satisfy constraint: Member must satisfy regular expression pattern: "#
                + #"[\w+=,.@-]+"#)
    }

    @Test func enumValues() {
        let error = decodeError(
            IAM.UpdateAccessKeyRequest.self,
            [("UserName", "alice"), ("AccessKeyId", "AKIAIOSFODNN7EXAMPLE"), ("Status", "Disabled")])
        #expect(
            error?.message
                == head1
                + "Value at 'status' failed to satisfy constraint: Member must satisfy enum value set: "
                + "[Active, Inactive, Expired]")
    }

    @Test func integerRange() {
        let high = decodeError(IAM.ListUsersRequest.self, [("MaxItems", "1001")])
        #expect(
            high?.message
                == head1
                + "Value at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000")
        let low = decodeError(IAM.ListUsersRequest.self, [("MaxItems", "0")])
        #expect(
            low?.message
                == head1
                + "Value at 'maxItems' failed to satisfy constraint: Member must have value greater than or equal to 1")
    }

    @Test func notAnIntegerIsRefusedBeforeValidation() {
        let error = decodeError(IAM.ListUsersRequest.self, [("MaxItems", "ten"), ("PathPrefix", "bad")])
        #expect(error?.code == "ValidationError")
        #expect(error?.message == "Invalid value for parameter MaxItems: must be an integer.")
    }

    @Test func notABoolean() {
        let error = decodeError(IAM.UpdateAccountPasswordPolicyRequest.self, [("RequireSymbols", "1")])
        #expect(error?.message == "Invalid value for parameter RequireSymbols: must be a boolean (true or false).")
    }

    @Test func listLength() {
        var parameters = [("UserName", "alice")]
        for index in 1...51 {
            parameters.append(("Tags.member.\(index).Key", "k\(index)"))
            parameters.append(("Tags.member.\(index).Value", "v"))
        }
        let error = decodeError(IAM.TagUserRequest.self, parameters)
        #expect(
            error?.message
                == head1
                + "Value at 'tags' failed to satisfy constraint: Member must have length less than or equal to 50")
    }

    @Test func nestedMembersAreNamedByTheirPath() {
        let error = decodeError(
            IAM.TagUserRequest.self,
            [
                ("UserName", "alice"), ("Tags.member.1.Key", "ok"),
                ("Tags.member.2.Key", "bad#key"), ("Tags.member.2.Value", "v"),
            ])
        #expect(
            error?.message
                == "2 validation errors detected: "
                + "Value at 'tags.1.member.value' failed to satisfy constraint: Member must not be null; "
                + "Value at 'tags.2.member.key' failed to satisfy constraint: "
                + #"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+"#)
    }

    @Test func listLengthComesBeforeElementErrors() {
        var parameters = [("UserName", "alice")]
        for index in 1...50 {
            parameters.append(("Tags.member.\(index).Key", "k\(index)"))
            parameters.append(("Tags.member.\(index).Value", "v"))
        }
        parameters += [("Tags.member.51.Key", "bad#key"), ("Tags.member.51.Value", "v")]
        let error = decodeError(IAM.TagUserRequest.self, parameters)
        #expect(
            error?.message
                == "2 validation errors detected: Value at 'tags' failed to satisfy constraint: "
                + "Member must have length less than or equal to 50; "
                + "Value at 'tags.51.member.key' failed to satisfy constraint: "
                + #"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+"#)
    }

    @Test func listOfScalarsIsReportedOnceWithAllElementConstraints() {
        let error = decodeError(
            IAM.UntagUserRequest.self,
            [("UserName", "alice"), ("TagKeys.member.1", "bad#"), ("TagKeys.member.2", "k"), ("TagKeys.member.3", "")])
        #expect(
            error?.message
                == head1 + "Value at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: "
                + "[Member must have length less than or equal to 128, "
                + "Member must have length greater than or equal to 1, "
                + #"Member must satisfy regular expression pattern: [\p{L}\p{Z}\p{N}_.:/=+\-@]+, "#
                + "Member must not be null]")
    }

    @Test func enumElementsOfAList() {
        let error = decodeError(
            IAM.GetAccountAuthorizationDetailsRequest.self, [("Filter.member.1", "User"), ("Filter.member.2", "Bogus")])
        #expect(
            error?.message
                == head1 + "Value at 'filter' failed to satisfy constraint: Member must satisfy constraint: "
                + "[Member must satisfy enum value set: [User, Role, Group, LocalManagedPolicy, AWSManagedPolicy], "
                + "Member must not be null]")
        let ok = try? IAM.GetAccountAuthorizationDetailsRequest(
            query: query([("Filter.member.1", "User"), ("Filter.member.2", "Role")]))
        #expect(ok?.filter == ["User", "Role"])
    }

    @Test func severalMembersInModelOrder() {
        let error = decodeError(
            IAM.CreatePolicyRequest.self,
            [("PolicyName", "bad name"), ("Path", "no-slash"), ("Description", String(repeating: "d", count: 1001))])
        #expect(
            error?.message
                == "4 validation errors detected: "
                + #"Value at 'policyName' failed to satisfy constraint: "#
                + #"Member must satisfy regular expression pattern: "#
                + #"[\w+=,.@-]+; "#
                + #"Value at 'path' failed to satisfy constraint: Member must satisfy regular expression pattern: "#
                + #"((/[A-Za-z0-9\.,\+@=_-]+)*)/; "#
                + "Value at 'policyDocument' failed to satisfy constraint: Member must not be null; "
                + "Value at 'description' failed to satisfy constraint: "
                + "Member must have length less than or equal to 1000")
    }

    /// AWS counts length in UTF-16 code units (Java's String.length): a character outside the
    /// Basic Multilingual Plane counts twice.
    @Test func lengthCountsUTF16CodeUnits() throws {
        let wide = "\u{20000}"  // 𠀀, a letter (Lo), two UTF-16 units
        let fits = String(repeating: wide, count: 128)  // 256 units
        _ = try IAM.TagUserRequest(
            query: query([("UserName", "a"), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", fits)]))
        let error = decodeError(
            IAM.TagUserRequest.self,
            [("UserName", "a"), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", fits + wide)])
        #expect(
            error?.message
                == head1
                + "Value at 'tags.1.member.value' failed to satisfy constraint: "
                + "Member must have length less than or equal to 256")
        // 256 two-byte UTF-8 characters are 256 units, not 512.
        _ = try IAM.TagUserRequest(
            query: query([
                ("UserName", "a"), ("Tags.member.1.Key", "k"),
                ("Tags.member.1.Value", String(repeating: "é", count: 256)),
            ]))
    }

    @Test func policyDocumentsAreLatin1() throws {
        _ = try IAM.PutUserPolicyRequest(
            query: query([("UserName", "a"), ("PolicyName", "p"), ("PolicyDocument", "{\"Sid\": \"Zürich\"}\n")]))
        let error = decodeError(
            IAM.PutUserPolicyRequest.self,
            [("UserName", "a"), ("PolicyName", "p"), ("PolicyDocument", "{\"Sid\": \"✓\"}")])
        let pattern = #"Member must satisfy regular expression pattern: [\u0009\u000A\u000D\u0020-\u00FF]+"#
        #expect(error?.message.contains(pattern) == true)
    }
}
