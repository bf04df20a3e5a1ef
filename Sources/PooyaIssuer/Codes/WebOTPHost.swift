/// A host named in the WebOTP line that ends a gateway's code SMS (`@host #code`): the payment page's own host, so
/// that the browser showing that page, and only it, offers to fill the code in. A DNS name of letters, digits and
/// hyphens in dot-separated labels, lower-cased; never an IP address, a port, a path or a space, which the line's
/// format has no room for.
public struct WebOTPHost: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The host, lower-cased.
    public let name: String

    /// Checks a host a client or an operator gave.
    ///
    /// - Throws: ``IssuerError/invalidRequest(_:)`` naming the field when it is not a host name.
    public init(_ text: String, field: String = "webOtpHost") throws(IssuerError) {
        let name = text.lowercased()
        let labels = name.split(separator: ".", omittingEmptySubsequences: false)
        let valid =
            name.utf8.count <= 253 && labels.count >= 2 && labels.last?.allSatisfy(\.isLetter) == true
            && labels.allSatisfy { label in
                (1...63).contains(label.utf8.count) && label.first != "-" && label.last != "-"
                    && label.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == 0x2D }
            }
        guard valid else { throw .invalidRequest("\(field) must be a host name such as pay.example.ir") }
        self.name = name
    }

    /// Alphabetical.
    public static func < (lhs: WebOTPHost, rhs: WebOTPHost) -> Bool { lhs.name < rhs.name }

    /// The host.
    public var description: String { name }
}

/// The WebOTP line of a gateway's code SMS: the top-level page's host, and the host of the frame that asks for the
/// code when the payment form is embedded (`@top #code @embedded`).
public struct WebOTPLine: Sendable, Hashable {
    /// The host of the page in the browser's address bar.
    public var top: WebOTPHost
    /// The host of the frame that asks for the code, when it is another.
    public var embedded: WebOTPHost?

    /// Collects the hosts.
    public init(top: WebOTPHost, embedded: WebOTPHost? = nil) {
        self.top = top
        self.embedded = embedded
    }

    /// The hosts the line names: the top-level page's, then the embedded frame's.
    var hosts: [WebOTPHost] { [top] + (embedded.map { [$0] } ?? []) }

    /// The line for `code`.
    func text(code: String) -> String {
        "@\(top) #\(code)" + (embedded.map { " @\($0)" } ?? "")
    }
}
