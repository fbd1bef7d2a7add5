import RampartCore
import RampartServices
import RampartWire
import Testing

/// The patterns of the model, matched as Java matches them (whole value, per code point, ASCII
/// `\w`): the direct scans and the Regex fallback, through the inputs that use them.
@Suite struct IAMQueryConstraintsTests {
    private func userPathIsValid(_ path: String) -> Bool {
        decodeError(IAM.CreateUserRequest.self, [("UserName", "a"), ("Path", path)]) == nil
    }

    @Test(arguments: ["/", "/a/", "/division_abc/subdivision_xyz/", "/!~/"])
    func pathsThatMatch(_ path: String) { #expect(userPathIsValid(path)) }

    @Test(arguments: ["a", "//", "/a", "a/", "/a b/", "/é/", "/\u{7F}/"])
    func pathsThatDoNot(_ path: String) { #expect(!userPathIsValid(path)) }

    @Test func pathPrefix() {
        #expect(decodeError(IAM.ListUsersRequest.self, [("PathPrefix", "/")]) == nil)
        #expect(decodeError(IAM.ListUsersRequest.self, [("PathPrefix", "/eng\u{7F}")]) == nil)
        #expect(decodeError(IAM.ListUsersRequest.self, [("PathPrefix", "eng/")]) != nil)
    }

    @Test func wordClassIsASCII() {
        #expect(decodeError(IAM.CreateUserRequest.self, [("UserName", "Alice_1+=,.@-")]) == nil)
        #expect(decodeError(IAM.CreateUserRequest.self, [("UserName", "Zoë")]) != nil)
        #expect(decodeError(IAM.CreateUserRequest.self, [("UserName", "١٢٣")]) != nil)  // Arabic-Indic digits
    }

    @Test func unicodeCategoriesInTags() {
        let ok = [
            ("UserName", "a"), ("Tags.member.1.Key", "ключ 名前 ٣"), ("Tags.member.1.Value", "Zürich\u{A0}:/=+-@_."),
        ]
        #expect(decodeError(IAM.TagUserRequest.self, ok) == nil)
        let bad = [("UserName", "a"), ("Tags.member.1.Key", "k"), ("Tags.member.1.Value", "😀")]
        #expect(decodeError(IAM.TagUserRequest.self, bad) != nil)
    }

    @Test func regexFallbackForLookahead() {
        #expect(decodeError(IAM.CreateAccountAliasRequest.self, [("AccountAlias", "my-alias-1")]) == nil)
        #expect(decodeError(IAM.CreateAccountAliasRequest.self, [("AccountAlias", "my--alias")]) != nil)
        #expect(decodeError(IAM.CreateAccountAliasRequest.self, [("AccountAlias", "-alias")]) != nil)
        #expect(decodeError(IAM.CreateAccountAliasRequest.self, [("AccountAlias", "Alias")]) != nil)
    }

    @Test func regexFallbackForOptionalGroups() {
        let arn = ("PolicyArn", "arn:aws:iam::123456789012:policy/p")
        #expect(decodeError(IAM.GetPolicyVersionRequest.self, [arn, ("VersionId", "v1")]) == nil)
        #expect(decodeError(IAM.GetPolicyVersionRequest.self, [arn, ("VersionId", "v12.a-B")]) == nil)
        #expect(decodeError(IAM.GetPolicyVersionRequest.self, [arn, ("VersionId", "v0")]) != nil)
        #expect(decodeError(IAM.GetPolicyVersionRequest.self, [arn, ("VersionId", "v1\n")]) != nil)
    }

    @Test func policyPathRepeatedGroups() {
        let base = [("PolicyName", "p"), ("PolicyDocument", "{}")]
        #expect(decodeError(IAM.CreatePolicyRequest.self, base + [("Path", "/")]) == nil)
        #expect(decodeError(IAM.CreatePolicyRequest.self, base + [("Path", "/a/b.c/")]) == nil)
        #expect(decodeError(IAM.CreatePolicyRequest.self, base + [("Path", "/a//")]) != nil)
    }

    /// Java reads `\u10000-\u10FFFF` (in STS's arnType) as U+1000, then the range 0-U+10FF, then
    /// `FF`: characters outside the BMP are refused and C1 controls accepted, as Coral does.
    @Test func javaReadsFourHexDigits() {
        let base = [("RoleSessionName", "s1")]
        #expect(
            decodeError(STS.AssumeRoleRequest.self, base + [("RoleArn", "arn:aws:iam::123456789012:role/\u{80}x")])
                == nil)
        #expect(
            decodeError(STS.AssumeRoleRequest.self, base + [("RoleArn", "arn:aws:iam::123456789012:role/😀")])
                != nil)
    }
}
