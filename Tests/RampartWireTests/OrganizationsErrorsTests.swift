import RampartCore
import RampartWire
import Testing

@Suite struct OrganizationsErrorsTests {
    @Test func everyErrorShapeOfTheModel() {
        #expect(OrganizationsErrors.byCode.count == 50)
        // No error trait in the model: 400 and Sender, except ServiceException, a `fault`: 500, Receiver.
        for (code, error) in OrganizationsErrors.byCode where code != "ServiceException" {
            #expect(error.httpStatus == 400 && error.fault == .sender, "\(code)")
        }
        #expect(OrganizationsErrors.status(for: "ServiceException") == 500)
        #expect(OrganizationsErrors.service.fault == .receiver)
        #expect(OrganizationsErrors.status(for: "Frobnicated") == nil)
    }

    @Test func membersBesidesTheMessageBecomeFields() {
        #expect(
            OrganizationsErrors.constraintViolation("Too many.", reason: "ACCOUNT_NUMBER_LIMIT_EXCEEDED")
                == AWSError(
                    code: "ConstraintViolationException", message: "Too many.", httpStatus: 400,
                    fields: ["Reason": "ACCOUNT_NUMBER_LIMIT_EXCEEDED"]))
        #expect(
            OrganizationsErrors.handshakeConstraintViolation("No.", reason: "ALREADY_IN_AN_ORGANIZATION").fields
                == ["Reason": "ALREADY_IN_AN_ORGANIZATION"])
        #expect(OrganizationsErrors.invalidInput("Bad.", reason: "INVALID_PATTERN").code == "InvalidInputException")
        #expect(
            OrganizationsErrors.accessDeniedForDependency(
                "No.", reason: "ACCESS_DENIED_DURING_CREATE_SERVICE_LINKED_ROLE"
            )
            .fields.count == 1)
        #expect(
            OrganizationsErrors.tooManyRequests("Slow down.", type: "AccountRateLimit").fields == [
                "Type": "AccountRateLimit"
            ])
        #expect(OrganizationsErrors.accountNotFound("Nope.").fields.isEmpty)
        #expect(OrganizationsErrors.isModeled(OrganizationsErrors.duplicatePolicy("Exists.")))
    }
}
