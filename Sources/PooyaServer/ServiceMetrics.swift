import CoreMetrics
import Foundation
import PooyaIssuer
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
                ("rejected", reason.rawValue, attemptsLeft == 0 && ![.locked, .notActivated, .staticPINDisabled].contains(reason))
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

    func codeIssued(channel: IssuedCode.Channel) {
        Counter(label: "pooya_codes_issued_total", dimensions: [("channel", channel.rawValue)], factory: factory)
            .increment()
    }

    /// Counts one pass of the SMS dispatcher.
    func dispatched(_ report: SMSDispatcher.Report) {
        for (result, count) in [("sent", report.sent), ("failed", report.failed), ("expired", report.expired)] {
            Counter(label: "pooya_sms_total", dimensions: [("result", result)], factory: factory)
                .increment(by: count)
        }
    }

    /// Sets the outbox's gauge: messages by status.
    func outbox(_ counts: [OutboxStatus: Int]) {
        for status in OutboxStatus.allCases {
            Gauge(label: "pooya_sms_outbox_messages", dimensions: [("status", status.rawValue)], factory: factory)
                .record(counts[status] ?? 0)
        }
    }

    func deliveryReport(_ status: DeliveryStatus) {
        Counter(label: "pooya_sms_delivery_reports_total", dimensions: [("status", status.rawValue)], factory: factory)
            .increment()
    }
}
