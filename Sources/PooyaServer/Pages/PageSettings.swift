import Foundation

/// How the pages are served: their public address, whether payment pages are on, where a payment may send the
/// cardholder back to, and who may show the pages in a frame.
public struct PageSettings: Sendable {
    /// The pages' public origin (`https://pin.bank.example`), as cardholders' browsers reach it: page addresses are
    /// made on it, and its host ends gateway SMS as their WebOTP host. When unset, the origin of each API request
    /// (its `Host` header, and ``scheme``) is used, which suits a service reached under one name only.
    public var publicURL: String?
    /// `https` when the service itself serves TLS, else `http`: the scheme of page addresses without ``publicURL``.
    public var scheme = "http"
    /// Whether `POST /v1/payments` makes payment pages (`pages.payment.enabled`); off by default.
    public var paymentEnabled = false
    /// The prefixes a payment's return URL must start with (`https://shop.example/pay/return`): an allow-list, empty
    /// by default, so no return URL is accepted until the operator names one.
    public var returnURLPrefixes: [String] = []
    /// The origins allowed to show the pages in a frame (an internet bank's); none by default.
    public var frameAncestors: [String] = []

    /// The defaults: no payment pages, no frames, page addresses on each request's own origin.
    public init() {}

    /// Whether `url` is an absolute http(s) URL on the origin (scheme, host and port, compared whole) of one of
    /// ``returnURLPrefixes``, under its path: a prefix `https://shop.example` never lets `https://shop.example.evil`
    /// or `https://shop.example@evil` through.
    func allowsReturn(to url: String) -> Bool {
        guard url.utf8.count <= 1024, let parsed = URLComponents(string: url), parsed.user == nil,
            parsed.password == nil, ["http", "https"].contains(parsed.scheme?.lowercased() ?? ""), parsed.host != nil
        else { return false }
        return returnURLPrefixes.contains { prefix in
            guard let allowed = URLComponents(string: prefix) else { return false }
            return allowed.scheme?.lowercased() == parsed.scheme?.lowercased()
                && allowed.host?.lowercased() == parsed.host?.lowercased() && allowed.port == parsed.port
                && parsed.path.hasPrefix(allowed.path)
        }
    }

    /// The origin page addresses are made on, for a request that named `host` (its `Host` header).
    func origin(requestHost host: String?) -> String {
        if let publicURL { return publicURL.hasSuffix("/") ? String(publicURL.dropLast()) : publicURL }
        let safe = host.flatMap { Self.isHostAndPort($0) ? $0 : nil }
        return "\(scheme)://\(safe ?? "127.0.0.1")"
    }

    /// Whether `text` is a host name or address with an optional port, and nothing else.
    private static func isHostAndPort(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 255
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar)
                        || ".-:[]".unicodeScalars.contains(scalar))
            }
    }
}
