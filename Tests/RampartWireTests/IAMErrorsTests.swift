import RampartCore
import RampartWire
import Testing

@Suite struct IAMErrorsTests {
    @Test func codesAndStatusesComeFromTheModel() {
        #expect(IAMErrors.status(for: "NoSuchEntity") == 404)
        #expect(IAMErrors.status(for: "EntityAlreadyExists") == 409)
        #expect(IAMErrors.status(for: "InvalidAuthenticationCode") == 403)
        #expect(IAMErrors.status(for: "ReportExpired") == 410)
        #expect(IAMErrors.status(for: "ServiceFailure") == 500)
        #expect(IAMErrors.status(for: "Frobnicated") == nil)
        #expect(STSErrors.status(for: "ExpiredTokenException") == 400)
        #expect(STSErrors.status(for: "RegionDisabledException") == 403)
    }

    @Test func factoriesBuildTheModeledError() {
        let error = IAMErrors.credentialReportNotReady("not yet")
        #expect(error == AWSError(code: "ReportInProgress", message: "not yet", httpStatus: 404))
        #expect(IAMErrors.serviceFailure.fault == .receiver)
        #expect(IAMErrors.organizationNotFound.code == "OrganizationNotFoundException")
    }

    /// The hand-written factories of RampartCore agree with the model.
    @Test func coreFactoriesAreModeled() {
        let core: [AWSError] = [
            .noSuchEntity(""), .entityAlreadyExists(""), .limitExceeded(""), .deleteConflict(""), .invalidInput(""),
            .malformedPolicyDocument(""), .passwordPolicyViolation(""), .unmodifiableEntity(""),
            .policyNotAttachable(""), .invalidUserType(""), .serviceFailure(""),
        ]
        for error in core { #expect(IAMErrors.isModeled(error), "\(error.code)") }
        #expect(!IAMErrors.isModeled(AWSError(code: "NoSuchEntity", message: "", httpStatus: 400)))
    }
}
