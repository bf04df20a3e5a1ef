public import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
public import PooyaIssuer

/// Sends SMS through a provider's JSON-over-HTTP API, as many Iranian SMS providers offer: a POST to a URL with
/// headers (an API key, say) and a body made from a template.
///
/// The template is JSON with placeholders replaced by JSON string contents (escaped): `{{to}}` the recipient's
/// international digits (`98912…`), `{{toLocal}}` its national form (`0912…`), `{{text}}`, `{{id}}` the outbox
/// message's id. For example `{"receptor": "{{toLocal}}", "message": "{{text}}", "localid": "{{id}}"}`. Any 2xx
/// answer is a success; anything else is thrown as ``HTTPProviderError`` so the outbox retries.
public struct HTTPProviderSender: SMSSender {
    /// The provider's endpoint and how to call it.
    public struct Settings: Sendable, Hashable {
        /// The URL to POST to.
        public var url: URL
        /// Headers to send, such as `Authorization` or `apikey`.
        public var headers: [String: String]
        /// The JSON body, with placeholders.
        public var bodyTemplate: String

        /// Collects the settings.
        public init(url: URL, headers: [String: String] = [:], bodyTemplate: String) {
            self.url = url
            self.headers = headers
            self.bodyTemplate = bodyTemplate
        }
    }

    /// The settings.
    public let settings: Settings

    /// A sender through the provider described by `settings`.
    public init(settings: Settings) {
        self.settings = settings
    }

    /// Posts `message` to the provider.
    ///
    /// - Throws: ``HTTPProviderError`` when the provider does not answer 2xx or cannot be reached.
    public func send(_ message: SMSMessage) async throws {
        var request = URLRequest(url: settings.url)
        request.httpMethod = "POST"
        request.timeoutInterval = 15
        request.setValue("application/json; charset=utf-8", forHTTPHeaderField: "Content-Type")
        for (name, value) in settings.headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = Data(body(for: message).utf8)
        // URLSession's errors may name the URL; the body holds the text. Neither belongs in an error.
        guard let (data, response) = try? await URLSession.shared.data(for: request) else {
            throw HTTPProviderError(status: 0, answer: "the provider could not be reached")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard (200..<300).contains(status) else {
            throw HTTPProviderError(status: status, answer: Self.withoutDigits(String(decoding: data, as: UTF8.self)))
        }
    }

    /// The request body for `message`: the template with its placeholders filled in.
    package func body(for message: SMSMessage) -> String {
        let international = String(message.to.e164.dropFirst())
        let values = [
            "{{to}}": international, "{{toLocal}}": "0" + international.dropFirst(2), "{{text}}": message.text,
            "{{id}}": message.id ?? "",
        ]
        return values.reduce(settings.bodyTemplate) { body, pair in
            body.replacingOccurrences(of: pair.key, with: Self.jsonEscaped(pair.value))
        }
    }

    /// The start of a provider's answer with every digit (of any digit set) as `#`: a provider that echoes the
    /// message would otherwise put its code in the outbox's error and the logs.
    private static func withoutDigits(_ answer: String) -> String {
        String(answer.prefix(200).map { $0.isNumber ? "#" : $0 })
    }

    /// The contents of a JSON string holding `text`.
    private static func jsonEscaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\r": escaped += "\\r"
            case "\t": escaped += "\\t"
            case _ where scalar.value < 0x20: escaped += String(format: "\\u%04x", scalar.value)
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}

/// A provider refused a message: its HTTP status (0 when unreachable) and the start of its answer, digits masked.
public struct HTTPProviderError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The HTTP status, or 0 when there was none.
    public var status: Int
    /// The start of the provider's answer.
    public var answer: String

    /// An error with the provider's status and answer.
    public init(status: Int, answer: String) {
        self.status = status
        self.answer = answer
    }

    /// The status and answer; never the message's text.
    public var description: String { "the SMS provider refused the message (\(status)): \(answer)" }
}
