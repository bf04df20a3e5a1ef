import CoreMetrics
import Foundation
public import PooyaIssuer
import PooyaProtocol
public import Prometheus

/// The service's metrics, in a Prometheus registry of its own (no global bootstrap, so tests and several services in
/// one process do not share counters). Every label takes values from a small fixed set: route templates, statuses,
/// decisions and reasons, kinds, channels — never a card, code, key or merchant.
public struct ServiceMetrics: Sendable {
    /// The registry `/metrics` renders.
    public let registry: PrometheusCollectorRegistry
    private let factory: PrometheusMetricsFactory

    /// Metrics in a new registry.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        self.factory = PrometheusMetricsFactory(registry: registry)
    }

    /// The exposition text.
    func render() -> String { registry.emitToString() }

    func request(method: String, route: String, status: Int, seconds: Double) {
        Counter(label: "pooya_http_requests_total",
                dimensions: [("method", method), ("route", route), ("status", String(status))], factory: factory)
            .increment()
        Timer(label: "pooya_http_request_duration_seconds", dimensions: [("method", method), ("route", route)],
              factory: factory)
            .recordNanoseconds(Int64(seconds * 1e9))
    }

    func decision(_ decision: VerificationDecision, kind: PINKind) {
        let (name, reason, locked): (String, String, Bool) =
            switch decision {
            case .approved: ("approved", "none", false)
            case .staticPINAllowed: ("static_pin_allowed", "none", false)
            case .rejected(let reason, let attemptsLeft):
                ("rejected", reason.rawValue, attemptsLeft == 0 && [.invalidCode, .expired, .wrongKind].contains(reason))
            }
        Counter(label: "pooya_verifications_total",
                dimensions: [("decision", name), ("reason", reason), ("kind", kind.rawValue)], factory: factory)
            .increment()
        // A counted failure that leaves no attempt is the one that locked the token.
        if locked {
            Counter(label: "pooya_locks_total", dimensions: [("kind", kind.rawValue)], factory: factory).increment()
        }
    }

    func activation(channel: ActivationChannel, kind: PINKind) {
        Counter(label: "pooya_activations_total",
                dimensions: [("channel", channel.rawValue), ("kind", kind.rawValue)], factory: factory)
            .increment()
    }

    func sms(sent: Bool) {
        Counter(label: "pooya_sms_total", dimensions: [("result", sent ? "sent" : "failed")], factory: factory)
            .increment()
    }
}

/// An SMS sender that counts what its gateway accepted and refused.
public struct CountingSMSSender: SMSSender {
    let sender: any SMSSender
    let metrics: ServiceMetrics

    /// Counts the messages `sender` is given.
    public init(_ sender: any SMSSender, metrics: ServiceMetrics) {
        self.sender = sender
        self.metrics = metrics
    }

    /// Sends through the wrapped sender and counts the outcome.
    public func send(_ message: SMSMessage) async throws {
        do {
            try await sender.send(message)
            metrics.sms(sent: true)
        } catch {
            metrics.sms(sent: false)
            throw error
        }
    }
}
