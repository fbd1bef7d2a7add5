import RampartCore
import RampartWire
import Testing

@Suite struct ErrorEnvelopeTests {
    @Test func queryEnvelopeCarriesNamespaceTypeCodeMessageAndRequestId() {
        let body = ErrorEnvelope.query(
            .noSuchEntity("The user with name bob cannot be found."), requestId: "req-1",
            xmlNamespace: IAMQueryDispatcher.xmlNamespace)
        #expect(
            string(body)
                == #"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>"#
                + "<Code>NoSuchEntity</Code><Message>The user with name bob cannot be found.</Message></Error>"
                + "<RequestId>req-1</RequestId></ErrorResponse>")
    }

    @Test func receiverFaultAndEscaping() {
        let error = AWSError(code: "ServiceFailure", message: "a < b & \"c\"", httpStatus: 500, fault: .receiver)
        let body = string(
            ErrorEnvelope.query(error, requestId: "r", xmlNamespace: STSQueryDispatcher.xmlNamespace))
        #expect(body.hasPrefix(#"<ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">"#))
        #expect(body.contains("<Type>Receiver</Type>"))
        #expect(body.contains(#"<Message>a &lt; b &amp; "c"</Message>"#))
    }

    @Test func queryEnvelopeLeavesOutAnEmptyMessage() {
        // As AWS sends ReportNotPresent: botocore then reports the message as "Unknown".
        let error = AWSError(code: "ReportNotPresent", message: "", httpStatus: 410)
        #expect(
            string(ErrorEnvelope.query(error, requestId: "r", xmlNamespace: IAMQueryDispatcher.xmlNamespace))
                == #"<ErrorResponse xmlns="https://iam.amazonaws.com/doc/2010-05-08/"><Error><Type>Sender</Type>"#
                + "<Code>ReportNotPresent</Code></Error><RequestId>r</RequestId></ErrorResponse>")
    }

    @Test func jsonEnvelope() {
        let error = AWSError(code: "AccessDeniedException", message: "say \"no\"\n", httpStatus: 403)
        #expect(string(ErrorEnvelope.json(error)) == #"{"__type":"AccessDeniedException","message":"say \"no\"\n"}"#)
        let bare = AWSError(code: "UnknownOperationException", message: "", httpStatus: 400)
        #expect(string(ErrorEnvelope.json(bare)) == #"{"__type":"UnknownOperationException"}"#)
    }

    @Test func jsonEnvelopeCarriesFieldsUnderTheModelsNames() {
        let error = AWSError(
            code: "ConstraintViolationException", message: "Too many accounts.", httpStatus: 400,
            fields: ["Reason": "ACCOUNT_NUMBER_LIMIT_EXCEEDED", "Alpha": "first"])
        #expect(
            string(ErrorEnvelope.json(error, messageKey: "Message"))
                == #"{"__type":"ConstraintViolationException","Message":"Too many accounts.","#
                + #""Alpha":"first","Reason":"ACCOUNT_NUMBER_LIMIT_EXCEEDED"}"#)
        // A field cannot displace the code or the message.
        let clash = AWSError(code: "X", message: "m", fields: ["__type": "Y", "Message": "n"])
        #expect(string(ErrorEnvelope.json(clash, messageKey: "Message")) == #"{"__type":"X","Message":"m"}"#)
    }
}
