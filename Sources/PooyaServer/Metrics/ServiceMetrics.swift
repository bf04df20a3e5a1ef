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
        Counter(
            label: "pooya_http_requests_total",
            dimensions: [("method", method), ("route", route), ("status", String(status))],
            factory: factory
        )
        .increment()
        Timer(
            label: "pooya_http_request_duration_seconds",
            dimensions: [("method", method), ("route", route)],
            factory: factory
        )
        .recordNanoseconds(Int64(seconds * 1e9))
    }

    private func count(_ label: String, _ dimensions: [(String, String)]) {
        Counter(label: label, dimensions: dimensions, factory: factory).increment()
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

extension ServiceMetrics: DomainEventObserver {
    /// Counts what the issuer's committed changes did: decisions by outcome and reason, locks, activations started
    /// and completed, codes issued by channel, suspensions by channel.
    public func observe(_ events: [DomainEvent]) {
        for event in events {
            switch event.fact {
            case .verified(let kind, let decision, _):
                let (name, reason) =
                    switch decision {
                    case .approved: ("approved", "none")
                    case .staticPINAllowed: ("static_pin_allowed", "none")
                    case .rejected(let reason, _): ("rejected", reason.rawValue)
                    }
                count("pooya_verifications_total", [("decision", name), ("reason", reason), ("kind", kind.rawValue)])
            case .pinLocked(let kind, _, _):
                count("pooya_locks_total", [("kind", kind.rawValue)])
            case .activationStarted(let kind, let channel, _):
                count("pooya_activations_total", [("channel", channel.rawValue), ("kind", kind.rawValue)])
            case .tokenProvisioned(let kind, _, _):
                count("pooya_activations_completed_total", [("by", "app"), ("kind", kind.rawValue)])
            case .activationConfirmed(let kind, _):
                count("pooya_activations_completed_total", [("by", "sms_part"), ("kind", kind.rawValue)])
            case .codeIssued(let channel):
                count("pooya_codes_issued_total", [("channel", channel.rawValue)])
            case .cardSuspended(let channel):
                count("pooya_suspensions_total", [("channel", channel.rawValue)])
            default:
                continue
            }
        }
    }
}
