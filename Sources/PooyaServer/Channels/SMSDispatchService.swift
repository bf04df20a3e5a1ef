public import Logging
public import PooyaIssuer
public import ServiceLifecycle
import Synchronization

/// The SMS dispatcher as a service beside the HTTP server: a pass over the outbox, then a pause when nothing more was
/// due, until the service stops. Each pass is counted in the metrics; the outbox's size by status is counted at most
/// every ``outboxCountInterval``, because counting scans the whole table (about 200 ms at a million messages).
public final class SMSDispatchService: Service, Sendable {
    /// How often the outbox gauge is refreshed at most.
    public static let outboxCountInterval: Duration = .seconds(15)
    let dispatcher: SMSDispatcher
    let outbox: any SMSOutbox
    let metrics: ServiceMetrics
    let pause: Duration
    let logger: Logger
    private let lastOutboxCount = Mutex<ContinuousClock.Instant?>(nil)

    /// Runs `dispatcher`, pausing `pause` between passes that found nothing more to send.
    public init(
        dispatcher: SMSDispatcher,
        outbox: any SMSOutbox,
        metrics: ServiceMetrics,
        pause: Duration = .milliseconds(250),
        logger: Logger
    ) {
        self.dispatcher = dispatcher
        self.outbox = outbox
        self.metrics = metrics
        self.pause = pause
        self.logger = logger
    }

    /// One pass: sends what is due and counts it in the metrics (the outbox's size by status on the first pass and at
    /// most every ``outboxCountInterval`` after).
    @discardableResult
    public func dispatchOnce() async throws -> SMSDispatcher.Report {
        let report = try await dispatcher.dispatchDue()
        metrics.dispatched(report)
        let now = ContinuousClock.now
        let countDue = lastOutboxCount.withLock { last in
            guard last.map({ now - $0 >= Self.outboxCountInterval }) ?? true else { return false }
            last = now
            return true
        }
        if countDue { metrics.outbox(try await outbox.outboxCounts()) }
        return report
    }

    /// Sends until the service group shuts down; a failed pass (the database busy) is logged and tried again.
    public func run() async throws {
        await cancelWhenGracefulShutdown { [self] in
            var lastFailure: String?
            while !Task.isCancelled {
                var more = false
                do {
                    let report = try await dispatchOnce()
                    if report.failed > 0 { logger.warning("SMS gateway refused \(report.failed) messages; they wait") }
                    more = report.full
                    lastFailure = nil
                } catch is CancellationError {
                    break  // the service is stopping: nothing failed
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
