import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PooyaAPI
import PooyaIssuer
@testable import PooyaServer
import Testing

/// `POST /v1/verifications` reads a request of the usual shape itself (`VerificationRoute`) and gives everything else
/// to the generated handler: what it reads is what Foundation's decoder reads, and the answer is the same either way.
struct VerificationFastPathTests {
    private typealias Request = Components.Schemas.VerificationRequest

    private static func fast(_ body: String) -> Request? {
        FlatJSONObject(ByteBuffer(string: body)).flatMap(Request.init)
    }

    private static func foundation(_ body: String) -> Request? {
        try? JSONDecoder().decode(Request.self, from: Data(body.utf8))
    }

    static let usual: [String] = [
        #"{"pan":"6104337800000018","code":"1234567","kind":"second","amount":5000,"merchantId":"m","transactionId":"t1"}"#,
        #"{ "pan" : "6104-3378 0000 0018" ,"code":"۱۲۳۴۵۶۷", "kind":"first","amount":0,"merchantId":"مغازه","transactionId":"t"}"#,
        "{\n\t\"pan\": \"6104337800000018\",\r\n \"staticPin\": true, \"kind\": \"second\", \"amount\": -0,"
            + " \"merchantId\": \"m\", \"merchantName\": \"a/b\", \"transactionId\": \"t\", \"transactionType\": \"top_up\"}",
        #"{"pan":"6104337800000018","pinBlock":"0123456789ABCDEF","pinBlockFormat":"iso0","zoneKeyId":"atm","kind":"second","amount":9223372036854775807,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","staticPin":false,"code":"1","kind":"second","amount":-9223372036854775808,"merchantId":"m","transactionId":"t"}"#,
    ]

    static let unusual: [String] = [
        #"{"pan":"6104337800000018","code":null,"staticPin":true,"kind":"second","amount":1,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1234567","kind":"s\u0065cond","amount":1,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1234567","kind":"second","amount":1.0,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1234567","kind":"second","amount":1e3,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1234567","kind":"second","amount":01,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1234567","kind":"second","amount":9223372036854775808,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1234567","kind":"second","amount":"1","merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1234567","kind":"third","amount":1,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1234567","kind":"second","amount":1,"merchantId":"m"}"#,
        #"{"pan":"6104337800000018","code":"1234567","kind":"second","amount":1,"merchantId":"m","transactionId":"t","color":"red"}"#,
        #"{"pan":"6104337800000018","code":"1","code":"2","kind":"second","amount":1,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1","kind":"second","amount":1,"merchantId":"m","transactionId":"t"} x"#,
        #"{"pan":"6104337800000018","code":"1","kind":"second","amount":1,"merchantId":"m","transactionId":"t",}"#,
        #"{"pan":"6104337800000018","code":"1","kind":"second","amount":1,"merchantId":{"id":"m"},"transactionId":"t"}"#,
        #"{"pan":"6104337800000018","code":"1","kind":"second","amount":1,"merchantId":"m","transactionId":["t"]}"#,
        #"{"pan":"6104337800000018","code":"1","kind":"second","amount":1,"merchantId":"m","transactionId":"t""#,
        #"{"pan":"6104337800000018","staticPin":"true","kind":"second","amount":1,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","staticPin":truest,"kind":"second","amount":1,"merchantId":"m","transactionId":"t"}"#,
        #"{"pan":"6104337800000018","pinBlockFormat":"iso9","kind":"second","amount":1,"merchantId":"m","transactionId":"t"}"#,
        "{\"pan\":\"6104\u{1}337800000018\",\"code\":\"1\",\"kind\":\"second\",\"amount\":1,\"merchantId\":\"m\",\"transactionId\":\"t\"}",
        "[]", "", "{}", "{", "null",
    ]

    @Test(arguments: usual)
    func aUsualRequestIsReadAsFoundationReadsIt(body: String) throws {
        let read = try #require(Self.fast(body), "read by the route itself")
        #expect(read == Self.foundation(body))
    }

    @Test(arguments: unusual)
    func anythingElseIsLeftToTheGeneratedDecoder(body: String) {
        #expect(Self.fast(body) == nil)
    }

    @Test func invalidUTF8IsLeftToTheGeneratedDecoder() {
        var body = ByteBuffer(string: #"{"pan":"61043378000000"#)
        body.writeBytes([0xC3, 0x28])
        body.writeString(#"","code":"1","kind":"second","amount":1,"merchantId":"m","transactionId":"t"}"#)
        #expect(FlatJSONObject(body) == nil)
    }

    @Test func theRouteAndTheGeneratedHandlerAnswerTheSameBytes() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards, .activate, .verify)
        try await harness.withClient(key: key) { client, raw in
            let request = try await harness.approvableRequest(client)
            let encoder = JSONEncoder()
            encoder.outputFormatting = .sortedKeys
            let plain = String(decoding: try encoder.encode(request), as: UTF8.self)
            let escaped = plain.replacingOccurrences(of: #""kind":"second""#, with: #""kind":"s\u0065cond""#)
            #expect(Self.fast(plain) == request && Self.fast(escaped) == nil && Self.foundation(escaped) == request)
            var answers: [(HTTPResponse.Status, String?, ByteBuffer)] = []
            // The second is a retry of the first, so it gets the recorded decision and a receipt of the same claims.
            for body in [plain, escaped] {
                let response = try await raw.executeRequest(
                    uri: "/v1/verifications",
                    method: .post,
                    headers: [.authorization: "Bearer \(key)", .contentType: "application/json"],
                    body: ByteBuffer(string: body)
                )
                answers.append((response.status, response.headers[.contentType], response.body))
            }
            #expect(answers[0].0 == .ok && answers[1].0 == .ok)
            #expect(answers[0].1 == "application/json; charset=utf-8" && answers[1].1 == answers[0].1)
            #expect(
                answers[0].2 == answers[1].2,
                "\(String(buffer: answers[0].2)) against \(String(buffer: answers[1].2))"
            )
        }
    }
}
