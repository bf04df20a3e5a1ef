import OpenAPIRuntime
import PooyaAPI
import PooyaIssuer

extension IssuerAPI {
    func receiveSMS(_ input: Operations.ReceiveSMS.Input) async throws -> Operations.ReceiveSMS.Output {
        try Authorization.require(.channels)
        // A sender that is not an Iranian mobile gets nothing: there is nowhere to answer.
        if let sender = try? MobileNumber(parsing: input.query.from) {
            try await RateLimiters.check(limiters.inboundSender, sender.e164)
            try await issuer.answerInboundSMS(from: sender, text: input.query.text)
        }
        return .ok(.init(body: .plainText("")))
    }

    func receiveDeliveryReport(_ input: Operations.ReceiveDeliveryReport.Input) async throws
        -> Operations.ReceiveDeliveryReport.Output
    {
        guard let status = DeliveryStatus(kannelCode: input.query.status) else {
            throw IssuerError.invalidRequest("the status must be one of Kannel's DLR values 1, 2, 4, 8 or 16")
        }
        guard try await issuer.recordDelivery(messageID: input.query.message, status: status) else {
            throw Problem.notFound
        }
        metrics.deliveryReport(status)
        return .noContent(.init())
    }

    func answerUSSD(_ input: Operations.AnswerUSSD.Input) async throws -> Operations.AnswerUSSD.Output {
        try Authorization.require(.channels)
        guard case .urlEncodedForm(let form) = input.body else { throw Problem.malformed("expected a form") }
        let screen = try await ussd.answer(session: form.sessionId, phoneNumber: form.phoneNumber, text: form.text)
        return .ok(.init(body: .plainText(HTTPBody(screen.text))))
    }
}
