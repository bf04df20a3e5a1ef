public import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
public import PooyaIssuer

/// Sends SMS through a Kannel gateway's HTTP `sendsms` interface (smsbox).
///
/// Persian text goes as UCS-2 (`coding=2`, the text sent as UTF-8 with `charset=UTF-8`); Kannel splits a long message
/// into concatenated parts (the `sendsms-user` needs `max-messages` above 1 and `concatenation = true`). Kannel's
/// `202` answers (`0: Accepted for delivery`, `3: Queued for later delivery`) are successes; anything else is thrown
/// as ``KannelError``, so the caller can retry. With a delivery-report URL, Kannel reports each outbox message's fate
/// there.
public struct KannelSender: SMSSender {
    /// Where smsbox listens and how to log in.
    public struct Settings: Sendable, Hashable {
        /// smsbox's `sendsms` URL, such as `http://127.0.0.1:13013/cgi-bin/sendsms`.
        public var url: URL
        /// The `sendsms-user`'s username.
        public var username: String
        /// The `sendsms-user`'s password.
        public var password: String
        /// The sender shown to the cardholder (the bank's short code or name); `nil` for smsbox's `global-sender`.
        public var sender: String?
        /// Pooya's delivery-report route as Kannel reaches it (`http://HOST:PORT/v1/sms/deliveries`); when set, every
        /// outbox message asks for reports (`dlr-mask=31`) at this URL with its id.
        public var deliveryReportURL: URL?

        /// Collects the settings.
        public init(url: URL, username: String, password: String, sender: String? = nil, deliveryReportURL: URL? = nil)
        {
            self.url = url
            self.username = username
            self.password = password
            self.sender = sender
            self.deliveryReportURL = deliveryReportURL
        }
    }

    /// The settings.
    public let settings: Settings

    /// A sender through the gateway described by `settings`.
    public init(settings: Settings) {
        self.settings = settings
    }

    /// Hands `message` to Kannel.
    ///
    /// - Throws: ``KannelError`` when Kannel does not accept it or cannot be reached.
    public func send(_ message: SMSMessage) async throws {
        let request = try url(for: message)
        // URLSession's errors may carry the URL, which holds the password and the text (an activation part).
        guard let (data, response) = try? await URLSession.shared.data(from: request) else {
            throw KannelError(status: 0, answer: "the gateway could not be reached")
        }
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        let answer = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard status == 202 || status == 200 else { throw KannelError(status: status, answer: answer) }
    }

    /// The `sendsms` request for `message`: digits-only recipient (`98912…`), UCS-2 for anything beyond ASCII.
    package func url(for message: SMSMessage) throws -> URL {
        var query = [
            ("username", settings.username), ("password", settings.password),
            ("to", String(message.to.e164.dropFirst())), ("text", message.text),
        ]
        if let sender = settings.sender { query.append(("from", sender)) }
        if let reports = settings.deliveryReportURL, let id = message.id {
            // Kannel fills in %d, the report's status, when it calls the URL back.
            query += [("dlr-mask", "31"), ("dlr-url", "\(reports.absoluteString)?message=\(id)&status=%d")]
        }
        if !message.text.unicodeScalars.allSatisfy(\.isASCII) {
            query += [("coding", "2"), ("charset", "UTF-8")]
        }
        let encoded = query.map { "\($0)=\(Self.percentEncoded($1))" }.joined(separator: "&")
        guard let url = URL(string: settings.url.absoluteString + "?" + encoded) else {
            throw KannelError(status: 0, answer: "the sendsms URL is not valid")
        }
        return url
    }

    /// Everything but RFC 3986's unreserved characters percent-encoded (so `+` and `&` in a text survive).
    private static func percentEncoded(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~")))
            ?? ""
    }
}

/// Kannel refused a message: its HTTP status and answer (`403 Authorization failed for sendsms`,
/// `503` when it cannot take messages now).
public struct KannelError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The HTTP status, or 0 when there was none.
    public var status: Int
    /// Kannel's answer text.
    public var answer: String

    /// An error with Kannel's status and answer.
    public init(status: Int, answer: String) {
        self.status = status
        self.answer = answer
    }

    /// The status and answer; never the message's text.
    public var description: String { "Kannel refused the message (\(status)): \(answer)" }
}
