extension ClientKey {
    /// The first host of `line` this key's gateway may not name in its code SMS, `nil` when it may name them all.
    /// A gateway names only hosts its key lists (``webOTPHosts``), so that a leaked key cannot make the bank's SMS
    /// offer its code to another site's page.
    public func hostNotAllowed(in line: WebOTPLine) -> WebOTPHost? {
        line.hosts.first { !webOTPHosts.contains($0) }
    }
}
