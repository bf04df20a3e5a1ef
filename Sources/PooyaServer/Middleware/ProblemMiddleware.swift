import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import OpenAPIRuntime
import PooyaIssuer

/// Turns every error into an `application/problem+json` response in the language `Accept-Language` asks for. Bad
/// input (malformed JSON, wrong types, unknown fields, oversized bodies, a broken chunked body) becomes a 4xx; only a
/// failure of the service itself is a 500, logged without request data.
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error)
            if problem.status == .internalServerError || problem.status == .serviceUnavailable {
                var metadata: Logger.Metadata = ["error.type": "\(type(of: error))", "problem.code": "\(problem.code)"]
                // A vault's errors name the failing call and key id, never a key or request data.
                if let vault = error as? KeyVaultError { metadata["error.message"] = "\(vault.description)" }
                if case IssuerError.keyVault(let vault) = error { metadata["error.message"] = "\(vault.description)" }
                // A store's names what failed (a SQLSTATE, a lost connection), never a statement's values.
                if let store = error as? StoreUnavailable { metadata["error.message"] = "\(store.description)" }
                context.logger.error("request failed", metadata: metadata)
            }
            return Self.response(problem, language: Language(acceptLanguage: request.headers[.acceptLanguage]))
        }
    }

    static func problem(for error: any Error) -> Problem {
        switch error {
        case let problem as Problem: return problem
        case let error as IssuerError: return Problem(error)
        case is StoreUnavailable: return .storeUnavailable
        case let error as ServerError:
            // The generated server wraps what the decoder or the handler threw; without an operation input, the
            // request could not be decoded: the client's fault.
            if error.operationInput == nil, !(error.underlyingError is Problem) {
                return .malformed(Self.decodingReason(error))
            }
            return problem(for: error.underlyingError)
        case is NIOTooManyBytesError: return .tooLarge(limit: BodyLimitMiddleware<Context>.limit)
        case is HTTPParserError: return .malformedHTTP
        case let error as HTTPError where error.status == .notFound: return .notFound
        case let error as any HTTPResponseError where error.status.kind == .clientError:
            return Problem(
                error.status,
                code: "bad_request",
                title: ("Bad request", "درخواست نادرست"),
                detail: (error.status.reasonPhrase, "درخواست نادرست است")
            )
        default: return .internalError
        }
    }

    /// Where the request went wrong and how, never a value from it (a body may hold a card number): for DecodingError
    /// the field's path and the kind of failure; otherwise the operation.
    private static func decodingReason(_ error: ServerError) -> String {
        guard let decoding = error.underlyingError as? DecodingError else {
            return "the request does not match openapi.yaml for \(error.operationID)"
        }
        let (path, what): ([any CodingKey], String) =
            switch decoding {
            case .typeMismatch(let type, let context): (context.codingPath, "is not a \(type)")
            case .valueNotFound(_, let context): (context.codingPath, "is missing")
            case .keyNotFound(let key, let context): (context.codingPath + [key], "is missing")
            case .dataCorrupted(let context): (context.codingPath, "is not valid")
            @unknown default: ([], "is malformed")
            }
        let field = path.map(\.stringValue).joined(separator: ".")
        return field.isEmpty ? "the body is not valid JSON: \(what)" : "the field '\(field)' \(what)"
    }

    static func response(_ problem: Problem, language: Language) -> Response {
        var headers: HTTPFields = [
            .contentType: "application/problem+json",
            .contentLanguage: language == .persian ? "fa" : "en",
        ]
        if let retryAfter = problem.retryAfter { headers[.retryAfter] = String(retryAfter) }
        if let allow = problem.allow { headers[.allow] = allow.joined(separator: ", ") }
        // RFC 9110 §11.6.1: a 401 says which scheme would do; the API's is a bearer client key.
        if problem.status == .unauthorized { headers[.wwwAuthenticate] = #"Bearer realm="pooya""# }
        // After broken framing nothing more can be read from the connection reliably.
        if problem.code == Problem.malformedHTTP.code { headers[.connection] = "close" }
        return Response(
            status: problem.status,
            headers: headers,
            body: .init(byteBuffer: problem.encoded(language: language))
        )
    }
}
