public import Configuration
import Foundation
public import Logging
import OneTimePassword
public import PooyaIssuer
public import PooyaServer
public import PooyaSMS
import SystemPackage

/// The service's settings, read once at start from, in order of precedence: the command line, environment variables
/// (`POOYA_` and the key in capitals, dots as underscores: `POOYA_HTTP_PORT`), a JSON file given with `--config`
/// (nested objects: `{"http": {"port": 8443}}`), and the defaults below. Unsafe policy values are refused at start.
///
/// | key | default | meaning |
/// | --- | --- | --- |
/// | `http.host` | `127.0.0.1` | the address to listen on |
/// | `http.port` | `8080` | the port |
/// | `http.tls.certificate`, `http.tls.key` | none | PEM files; both given, the service speaks HTTPS |
/// | `http.trustedProxies` | none | IP addresses of proxies whose `X-Forwarded-For` names the client |
/// | `management.host`, `management.port` | `127.0.0.1`, 9464 | where `/metrics`, `/healthz` and `/readyz` are served |
/// | `http.maxConnections` | 1000 | connections at once; one more gets 503 `too_many_connections` and is closed |
/// | `http.headerTimeoutSeconds` | 10 | from connecting to a complete request head, else the connection is closed |
/// | `http.bodyTimeoutSeconds` | 10 | from a request's head to the end of its body, else closed |
/// | `http.idleTimeoutSeconds` | 60 | a kept-alive connection's wait for its next request head |
/// | `log.level` | `info` | `trace` … `critical` |
/// | `log.format` | `text` | `text`, or `json`: one JSON object per line, for a SIEM |
/// | `policy.secondPin.digits` | 7 | 7–8 |
/// | `policy.secondPin.period` | 60 | seconds per code, 30–120 |
/// | `policy.secondPin.stepsBehind` | 1 | earlier steps accepted (a code lives at most 120 s) |
/// | `policy.secondPin.stepsAhead` | 0 | later steps accepted, 0–1 |
/// | `policy.secondPin.algorithm` | `SHA1` | `SHA1`, `SHA256`, `SHA512` for new tokens |
/// | `policy.firstPin.*` | 4 digits, 60 s, 1, 0, `SHA1` | the same for the first PIN (4–8 digits) |
/// | `policy.failuresBeforeLock` | 3 | 3–5 |
/// | `policy.activationHours` | 24 | 1–72 |
/// | `policy.activationAttempts` | 5 | 1–10 |
/// | `limits.clientKeyPerMinute` | 100000 | requests per client key |
/// | `limits.handshakesPerAddressPerMinute` | 300 | handshakes per source address: a flood bound (tickets limit tries) |
/// | `limits.verificationsPerCardPerMinute` | 30 | verifications per card |
/// | `policy.smsCodeSeconds` | 120 | life of a code sent by SMS or shown by USSD, 60–300 |
/// | `policy.codesPerCardPerMinute` | 2 | SMS and USSD codes per card, 1–5 |
/// | `policy.codesPerCardPerHour` | 10 | SMS and USSD codes per card, up to 30 |
/// | `policy.smsCodesNeedActivation` | `true` | SMS and USSD codes and gateway challenges only after an activation |
/// | `policy.tokensExportable` | `false` | new tokens may travel in the cardholder's encrypted backup |
/// | `policy.clockDriftSteps` | 10 | steps either side of the window in which a right code is told as `clock_drift` (0–30) |
/// | `policy.clockResync` | `true` | two drifting codes in a row at one offset teach the token that offset |
/// | `policy.staticSecondPinMaxAmount` | 0 | rials up to which the static second PIN still pays once dynamic is on |
/// | `policy.receiptSeconds` | 600 | how long a verification's signed receipt may be presented, 60–3600 |
/// | `policy.receiptIssuer` | `pooya` | the issuer receipts name (`iss`): the bank's name or host |
/// | `limits.activationsPerCardPerHour` | 5 | activations per card (each sends an SMS) |
/// | `limits.inboundSmsPerSenderPerHour` | 10 | SMS a number may send the service (each is answered) |
/// | `retention.days` | 90 | decisions, issued codes and finished SMS older than this are deleted (7–3650) |
/// | `sms.gateway` | `file` | `file` (the data folder's `sms-outbox.jsonl`), `kannel` or `http` |
/// | `sms.kannel.url` | none | smsbox's `http://HOST:13013/cgi-bin/sendsms` |
/// | `sms.kannel.username`, `sms.kannel.password` | none | its `sendsms-user` |
/// | `sms.kannel.sender` | none | the sender shown (smsbox's `global-sender` when absent) |
/// | `sms.kannel.deliveryReportUrl` | none | `http://HOST:PORT/v1/sms/deliveries` as Kannel reaches the service |
/// | `sms.http.url` | none | a JSON provider's endpoint |
/// | `sms.http.headers` | none | `Name: value` strings (an API key) |
/// | `sms.http.body` | none | the JSON body with `{{to}}`, `{{toLocal}}`, `{{text}}`, `{{id}}` |
/// | `sms.templates.activation`, `.challenge`, `.code`, `.suspension`, `.neutral`, `.doNotShare` | Persian texts | the bank's wording, with `{placeholders}`, checked at start |
/// | `sms.webOtpHost` | none | the payment page's host, for the `@host #code` line of gateway SMS |
/// | `key.vault` | `file` | `file` (the data folder's `master.key`) or `pkcs11` (an HSM through its PKCS#11 module) |
/// | `key.pkcs11.module`, `key.pkcs11.token` | none | the module's path and the token's label |
/// | `key.pkcs11.pinFile` | none | a file holding the token's user PIN, unless `POOYA_KEY_PKCS11_PIN` gives it |
/// | `audit.checkpointMinutes` | 10 | minutes between signed checkpoints of the audit chains' heads, 1–1440 |
/// | `policy.pageMinutes` | 15 | minutes a page's address (activation page, payment page) opens, 1–60 |
/// | `pages.publicUrl` | none | the pages' public origin (`https://pin.bank.example`): page addresses are made on it and its host ends gateway SMS (WebOTP); none: each API request's own origin |
/// | `pages.payment.enabled` | `false` | `POST /v1/payments` makes payment pages |
/// | `pages.payment.returnUrls` | none | the prefixes a payment page's return URL must start with |
/// | `pages.frameAncestors` | none | origins allowed to show the pages in a frame (an internet bank's) |
/// | `store.url` | none | `postgresql://USER:PASSWORD@HOST:PORT/DATABASE?sslmode=verify-full&pool=20`: several nodes share it; none: the data folder's SQLite |
public struct ServiceConfiguration: Sendable {
    /// Which SMS gateway the outbox's messages go through.
    public enum SMSGateway: Sendable, Hashable {
        /// The data folder's development file.
        case file
        /// Kannel's smsbox.
        case kannel(KannelSender.Settings)
        /// A JSON-over-HTTP provider.
        case http(HTTPProviderSender.Settings)
    }

    /// Where to listen.
    public var server: ServerSettings
    /// Days after which decisions, issued codes and finished SMS are deleted; the audit trail is kept.
    public var retentionDays: Int
    /// The issuer's policy, validated.
    public var policy: IssuerPolicy
    /// Request limits.
    public var limits: RateLimits
    /// The log level.
    public var logLevel: Logger.Level
    /// Whether logs are JSON lines (`log.format = json`) rather than text.
    public var logsJSON: Bool
    /// The SMS gateway.
    public var smsGateway: SMSGateway
    /// The host of the WebOTP line of gateway SMS.
    public var webOTPHost: String?
    /// The texts of the SMS, the bank's wording where it gave one, checked.
    public var templates: SMSTemplates
    /// Where the keys live.
    public var keyVault: KeyVaultSettings
    /// Which database holds the state.
    public var store: StoreSettings
    /// Minutes between signed checkpoints of the audit chains.
    public var auditCheckpointMinutes: Int
    /// How the pages are served.
    public var pages: PageSettings

    /// Reads the settings.
    ///
    /// - Throws: ``PooyaIssuer/IssuerError/unsafePolicy(_:)`` for a value outside its safe bounds, or a
    ///   configuration error naming the bad key.
    public init(reader: ConfigReader) throws {
        server = ServerSettings(
            host: reader.string(forKey: "http.host", default: "127.0.0.1"),
            port: reader.int(forKey: "http.port", default: 8080)
        )
        switch (reader.string(forKey: "http.tls.certificate"), reader.string(forKey: "http.tls.key")) {
        case (let certificate?, let key?): server.tls = (certificate, key)
        case (nil, nil): break
        default: throw IssuerError.invalidRequest("http.tls.certificate and http.tls.key go together")
        }
        server.connections = try Self.connectionLimits(reader)
        server.management = (
            reader.string(forKey: "management.host", default: server.management.host),
            reader.int(forKey: "management.port", default: server.management.port)
        )
        for proxy in reader.stringArray(forKey: "http.trustedProxies") ?? [] {
            guard ServerSettings.isIPAddress(proxy) else {
                throw IssuerError.invalidRequest("each of http.trustedProxies must be an IP address, not '\(proxy)'")
            }
            server.trustedProxies.insert(proxy)
        }
        guard let level = Logger.Level(rawValue: reader.string(forKey: "log.level", default: "info")) else {
            throw IssuerError.invalidRequest("log.level must be trace, debug, info, notice, warning, error or critical")
        }
        logLevel = level
        switch reader.string(forKey: "log.format", default: "text") {
        case "text": logsJSON = false
        case "json": logsJSON = true
        default: throw IssuerError.invalidRequest("log.format must be text or json")
        }
        var policy = IssuerPolicy()
        policy.secondPIN = try Self.codePolicy(reader, "policy.secondPin", default: policy.secondPIN)
        policy.firstPIN = try Self.codePolicy(reader, "policy.firstPin", default: policy.firstPIN)
        policy.failuresBeforeLock = reader.int(forKey: "policy.failuresBeforeLock", default: policy.failuresBeforeLock)
        policy.activationLifetime = Int64(reader.int(forKey: "policy.activationHours", default: 24)) * 3600
        policy.activationAttempts = reader.int(forKey: "policy.activationAttempts", default: policy.activationAttempts)
        policy.issuedCodeLifetime = Int64(reader.int(forKey: "policy.smsCodeSeconds", default: 120))
        policy.issuedCodesPerMinute = reader.int(
            forKey: "policy.codesPerCardPerMinute",
            default: policy.issuedCodesPerMinute
        )
        policy.issuedCodesPerHour = reader.int(forKey: "policy.codesPerCardPerHour", default: policy.issuedCodesPerHour)
        policy.tokensExportable = reader.bool(forKey: "policy.tokensExportable", default: policy.tokensExportable)
        policy.clockDriftSteps = reader.int(forKey: "policy.clockDriftSteps", default: policy.clockDriftSteps)
        policy.clockResync = reader.bool(forKey: "policy.clockResync", default: policy.clockResync)
        policy.staticSecondPINMaxAmount = Int64(
            reader.int(forKey: "policy.staticSecondPinMaxAmount", default: Int(policy.staticSecondPINMaxAmount))
        )
        policy.smsCodesNeedActivation = reader.bool(
            forKey: "policy.smsCodesNeedActivation",
            default: policy.smsCodesNeedActivation
        )
        policy.receiptLifetime = Int64(
            reader.int(forKey: "policy.receiptSeconds", default: Int(policy.receiptLifetime))
        )
        policy.receiptIssuer = reader.string(forKey: "policy.receiptIssuer", default: policy.receiptIssuer)
        policy.pageLifetime = Int64(reader.int(forKey: "policy.pageMinutes", default: 15)) * 60
        self.policy = try policy.validated()
        retentionDays = reader.int(forKey: "retention.days", default: 90)
        guard (7...3650).contains(retentionDays) else {
            throw IssuerError.unsafePolicy("retention.days must be 7 to 3650, not \(retentionDays)")
        }
        smsGateway = try Self.smsGateway(reader)
        keyVault = try KeyVaultSettings(reader: reader, environment: ProcessInfo.processInfo.environment)
        store = try StoreSettings(reader: reader)
        auditCheckpointMinutes = reader.int(forKey: "audit.checkpointMinutes", default: 10)
        guard (1...1440).contains(auditCheckpointMinutes) else {
            throw IssuerError.unsafePolicy("audit.checkpointMinutes must be 1 to 1440, not \(auditCheckpointMinutes)")
        }
        var templates = SMSTemplates()
        for name in SMSTemplates.Name.allCases {
            if let text = reader.string(forKey: ConfigKey("sms.templates.\(name.rawValue)")) {
                templates.texts[name] = text
            }
        }
        templates.doNotShare = reader.string(forKey: "sms.templates.doNotShare", default: templates.doNotShare)
        self.templates = try templates.validated()
        webOTPHost = try reader.string(forKey: "sms.webOtpHost").map {
            try WebOTPHost($0, field: "sms.webOtpHost").name
        }
        pages = try Self.pageSettings(reader, tls: server.tls != nil)
        var limits = RateLimits()
        limits.perClientKey = .init(reader.int(forKey: "limits.clientKeyPerMinute", default: 100_000), per: 60)
        limits.perAddressOnHandshake = .init(
            reader.int(forKey: "limits.handshakesPerAddressPerMinute", default: 300),
            per: 60
        )
        limits.perCardVerifications = .init(
            reader.int(forKey: "limits.verificationsPerCardPerMinute", default: 30),
            per: 60
        )
        limits.perCardActivations = .init(reader.int(forKey: "limits.activationsPerCardPerHour", default: 5), per: 3600)
        limits.perSenderInboundSMS = .init(
            reader.int(forKey: "limits.inboundSmsPerSenderPerHour", default: 10),
            per: 3600
        )
        for limit in [
            limits.perClientKey, limits.perAddressOnHandshake, limits.perCardVerifications,
            limits.perCardActivations, limits.perSenderInboundSMS,
        ] where limit.capacity < 1 {
            throw IssuerError.unsafePolicy("every rate limit must allow at least one request")
        }
        self.limits = limits
    }

    /// The configuration the environment gives: `POOYA_` and the key in capitals.
    static var environmentProvider: some ConfigProvider {
        KeyMappingProvider(upstream: EnvironmentVariablesProvider()) { $0.prepending(["pooya"]) }
    }

    /// The reader for `serve`: environment variables over the JSON file at `file` (when given) over the defaults.
    ///
    /// - Throws: a configuration error naming the first `POOYA_` variable or file key that is no setting.
    public static func reader(file: String?) async throws -> ConfigReader {
        try ConfigurationKeys.check(environment: ProcessInfo.processInfo.environment)
        let environment = environmentProvider
        guard let file else { return ConfigReader(providers: [environment]) }
        try ConfigurationKeys.check(file: file, contents: try Data(contentsOf: URL(fileURLWithPath: file)))
        let json = try await FileProvider<JSONSnapshot>(filePath: FilePath(file))
        return ConfigReader(providers: [environment, json])
    }

    private static func pageSettings(_ reader: ConfigReader, tls: Bool) throws -> PageSettings {
        var pages = PageSettings()
        pages.scheme = tls ? "https" : "http"
        if let text = reader.string(forKey: "pages.publicUrl") {
            guard let url = URL(string: text), ["http", "https"].contains(url.scheme ?? ""), url.host != nil,
                url.path.isEmpty || url.path == "/", url.query == nil
            else {
                throw IssuerError.invalidRequest("pages.publicUrl must be an origin such as https://pin.bank.example")
            }
            pages.publicURL = text
        }
        pages.paymentEnabled = reader.bool(forKey: "pages.payment.enabled", default: false)
        pages.returnURLPrefixes = reader.stringArray(forKey: "pages.payment.returnUrls") ?? []
        for prefix in pages.returnURLPrefixes {
            guard let url = URL(string: prefix), ["http", "https"].contains(url.scheme ?? ""), url.host != nil else {
                throw IssuerError.invalidRequest(
                    "each of pages.payment.returnUrls must be an absolute http(s) URL, not '\(prefix)'"
                )
            }
        }
        pages.frameAncestors = reader.stringArray(forKey: "pages.frameAncestors") ?? []
        for origin in pages.frameAncestors {
            guard let url = URL(string: origin), url.scheme == "https", url.host != nil, url.path.isEmpty else {
                throw IssuerError.invalidRequest(
                    "each of pages.frameAncestors must be an https origin such as https://ib.bank.example"
                )
            }
        }
        return pages
    }

    private static func smsGateway(_ reader: ConfigReader) throws -> SMSGateway {
        func url(_ key: String) throws -> URL {
            guard let text = reader.string(forKey: ConfigKey(key)), let url = URL(string: text), url.scheme != nil
            else {
                throw IssuerError.invalidRequest("\(key) must be an absolute URL")
            }
            return url
        }
        switch reader.string(forKey: "sms.gateway", default: "file") {
        case "file":
            return .file
        case "kannel":
            guard let username = reader.string(forKey: "sms.kannel.username"),
                let password = reader.string(forKey: "sms.kannel.password", isSecret: true)
            else { throw IssuerError.invalidRequest("sms.kannel.username and sms.kannel.password are needed") }
            return .kannel(
                .init(
                    url: try url("sms.kannel.url"),
                    username: username,
                    password: password,
                    sender: reader.string(forKey: "sms.kannel.sender"),
                    deliveryReportURL: reader.string(forKey: "sms.kannel.deliveryReportUrl") == nil
                        ? nil : try url("sms.kannel.deliveryReportUrl")
                )
            )
        case "http":
            guard let body = reader.string(forKey: "sms.http.body") else {
                throw IssuerError.invalidRequest("sms.http.body is needed")
            }
            var headers: [String: String] = [:]
            for header in reader.stringArray(forKey: "sms.http.headers", isSecret: true) ?? [] {
                guard let colon = header.firstIndex(of: ":") else {
                    throw IssuerError.invalidRequest("each of sms.http.headers must be 'Name: value'")
                }
                headers[String(header[..<colon])] = header[header.index(after: colon)...]
                    .trimmingCharacters(in: .whitespaces)
            }
            return .http(.init(url: try url("sms.http.url"), headers: headers, bodyTemplate: body))
        case let other:
            throw IssuerError.invalidRequest("sms.gateway must be file, kannel or http, not \(other)")
        }
    }

    private static func connectionLimits(_ reader: ConfigReader) throws -> ConnectionLimits {
        var limits = ConnectionLimits()
        let maximum = reader.int(forKey: "http.maxConnections", default: limits.maximumConnections)
        let seconds = [
            "http.headerTimeoutSeconds": reader.int(forKey: "http.headerTimeoutSeconds", default: 10),
            "http.bodyTimeoutSeconds": reader.int(forKey: "http.bodyTimeoutSeconds", default: 10),
            "http.idleTimeoutSeconds": reader.int(forKey: "http.idleTimeoutSeconds", default: 60),
        ]
        guard maximum >= 1 else { throw IssuerError.invalidRequest("http.maxConnections must be at least 1") }
        for (key, value) in seconds where !(1...3600).contains(value) {
            throw IssuerError.invalidRequest("\(key) must be 1 to 3600 seconds, not \(value)")
        }
        limits.maximumConnections = maximum
        limits.headerTimeout = .seconds(seconds["http.headerTimeoutSeconds"] ?? 10)
        limits.bodyTimeout = .seconds(seconds["http.bodyTimeoutSeconds"] ?? 10)
        limits.idleTimeout = .seconds(seconds["http.idleTimeoutSeconds"] ?? 60)
        return limits
    }

    private static func codePolicy(_ reader: ConfigReader, _ prefix: String, default base: IssuerPolicy.CodePolicy)
        throws -> IssuerPolicy.CodePolicy
    {
        let name = reader.string(forKey: ConfigKey("\(prefix).algorithm"), default: base.algorithm.rawValue)
        guard let algorithm = OTPAlgorithm(name: name) else {
            throw IssuerError.unsafePolicy("\(prefix).algorithm must be SHA1, SHA256 or SHA512")
        }
        let behind = reader.int(forKey: ConfigKey("\(prefix).stepsBehind"), default: Int(base.window.behind))
        let ahead = reader.int(forKey: ConfigKey("\(prefix).stepsAhead"), default: Int(base.window.ahead))
        guard behind >= 0, ahead >= 0 else { throw IssuerError.unsafePolicy("\(prefix) steps must not be negative") }
        return .init(
            digits: reader.int(forKey: ConfigKey("\(prefix).digits"), default: base.digits),
            period: Int64(reader.int(forKey: ConfigKey("\(prefix).period"), default: Int(base.period))),
            algorithm: algorithm,
            window: .init(behind: UInt64(behind), ahead: UInt64(ahead))
        )
    }
}
