import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PooyaIssuer
import PooyaTesting
import Testing

/// Bad input of every kind gets a 4xx problem, never a 500, in Persian unless English is asked for.
struct MalformedRequestTests {
    /// POSTs raw bytes, as a careless or hostile client would.
    private func post(
        _ raw: any TestClientProtocol,
        _ path: String,
        key: String,
        language: String? = nil,
        body: ByteBuffer
    ) async throws -> TestResponse {
        var headers: HTTPFields = [.authorization: "Bearer \(key)", .contentType: "application/json"]
        if let language { headers[.acceptLanguage] = language }
        return try await raw.executeRequest(uri: path, method: .post, headers: headers, body: body)
    }

    static let cases: [(body: String, status: HTTPResponse.Status, code: String)] = [
        ("not json", .badRequest, "malformed_request"),
        (#"{"pan": 6104337800000018, "mobile": "09121234567"}"#, .badRequest, "malformed_request"),
        (#"{"pan": "6104337800000018"}"#, .badRequest, "malformed_request"),
        (#"{"pan": "6104337800000018", "mobile": "09121234567", "color": "red"}"#, .badRequest, "malformed_request"),
        (
            #"{"pan": "6104337800000018", "mobile": "09121234567", "options": {"blocked": "yes"}}"#, .badRequest,
            "malformed_request"
        ),
        (#"{"pan": "۶۱۰۴۳۳۷۸۰۰۰۰۰۰۱۸", "mobile": "+1 202 555 0100"}"#, .unprocessableContent, "invalid_mobile"),
        ("[]", .badRequest, "malformed_request"),
        ("", .badRequest, "malformed_request"),
    ]

    @Test(arguments: cases.indices)
    func badBodiesAreProblemsNotServerErrors(index: Int) async throws {
        let (body, status, code) = Self.cases[index]
        let harness = try ServerHarness()
        let key = try await harness.key(.cards)
        try await harness.withClient { _, raw in
            let response = try await post(raw, "/v1/cards", key: key, body: ByteBuffer(string: body))
            #expect(response.status == status)
            #expect(response.headers[.contentType] == "application/problem+json")
            #expect(response.headers[.contentLanguage] == "fa")
            let problem =
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            #expect(problem?["code"] as? String == code)
        }
    }

    static let brokenChunks: [String] = [
        "5;\u{0}ext\r\nhello\r\n0\r\n\r\n",  // a NUL in a chunk extension
        "5\r\nhelloXX0\r\n\r\n",  // no CRLF after the chunk's data
        "zz\r\nhello\r\n0\r\n\r\n",  // a size that is not hex
        "-5\r\nhello\r\n0\r\n\r\n",  // a negative size
        "ffffffffffffffffffff\r\nhello\r\n0\r\n\r\n",  // a size past 64 bits
        "\r\nhello\r\n0\r\n\r\n",  // a chunk without a size
    ]

    @Test(arguments: brokenChunks)
    func aBrokenChunkedBodyIsA400NotA500(body: String) async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards, .verify)
        try await harness.withClient(live: true) { _, raw in
            for path in ["/v1/cards", "/v1/verifications", "/v1/challenges", "/v1/tokens"] {
                let request =
                    "POST \(path) HTTP/1.1\r\nHost: pooya\r\nAuthorization: Bearer \(key)\r\n"
                    + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n\(body)"
                let answer = try await RawHTTP.exchange(port: try #require(raw.port), Array(request.utf8))
                #expect(answer.hasPrefix("HTTP/1.1 400 "), "\(path): \(answer.prefix(200))")
                #expect(answer.contains(#""code":"malformed_http""#), "\(path): \(answer.suffix(300))")
            }
        }
    }

    @Test func aCodeOfFiveThousandDigitsIsA422NotADecision() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards, .verify)
        try await harness.withClient(key: key) { client, raw in
            try await harness.registerCard(client)
            let body =
                #"{"pan": "6104337800000018", "code": "\#(String(repeating: "9", count: 5_000))", "kind": "second", "#
                + #""amount": 1000, "merchantId": "m", "transactionId": "t"}"#
            let response = try await post(
                raw,
                "/v1/verifications",
                key: key,
                language: "en",
                body: ByteBuffer(string: body)
            )
            #expect(response.status == .unprocessableContent)
            let problem =
                try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
            #expect(problem?["code"] as? String == "malformed_code")
            #expect((problem?["detail"] as? String)?.hasPrefix("code: a second PIN code has 7 to 8 digits") == true)
        }
    }

    @Test func aWrongMethodIs405WithAllowAndAMissingKey401WithWWWAuthenticate() async throws {
        let harness = try ServerHarness()
        try await harness.withClient { _, raw in
            for (path, method, allow) in [
                ("/v1/cards", HTTPRequest.Method.put, "POST"),
                ("/v1/tokens/tok_1", .get, "DELETE"),
                ("/v1/cards/crd_1", .delete, "GET"),
            ] {
                let response = try await raw.executeRequest(uri: path, method: method, headers: [:], body: nil)
                #expect(response.status == .methodNotAllowed, "\(method) \(path)")
                #expect(response.headers[.allow] == allow, "\(method) \(path)")
                #expect(response.headers[.contentType] == "application/problem+json")
            }
            let anonymous = try await raw.executeRequest(uri: "/v1/cards/crd_1", method: .get, headers: [:], body: nil)
            #expect(anonymous.status == .unauthorized)
            #expect(anonymous.headers[.wwwAuthenticate] == #"Bearer realm="pooya""#)
        }
    }

    @Test func numbersWrittenInPersianDigitsAreNotJSON() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.verify)
        try await harness.withClient { _, raw in
            let response = try await post(
                raw,
                "/v1/verifications",
                key: key,
                language: "en",
                body: ByteBuffer(
                    string:
                        #"{"pan":"6104337800000018","code":"1","kind":"second","amount":۱۰,"merchantId":"m","transactionId":"t"}"#
                )
            )
            #expect(response.status == .badRequest)
            #expect(response.headers[.contentLanguage] == "en")
        }
    }

    @Test func aHugeBodyIsRefusedBeforeItIsRead() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.cards)
        try await harness.withClient { _, raw in
            let response = try await post(
                raw,
                "/v1/cards",
                key: key,
                body: ByteBuffer(repeating: UInt8(ascii: " "), count: 1 << 20)
            )
            #expect(response.status == .contentTooLarge)
            #expect(response.headers[.contentType] == "application/problem+json")
        }
    }

    @Test func anUnknownRouteIsANotFoundProblem() async throws {
        let harness = try ServerHarness()
        let key = try await harness.key(.admin)
        try await harness.withClient { _, raw in
            let response = try await raw.executeRequest(
                uri: "/v1/nothing",
                method: .get,
                headers: [.authorization: "Bearer \(key)"],
                body: nil
            )
            #expect(response.status == .notFound)
        }
    }
}

/// The generated code must come from the spec as it is now.
struct SpecTests {
    @Test func theGeneratedCodeWasMadeFromTheCurrentSpec() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let spec = try Data(contentsOf: root.appendingPathComponent("openapi.yaml"))
        let recorded = try String(
            contentsOf: root.appendingPathComponent("Sources/PooyaAPI/Generated/openapi.yaml.sha256"),
            encoding: .utf8
        )
        let digest = SHA256.hash(data: spec).map { String(format: "%02x", $0) }.joined()
        #expect(
            recorded.trimmingCharacters(in: .whitespacesAndNewlines) == digest,
            "openapi.yaml changed: run scripts/generate-api"
        )
    }
}
