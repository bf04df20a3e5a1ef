public import Configuration
import Foundation
public import Logging
import OneTimePassword
public import PooyaIssuer
public import PooyaServer
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
/// | `log.level` | `info` | `trace` … `critical` |
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
/// | `limits.handshakesPerAddressPerMinute` | 20 | `POST /v1/tokens` per source address |
/// | `limits.verificationsPerCardPerMinute` | 30 | verifications per card |
/// | `limits.activationsPerCardPerHour` | 5 | activations per card (each sends an SMS) |
public struct ServiceConfiguration: Sendable {
    /// Where to listen.
    public var server: ServerSettings
    /// The issuer's policy, validated.
    public var policy: IssuerPolicy
    /// Request limits.
    public var limits: RateLimits
    /// The log level.
    public var logLevel: Logger.Level

    /// Reads the settings.
    ///
    /// - Throws: ``PooyaIssuer/IssuerError/unsafePolicy(_:)`` for a value outside its safe bounds, or a
    ///   configuration error naming the bad key.
    public init(reader: ConfigReader) throws {
        server = ServerSettings(
            host: reader.string(forKey: "http.host", default: "127.0.0.1"),
            port: reader.int(forKey: "http.port", default: 8080))
        switch (reader.string(forKey: "http.tls.certificate"), reader.string(forKey: "http.tls.key")) {
        case (let certificate?, let key?): server.tls = (certificate, key)
        case (nil, nil): break
        default: throw IssuerError.invalidRequest("http.tls.certificate and http.tls.key go together")
        }
        guard let level = Logger.Level(rawValue: reader.string(forKey: "log.level", default: "info")) else {
            throw IssuerError.invalidRequest("log.level must be trace, debug, info, notice, warning, error or critical")
        }
        logLevel = level
        var policy = IssuerPolicy()
        policy.secondPIN = try Self.codePolicy(reader, "policy.secondPin", default: policy.secondPIN)
        policy.firstPIN = try Self.codePolicy(reader, "policy.firstPin", default: policy.firstPIN)
        policy.failuresBeforeLock = reader.int(forKey: "policy.failuresBeforeLock", default: policy.failuresBeforeLock)
        policy.activationLifetime = Int64(reader.int(forKey: "policy.activationHours", default: 24)) * 3600
        policy.activationAttempts = reader.int(forKey: "policy.activationAttempts", default: policy.activationAttempts)
        self.policy = try policy.validated()
        var limits = RateLimits()
        limits.perClientKey = .init(reader.int(forKey: "limits.clientKeyPerMinute", default: 100_000), per: 60)
        limits.perAddressOnHandshake = .init(
            reader.int(forKey: "limits.handshakesPerAddressPerMinute", default: 20), per: 60)
        limits.perCardVerifications = .init(reader.int(forKey: "limits.verificationsPerCardPerMinute", default: 30), per: 60)
        limits.perCardActivations = .init(reader.int(forKey: "limits.activationsPerCardPerHour", default: 5), per: 3600)
        for limit in [limits.perClientKey, limits.perAddressOnHandshake, limits.perCardVerifications,
                      limits.perCardActivations] where limit.capacity < 1 {
            throw IssuerError.unsafePolicy("every rate limit must allow at least one request")
        }
        self.limits = limits
    }

    /// The reader for `serve`: environment variables over the JSON file at `file` (when given) over the defaults.
    public static func reader(file: String?) async throws -> ConfigReader {
        let environment = KeyMappingProvider(upstream: EnvironmentVariablesProvider()) { $0.prepending(["pooya"]) }
        guard let file else { return ConfigReader(providers: [environment]) }
        let json = try await FileProvider<JSONSnapshot>(filePath: FilePath(file))
        return ConfigReader(providers: [environment, json])
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
            window: .init(behind: UInt64(behind), ahead: UInt64(ahead)))
    }
}
