import Foundation
import RampartTestSupport
import RampartWire
import Testing

@testable import RampartConsole

/// The console reads cookies and the form body before it checks the CSRF token or any session, so
/// both must cost time in proportion to what an unauthenticated browser sends.
@Suite struct ConsoleRequestLinearityTests {
    private func request(headers: [(String, String)] = [], body: [UInt8] = []) -> ConsoleRequest {
        ConsoleRequest(
            method: "POST", path: "/console/signin", headers: headers, body: body, sourceIp: "192.0.2.1",
            requestId: "r")
    }

    @Test func manyCookiesInOneHeader() {
        let steps = Linearity.superLinearSteps(
            input: { size in
                var cookie = ""
                var index = 0
                while cookie.utf8.count < size {
                    cookie += "c\(index)=v; "
                    index += 1
                }
                return request(headers: [("Cookie", cookie)])
            },
            parse: { request in _ = request.cookies })
        #expect(steps.isEmpty, "\(steps)")
    }

    @Test func manyCookieHeaders() {
        let steps = Linearity.superLinearSteps(
            input: { size in request(headers: Array(repeating: ("Cookie", "a=b;c"), count: size / 13)) },
            parse: { request in _ = request.cookies })
        #expect(steps.isEmpty, "\(steps)")
    }

    /// The form parse the console runs before its CSRF check, on a body of dots.
    @Test func formBodyOfDots() {
        let steps = Linearity.superLinearSteps(
            input: { size in [UInt8](repeating: UInt8(ascii: "."), count: size) },
            parse: { body in _ = try? QueryInput(formEncoded: body) })
        #expect(steps.isEmpty, "\(steps)")
    }
}
