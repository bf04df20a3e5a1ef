import Crypto
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PooyaIssuer
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
