import Foundation
import RampartCore

@testable import RampartServices

extension APICall {
    /// An IAM call from 192.0.2.7 in us-east-1, request `req-1`, for the trail's record and facts tests.
    static func example(
        _ principal: Principal, action: String, parameters: TrailValue = .null, time: Date,
        userAgent: String = "aws-cli/2"
    ) -> APICall {
        APICall(
            principal: principal, service: "iam", action: action, region: "us-east-1", sourceIp: "192.0.2.7",
            userAgent: userAgent, requestId: "req-1", time: time, requestParameters: parameters, organization: nil)
    }
}
