public import Logging
public import PooyaIssuer
public import ServiceLifecycle

/// The SMS dispatcher as a service beside the HTTP server: a pass over the outbox, then a pause when nothing more was
/// due, until the service stops. Each pass is counted in the metrics, with the outbox's size by status.
public struct SMSDispatchService: Service {
    let dispatcher: SMSDispatcher
    let outbox: any SMSOutbox
    let metrics: ServiceMetrics
    let pause: Duration
    let logger: Logger

    /// Runs `dispatcher`, pausing `pause` between passes that found nothing more to send.
    public init(dispatcher: SMSDispatcher, outbox: any SMSOutbox, metrics: ServiceMetrics,
                pause: Duration = .milliseconds(250), logger: Logger)
    {
        self.dispatcher = dispatcher
        self.outbox = outbox
        self.metrics = metrics
        self.pause = pause
        self.logger = logger
    }

    /// One pass: sends what is due and counts it in the metrics, with the outbox's size by status.
    @discardableResult
    public func dispatchOnce() async throws -> SMSDispatcher.Report {
        let report = try await dispatcher.dispatchDue()
        metrics.dispatched(report)
        metrics.outbox(try await outbox.outboxCounts())
        return report
    }

    /// Sends until the service group shuts down; a failed pass (the database busy) is logged and tried again.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var lastFailure: String?
            while !Task.isCancelled {
                var more = false
                do {
                    let report = try await dispatchOnce()
                    if report.failed > 0 { logger.warning("SMS gateway refused \(report.failed) messages; they wait") }
                    more = report.full
                    lastFailure = nil
                } catch {
                    let text = String(describing: error)
                    if text != lastFailure { logger.error("SMS dispatch failed: \(text)") }
                    lastFailure = text
                }
                if !more { try? await Task.sleep(for: pause) }
            }
        }
    }
}
