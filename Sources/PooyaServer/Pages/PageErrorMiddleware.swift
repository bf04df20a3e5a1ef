import Hummingbird
import Logging
import PooyaIssuer

/// Turns every error of a page's route into a page in the reader's language, with the status and the sentence the
/// API's problem would have (``ProblemMiddleware/problem(for:)``): a browser never sees JSON, and never a bare 500.
struct PageErrorMiddleware: RouterMiddleware {
    typealias Context = PooyaRequestContext

    let renderer: PageRenderer

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch {
            let problem = ProblemMiddleware<Context>.problem(for: error)
            if problem.status == .internalServerError || problem.status == .serviceUnavailable {
                context.logger.error(
                    "page failed",
                    metadata: ["error.type": "\(type(of: error))", "problem.code": "\(problem.code)"]
                )
            }
            let language = Language(page: request)
            let title =
                problem.status == .notFound
                ? PageText.text("notFoundTitle", language)
                : (language == .persian ? problem.title.fa : problem.title.en)
            var response = renderer.message(
                title: title,
                text: language == .persian ? problem.detail.fa : problem.detail.en,
                language: language,
                status: problem.status
            )
            if let seconds = problem.retryAfter { response.headers[.retryAfter] = "\(seconds)" }
            return response
        }
    }
}
