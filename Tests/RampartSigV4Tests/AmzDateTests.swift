import Foundation
import RampartCore
import Testing

@testable import RampartSigV4

@Suite struct AmzDateTests {
    @Test(arguments: [
        "20150830T123600Z", "20000229T235959Z", "19700101T000000Z", "00010101T000000Z", "99991231T235959Z",
    ])
    func roundTrips(text: String) throws {
        let parsed = try AmzDate(basicFormat: text)
        #expect(parsed.text == text)
        #expect(AmzDate(parsed.date).text == text)
    }

    @Test func knownInstant() throws {
        #expect(try AmzDate(basicFormat: "20150830T123600Z").date == Date(timeIntervalSince1970: 1_440_938_160))
        #expect(AmzDate(Date(timeIntervalSince1970: 1_440_938_160.9)).text == "20150830T123600Z")
        #expect(AmzDate(Date(timeIntervalSince1970: -1)).text == "19691231T235959Z")
    }

    @Test(arguments: [
        "", "201", "2015-08-30T12:36:00Z", "20150830T123600", "20150830 123600Z", "20150230T000000Z",
        "20190229T000000Z", "20151301T000000Z", "20150800T000000Z", "20150830T240000Z", "20150830T126000Z",
        "20150830T123660Z", "2015083OT123600Z", "+0150830T123600Z", "20150830T123600Z ", "２０１５0830T123600Z",
    ])
    func refusesAnythingButStrictBasicFormat(text: String) {
        #expect(throws: AWSError.malformedDate(text)) { try AmzDate(basicFormat: text) }
    }

    @Test func malformedDateIsAWSsMessage() {
        #expect(
            AWSError.malformedDate("201").message
                == "Date must be in ISO-8601 'basic format'. Got '201'. See http://en.wikipedia.org/wiki/ISO_8601")
        #expect(AWSError.malformedDate("201").code == "IncompleteSignature")
    }

    @Test(arguments: [
        "Sun, 30 Aug 2015 12:36:00 GMT", "Sun, 30 Aug 2015 12:36:00 -0000", "30 Aug 2015 12:36:00 UTC",
        "Sun, 30 Aug 2015 14:36:00 +0200",
    ])
    func readsHTTPDates(text: String) throws {
        #expect(try AmzDate(httpDate: text).text == "20150830T123600Z")
    }

    @Test(arguments: [
        "Sun, 31 Feb 2015 12:36:00 GMT", "Sun, 30 Aug 2015 12:36 GMT", "Sun, 30 Foo 2015 12:36:00 GMT",
        "Sun, 30 Aug 2015 12:36:00 EST", "30 Aug 15 12:36:00 GMT", "garbage",
    ])
    func refusesBadHTTPDates(text: String) {
        #expect(throws: AWSError.self) { try AmzDate(httpDate: text) }
    }
}
