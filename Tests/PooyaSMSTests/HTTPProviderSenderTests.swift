import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import PooyaIssuer
import PooyaSMS
import Synchronization
import Testing

/// The JSON-over-HTTP provider, against a provider's endpoint served in-process on a real socket.
struct HTTPProviderSenderTests {
    static let template = #"{"receptor": "{{toLocal}}", "to": "{{to}}", "message": "{{text}}", "localid": "{{id}}"}"#

    @Test func theBodyIsTheTemplateWithJSONEscapedValuesAndTheHeadersAreSent() async throws {
        let received = Mutex<[(apikey: String?, body: [String: String])]>([])
        let router = Router()
        router.post("send") { request, _ -> HTTPResponse.Status in
            let body = try await request.body.collect(upTo: 1 << 16)
            let json = try JSONDecoder().decode([String: String].self, from: Data(body.readableBytesView))
            received.withLock { $0.append((request.headers[HTTPField.Name("apikey")!], json)) }
            return .ok
        }
        router.post("down") { _, _ -> Response in
            Response(status: .serviceUnavailable, body: .init(byteBuffer: ByteBuffer(string: "busy: رمز 1234567")))
        }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await app.test(.live) { client in
            let port = try #require(client.port)
            let text = "بانک ملت\nرمز: \"1234567\" \\ تست"
            let message = SMSMessage(
                id: "sms_1",
                to: try MobileNumber(parsing: "09121234567"),
                text: text,
                purpose: .code,
                expiresAt: 0
            )
            let sender = HTTPProviderSender(
                settings: .init(
                    url: URL(string: "http://127.0.0.1:\(port)/send")!,
                    headers: ["apikey": "k-1"],
                    bodyTemplate: Self.template
                )
            )
            try await sender.send(message)
            let got = try #require(received.withLock { $0.first })
            #expect(got.apikey == "k-1")
            #expect(got.body == ["receptor": "09121234567", "to": "989121234567", "message": text, "localid": "sms_1"])

            let down = HTTPProviderSender(
                settings: .init(
                    url: URL(string: "http://127.0.0.1:\(port)/down")!,
                    bodyTemplate: Self.template
                )
            )
            await #expect(
                throws: HTTPProviderError(status: 503, answer: "busy: رمز #######"),
                "an echoed code is masked"
            ) {
                try await down.send(message)
            }
            let gone = HTTPProviderSender(
                settings: .init(url: URL(string: "http://127.0.0.1:1/send")!, bodyTemplate: "{}")
            )
            do {
                try await gone.send(message)
                Issue.record("an unreachable provider did not throw")
            } catch {
                #expect(!String(describing: error).contains("1234567"), "the error carries no text")
            }
        }
    }
}
