public import Logging
public import PooyaIssuer
public import ServiceLifecycle

/// Work done beside the HTTP server every `interval` until the service stops: a failed pass is logged (its error's
/// type only) and tried again at the next interval.
public struct PeriodicService: Service {
    let name: String
    let firstPause: Duration
    let interval: Duration
    let logger: Logger
    let work: @Sendable () async throws -> Void

    /// Runs `work` every `interval`, the first time after `firstPause`; `name` says what failed in the log.
    public init(
        _ name: String,
        every interval: Duration,
        firstAfter firstPause: Duration,
        logger: Logger,
        work: @escaping @Sendable () async throws -> Void
    ) {
        self.name = name
        self.interval = interval
        self.firstPause = firstPause
        self.logger = logger
        self.work = work
    }

    /// Runs until the service group shuts down.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var pause = firstPause
            while !Task.isCancelled {
                do { try await Task.sleep(for: pause) } catch { break }
                pause = interval
                do {
                    try await work()
                } catch is CancellationError {
                    break
                } catch {
                    logger.error("\(name) failed: \(type(of: error))")
                }
            }
        }
    }

    /// Retention: records older than `days` days are deleted in small batches
    /// (``PooyaIssuer/Issuer/deleteOldRecords(olderThan:batch:)``) every `interval`, the first time one minute after
    /// start. The audit trail is kept.
    public static func retention(
        issuer: Issuer,
        days: Int,
        interval: Duration = .seconds(600),
        logger: Logger
    ) -> PeriodicService {
        PeriodicService("retention", every: interval, firstAfter: .seconds(60), logger: logger) {
            let deleted = try await AuditActor.$current.withValue(.service(name: "retention")) {
                try await issuer.deleteOldRecords(olderThan: days)
            }
            if deleted > 0 { logger.info("retention deleted \(deleted) records older than \(days) days") }
        }
    }

    /// Signed checkpoints of the audit chains' heads (``PooyaIssuer/Issuer/makeAuditCheckpoint()``) every `interval`,
    /// so that entries cut off a chain's end are found up to the last one. With several nodes each makes its own;
    /// more checkpoints only narrow the window.
    public static func auditCheckpoints(issuer: Issuer, interval: Duration, logger: Logger) -> PeriodicService {
        PeriodicService("audit checkpoint", every: interval, firstAfter: interval, logger: logger) {
            _ = try await issuer.makeAuditCheckpoint()
        }
    }
}
