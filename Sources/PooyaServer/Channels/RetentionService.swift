public import Logging
public import PooyaIssuer
public import ServiceLifecycle

/// Retention beside the HTTP server: every `interval`, the records older than `days` days are deleted in small
/// batches (``PooyaIssuer/Issuer/deleteOldRecords(olderThan:batch:)``), until the service stops. The audit trail is
/// kept.
public struct RetentionService: Service {
    let issuer: Issuer
    let days: Int
    let interval: Duration
    let logger: Logger

    /// Deletes records older than `days` days every `interval`, the first time one minute after start.
    public init(issuer: Issuer, days: Int, interval: Duration = .seconds(600), logger: Logger) {
        self.issuer = issuer
        self.days = days
        self.interval = interval
        self.logger = logger
    }

    /// Runs until the service group shuts down; a failed pass is logged and tried again at the next interval.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            var pause: Duration = .seconds(60)
            while !Task.isCancelled {
                do { try await Task.sleep(for: pause) } catch { break }
                pause = interval
                do {
                    let deleted = try await AuditActor.$current.withValue(.service(name: "retention")) {
                        try await issuer.deleteOldRecords(olderThan: days)
                    }
                    if deleted > 0 { logger.info("retention deleted \(deleted) records older than \(days) days") }
                } catch is CancellationError {
                    break
                } catch {
                    logger.error("retention failed: \(type(of: error))")
                }
            }
        }
    }
}
