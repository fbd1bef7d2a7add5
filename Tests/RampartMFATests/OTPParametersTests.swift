import Foundation
import Testing

@testable import RampartMFA

@Suite struct OTPParametersTests {
    @Test func standardIsWhatAWSDevicesUse() {
        #expect(OTPParameters.standard == OTPParameters(algorithm: .sha1, digits: 6, period: 30))
        #expect(OTPParameters.standard.isValid)
    }

    @Test func validity() {
        #expect(OTPParameters(digits: 8).isValid)
        #expect(!OTPParameters(digits: 5).isValid)
        #expect(!OTPParameters(digits: 9).isValid)
        #expect(!OTPParameters(period: 0).isValid)
    }

    @Test func codableRoundTripAndRefusal() throws {
        let parameters = OTPParameters(algorithm: .sha256, digits: 8, period: 60)
        let json = try JSONEncoder().encode(parameters)
        #expect(try JSONDecoder().decode(OTPParameters.self, from: json) == parameters)
        #expect(String(decoding: json, as: UTF8.self).contains("\"SHA256\""))
        let invalid = Data(#"{"algorithm":"SHA1","digits":4,"period":30}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(OTPParameters.self, from: invalid) }
    }
}
