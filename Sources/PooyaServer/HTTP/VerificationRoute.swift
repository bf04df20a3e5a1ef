import Foundation
import HTTPTypes
import Hummingbird
import NIOCore
import OpenAPIRuntime
import PooyaAPI

/// `POST /v1/verifications`, the route every payment's PIN takes, served without the generated layer's work when the
/// request is of the usual shape: a JSON body that ``FlatJSONObject`` reads as a whole request, `Content-Type:
/// application/json`, no `Accept` but JSON's, and at most one plain language tag in `Accept-Language`. Its decision is
/// ``IssuerAPI/decide(_:acceptLanguage:)``'s, encoded as the generated layer encodes it. Any other request goes to the
/// generated handler unchanged, so openapi.yaml stays the one contract and its problems the ones every client gets.
///
/// Every other operation is registered on `inner` as it comes.
struct VerificationRoute: ServerTransport {
    typealias Handler =
        @Sendable (HTTPRequest, HTTPBody?, ServerRequestMetadata) async throws -> (
            HTTPResponse, HTTPBody?
        )

    let inner: any ServerTransport
    let router: Router<PooyaRequestContext>
    let api: IssuerAPI

    func register(_ handler: @escaping Handler, method: HTTPRequest.Method, path: String) throws {
        guard method == .post, path == "/v1/verifications" else {
            return try inner.register(handler, method: method, path: path)
        }
        let api = self.api
        router.post(RouterPath(path)) { request, _ in
            let body = try await request.body.collect(upTo: BodyLimitMiddleware<PooyaRequestContext>.limit)
            guard let usual = Self.usual(request.headers, body) else {
                return try await Self.generated(handler, request.head, body)
            }
            let decision = try await api.decide(usual, acceptLanguage: request.headers[.acceptLanguage])
            return Response(
                status: .ok,
                headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: ByteBuffer(bytes: try Self.encoder.encode(decision)))
            )
        }
    }

    /// The generated layer's encoding (`buildRouter`'s configuration).
    private static let encoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The request, when it is of the usual shape.
    private static func usual(_ headers: HTTPFields, _ body: ByteBuffer) -> Components.Schemas.VerificationRequest? {
        guard let type = headers[.contentType], type == "application/json" || type == "application/json; charset=utf-8",
            headers[.accept].map(acceptsJSON) ?? true,
            headers[.acceptLanguage].map(isLanguageTag) ?? true,
            let object = FlatJSONObject(body)
        else { return nil }
        return Components.Schemas.VerificationRequest(object)
    }

    /// Whether `accept` lists only JSON's media ranges, without parameters, and JSON itself among them (as the
    /// generated client's `application/json, application/problem+json` does).
    private static func acceptsJSON(_ accept: String) -> Bool {
        let ranges = accept.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        return ranges.allSatisfy(plainJSONRanges.contains) && ranges.contains { $0 != "application/problem+json" }
    }

    private static let plainJSONRanges: Set<String> = [
        "application/json", "application/problem+json", "application/*", "*/*",
    ]

    /// ASCII letters, digits and hyphens, as `fa`, `en` or `fa-IR` are: read the same by the generated layer's URI
    /// decoding.
    private static func isLanguageTag(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 35
            && text.utf8.allSatisfy { byte in
                byte == UInt8(ascii: "-") || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
                    || (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(byte | 0x20)
            }
    }

    /// The generated handler's answer to the request.
    private static func generated(_ handler: Handler, _ head: HTTPRequest, _ body: ByteBuffer) async throws -> Response
    {
        let (response, responseBody) = try await handler(
            head,
            HTTPBody(Array(body.readableBytesView)),
            ServerRequestMetadata(pathParameters: [:])
        )
        var bytes = ByteBuffer()
        if let responseBody { for try await chunk in responseBody { bytes.writeBytes(chunk) } }
        return Response(status: response.status, headers: response.headerFields, body: .init(byteBuffer: bytes))
    }
}
