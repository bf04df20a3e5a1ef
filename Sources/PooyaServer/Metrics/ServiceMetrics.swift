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
    private let series = MetricSeries()

    /// Each metric's `# HELP` line. A metric not listed here cannot be made.
    static let help: [String: String] = [
        "pooya_http_requests_total": "HTTP requests answered, by method, route template and status.",
        "pooya_http_request_duration_seconds": "Time to answer an HTTP request, by method and route template.",
        "pooya_sms_total":
            "SMS the dispatcher handed to the gateway (sent), could not (failed) or dropped late (expired).",
        "pooya_sms_outbox_messages": "Messages in the SMS outbox by status, counted at most every 15 s.",
        "pooya_sms_delivery_reports_total": "Delivery reports received from the SMS gateway, by status.",
        "pooya_verifications_total": "PIN verification decisions, by decision, reason and PIN kind.",
        "pooya_locks_total": "Cards whose dynamic PIN was locked after too many wrong codes, by PIN kind.",
        "pooya_receipts_total": "Verification receipts presented: redeemed, or presented again (already_redeemed).",
        "pooya_activations_total": "Activations started, by channel and PIN kind.",
        "pooya_activations_completed_total": "Activations completed by an app (app) or the typed SMS part (sms_part).",
        "pooya_codes_issued_total": "Codes sent by SMS or shown by USSD, by channel.",
        "pooya_suspensions_total": "Cards whose dynamic PINs the cardholder suspended (the kill switch), by channel.",
        "pooya_activation_refusals_total":
            "Activation steps refused, by channel and reason (activation_not_found: a handshake naming no activation).",
    ]

    /// The request-duration histogram's buckets, 5 ms to 10 s.
    static let durationBuckets: [Duration] = [
        .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50), .milliseconds(100),
        .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5), .seconds(10),
    ]

    /// Metrics in a new registry.
    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
    }

    /// The exposition text.
    func render() -> String { registry.emitToString() }

    /// Each metric's name split once into its base and its unit (the last word: `total`, `seconds`, `messages`),
    /// with its help text; the descriptor joins them back with `_`.
    private static let names: [String: (metric: String, unit: String, help: String)] = Dictionary(
        uniqueKeysWithValues: help.map { name, text in
            let unit = name.split(separator: "_").last.map(String.init) ?? ""
            return (name, (String(name.dropLast(unit.count + 1)), unit, text))
        }
    )

    private static func descriptor(_ name: String) -> MetricNameDescriptor {
        guard let parts = names[name] else { preconditionFailure("\(name) has no help text") }
        return MetricNameDescriptor(metricName: parts.metric, unitName: parts.unit, helpText: parts.help)
    }

    func request(method: String, route: String, status: Int, seconds: Double) {
        count("pooya_http_requests_total", [("method", method), ("route", route), ("status", String(status))])
        let name = "pooya_http_request_duration_seconds"
        let labels = [("method", method), ("route", route)]
        series.histogram(name, labels) {
            registry.makeDurationHistogram(
                descriptor: Self.descriptor(name),
                labels: labels,
                buckets: Self.durationBuckets
            )
        }
        .recordNanoseconds(Int64(seconds * 1e9))
    }

    private func count(_ name: String, _ labels: [(String, String)], by amount: Int = 1) {
        series.counter(name, labels) { registry.makeCounter(descriptor: Self.descriptor(name), labels: labels) }
            .increment(by: Int64(amount))
    }

    /// Counts one pass of the SMS dispatcher.
    func dispatched(_ report: SMSDispatcher.Report) {
        for (result, amount) in [("sent", report.sent), ("failed", report.failed), ("expired", report.expired)] {
            count("pooya_sms_total", [("result", result)], by: amount)
        }
    }

    /// Sets the outbox's gauge: messages by status.
    func outbox(_ counts: [OutboxStatus: Int]) {
        for status in OutboxStatus.allCases {
            registry.makeGauge(
                descriptor: Self.descriptor("pooya_sms_outbox_messages"),
                labels: [("status", status.rawValue)]
            )
            .set(Double(counts[status] ?? 0))
        }
    }

    func deliveryReport(_ status: DeliveryStatus) {
        count("pooya_sms_delivery_reports_total", [("status", status.rawValue)])
    }
}

extension ServiceMetrics: DomainEventObserver {
    /// Counts what the issuer's committed changes did: decisions by outcome and reason, locks, activations started,
    /// refused and completed, codes issued by channel, suspensions by channel.
    public func observe(_ events: [DomainEvent]) {
        for event in events {
            switch event.fact {
            case .verified(let kind, let decision, _, _):
                let (name, reason) =
                    switch decision {
                    case .approved: ("approved", "none")
                    case .staticPINAllowed: ("static_pin_allowed", "none")
                    case .rejected(let reason, _): ("rejected", reason.rawValue)
                    case .clockDrift: ("rejected", RejectionReason.clockDrift.rawValue)
                    }
                count("pooya_verifications_total", [("decision", name), ("reason", reason), ("kind", kind.rawValue)])
            case .pinLocked(let kind, _, _):
                count("pooya_locks_total", [("kind", kind.rawValue)])
            case .receiptRedeemed:
                count("pooya_receipts_total", [("status", "redeemed")])
            case .receiptPresentedAgain:
                count("pooya_receipts_total", [("status", "already_redeemed")])
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
            case .activationRejected(_, let channel, let reason):
                count("pooya_activation_refusals_total", [("channel", channel.rawValue), ("reason", reason.rawValue)])
            default:
                continue
            }
        }
    }
}
