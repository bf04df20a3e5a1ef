import Foundation
import Hummingbird

/// Rewrites `GET /v1/sms/inbound`'s `text` into UTF-8 when Kannel passed the message's `coding` or `charset`
/// (``KannelText``), before the operation decodes its query; a text that is not valid in its charset is a 400 problem.
/// A query without either is left as it is.
struct InboundSMSTextMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard request.method == .get, request.uri.path == "/v1/sms/inbound", let query = request.uri.query else {
            return try await next(request, context)
        }
        var fields = query.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (name: parts[0], value: parts.count == 2 ? parts[1] : "")
        }
        func value(_ name: String) -> String? {
            fields.first { $0.name == name }.flatMap { KannelText.percentDecoded($0.value) }.map {
                String(decoding: $0, as: UTF8.self)
            }
        }
        let (coding, charset) = (value("coding"), value("charset"))
        guard coding != nil || charset != nil, let index = fields.firstIndex(where: { $0.name == "text" }) else {
            return try await next(request, context)
        }
        guard
            let bytes = KannelText.percentDecoded(fields[index].value),
            let text = KannelText.decode(bytes, coding: coding, charset: charset)
        else { throw Problem.malformed("the text is not valid in its charset") }
        fields[index].value = Substring(text.addingPercentEncoding(withAllowedCharacters: KannelText.unreserved) ?? "")
        var head = request.head
        head.path = request.uri.path + "?" + fields.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        return try await next(Request(head: head, body: request.body), context)
    }
}
