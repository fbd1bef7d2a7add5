import RampartCore
import RampartWire
import Testing

@Suite struct TrailParametersTests {
    @Test func queryMembersAreLowerCamelListsAndMapsNested() throws {
        let input = try QueryInput(
            formEncoded: "Action=CreateUser&Version=2010-05-08&UserName=alice&Path=%2Fteam%2F"
                + "&Tags.member.2.Key=b&Tags.member.2.Value=2&Tags.member.1.Key=a&Tags.member.1.Value=1")
        #expect(
            TrailParameters.query(input).json
                == #"{"path":"/team/","tags":[{"key":"a","value":"1"},{"key":"b","value":"2"}],"userName":"alice"}"#)
    }

    @Test func secretsAreLeftOut() throws {
        let input = try QueryInput(
            formEncoded: "Action=CreateLoginProfile&UserName=bob&Password=hunter2-Secret&PasswordResetRequired=true")
        let recorded = TrailParameters.query(input).json
        #expect(recorded == #"{"passwordResetRequired":true,"userName":"bob"}"#)
        let codes = try QueryInput(
            formEncoded: "Action=EnableMFADevice&UserName=bob&SerialNumber=s&AuthenticationCode1=123456"
                + "&AuthenticationCode2=654321")
        #expect(!TrailParameters.query(codes).json.contains("123456"))
        let token = try QueryInput(formEncoded: "Action=GetSessionToken&TokenCode=123456&DurationSeconds=900")
        #expect(TrailParameters.query(token).json == #"{"durationSeconds":900}"#)
    }

    @Test func aNameThatLooksLikeANumberStaysAString() throws {
        let input = try QueryInput(formEncoded: "Action=GetUser&UserName=123")
        #expect(TrailParameters.query(input).json == #"{"userName":"123"}"#)
    }

    @Test func noParametersIsNull() throws {
        #expect(TrailParameters.query(try QueryInput(formEncoded: "Action=GetCallerIdentity&Version=x")) == .null)
        #expect(TrailParameters.json(Array("{}".utf8)) == .null)
    }

    @Test func jsonBodiesKeepTypesAndDropSecrets() {
        let body = Array(
            #"{"Name":"dev","Email":"a@example.com","MaxResults":5,"Password":"x","Tags":[{"Key":"k"}]}"#.utf8)
        #expect(
            TrailParameters.json(body).json
                == #"{"email":"a@example.com","maxResults":5,"name":"dev","tags":[{"key":"k"}]}"#)
    }

    @Test func deepKeysAreIgnoredNotRecursedInto() throws {
        let key = Array(repeating: "A", count: 5000).joined(separator: ".")
        let input = try QueryInput(formEncoded: "Action=GetUser&\(key)=1&UserName=x")
        #expect(TrailParameters.query(input).json == #"{"userName":"x"}"#)
    }
}
