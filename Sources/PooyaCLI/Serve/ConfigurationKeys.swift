import Foundation
import PooyaIssuer

/// Every key `pooya serve` reads, so that one it does not (a typo, a key of another version) stops the service at
/// start, named, instead of being ignored while the default quietly applies.
enum ConfigurationKeys {
    /// The keys, as README's configuration table lists them.
    static let known = Set<String>([
        "http.host", "http.port", "http.tls.certificate", "http.tls.key", "http.trustedProxies", "http.maxConnections",
        "http.headerTimeoutSeconds", "http.bodyTimeoutSeconds", "http.idleTimeoutSeconds", "management.host",
        "management.port", "log.level", "log.format", "retention.days",
        "policy.failuresBeforeLock", "policy.activationHours", "policy.activationAttempts", "policy.smsCodeSeconds",
        "policy.codesPerCardPerMinute", "policy.codesPerCardPerHour", "policy.smsCodesNeedActivation",
        "policy.staticSecondPinMaxAmount", "policy.clockDriftSteps", "policy.clockResync", "policy.receiptSeconds",
        "policy.receiptIssuer",
        "policy.tokensExportable", "sms.templates.activation", "sms.templates.challenge", "sms.templates.code",
        "sms.templates.suspension", "sms.templates.neutral", "sms.templates.lock", "sms.templates.doNotShare",
        "limits.clientKeyPerMinute", "limits.handshakesPerAddressPerMinute", "limits.verificationsPerCardPerMinute",
        "limits.activationsPerCardPerHour", "limits.inboundSmsPerSenderPerHour",
        "sms.gateway", "sms.webOtpHost", "sms.kannel.url", "sms.kannel.username", "sms.kannel.password",
        "sms.kannel.sender", "sms.kannel.deliveryReportUrl", "sms.http.url", "sms.http.headers", "sms.http.body",
        "key.vault", "key.pkcs11.module", "key.pkcs11.token", "key.pkcs11.pinFile", "store.url",
        "audit.checkpointMinutes", "policy.pageMinutes", "pages.publicUrl", "pages.payment.enabled",
        "pages.payment.returnUrls", "pages.frameAncestors",
    ]).union(
        ["policy.secondPin", "policy.firstPin"].flatMap { prefix in
            ["digits", "period", "stepsBehind", "stepsAhead", "algorithm"].map { "\(prefix).\($0)" }
        }
    )

    /// `POOYA_` variables that are not configuration keys: the authenticator's passwords, and a PKCS#11 token's PIN.
    static let otherVariables: Set<String> = [
        "POOYA_VAULT_PASSWORD", "POOYA_NEW_VAULT_PASSWORD", KeyVaultSettings.pinVariable,
    ]

    /// Throws for the first key in the JSON configuration file's `contents` that is not a known one.
    static func check(file: String, contents: Data) throws {
        guard let object = try? JSONSerialization.jsonObject(with: contents) as? [String: Any] else {
            throw IssuerError.invalidRequest("\(file) must hold a JSON object")
        }
        if let unknown = keys(in: object).sorted().first(where: { !known.contains($0) }) {
            throw IssuerError.invalidRequest("\(file): unknown configuration key \(unknown)\(hint(unknown))")
        }
    }

    /// Throws for the first `POOYA_` variable in `environment` that names no known key.
    static func check(environment: [String: String]) throws {
        let names = Dictionary(uniqueKeysWithValues: known.map { (variable(for: $0), $0) })
        let unknown = environment.keys.sorted().first {
            $0.hasPrefix("POOYA_") && names[$0] == nil && !otherVariables.contains($0)
        }
        if let unknown {
            throw IssuerError.invalidRequest("unknown configuration variable \(unknown)\(hint(unknown))")
        }
    }

    /// `POOYA_` and the key in capitals, a capital inside a word and each dot starting a new `_` part:
    /// `policy.failuresBeforeLock` is `POOYA_POLICY_FAILURES_BEFORE_LOCK`.
    static func variable(for key: String) -> String {
        var name = "POOYA_"
        var previous: Character = "."
        for character in key {
            if character == "." {
                name.append("_")
            } else {
                if character.isUppercase && previous.isLowercase { name.append("_") }
                name.append(contentsOf: character.uppercased())
            }
            previous = character
        }
        return name
    }

    private static func keys(in object: [String: Any], prefix: String = "") -> [String] {
        object.flatMap { name, value -> [String] in
            let key = prefix + name
            guard let nested = value as? [String: Any] else { return [key] }
            return keys(in: nested, prefix: key + ".")
        }
    }

    /// A nearby known key, when one differs only a little: "did you mean …?".
    private static func hint(_ unknown: String) -> String {
        let plain = { (text: String) in text.lowercased().filter { $0.isLetter || $0.isNumber } }
        let target = plain(unknown.hasPrefix("POOYA_") ? String(unknown.dropFirst(6)) : unknown)
        let nearest = known.min { distance(plain($0), target) < distance(plain($1), target) }
        guard let nearest, distance(plain(nearest), target) <= 2 else { return "" }
        return unknown.hasPrefix("POOYA_")
            ? " (did you mean \(variable(for: nearest))?)" : " (did you mean \(nearest)?)"
    }

    /// The Levenshtein distance between two short strings.
    private static func distance(_ a: String, _ b: String) -> Int {
        let (a, b) = (Array(a), Array(b))
        guard !a.isEmpty, !b.isEmpty else { return max(a.count, b.count) }
        var row = Array(0...b.count)
        for i in 1...a.count {
            var next = [i] + Array(repeating: 0, count: b.count)
            for j in 1...b.count {
                next[j] = min(row[j] + 1, next[j - 1] + 1, row[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
            }
            row = next
        }
        return row[b.count]
    }
}
