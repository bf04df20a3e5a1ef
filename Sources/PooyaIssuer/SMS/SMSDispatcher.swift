/// Sends what waits in the outbox through the gateway: each due message is claimed (leased, so that another node
/// does not send it too), unsealed, handed to the gateway, and saved as sent; a failed try is retried with
/// exponential backoff; a message past its expiry is marked expired and never sent late.
///
/// Delivery is at least once: a dispatcher that dies between the gateway's acceptance and the save leaves the message
/// to be sent again when its lease ends.
public struct SMSDispatcher: Sendable {
    /// When failed tries are retried.
    public struct Retry: Sendable, Hashable {
        /// Seconds before the second try; each later wait doubles.
        public var firstDelay: Int64
        /// The longest wait between tries, in seconds.
        public var longestDelay: Int64
        /// Seconds a claimed message is leased to one dispatcher.
        public var lease: Int64

        /// 2 s, doubling up to 5 minutes; a one-minute lease.
        public init(firstDelay: Int64 = 2, longestDelay: Int64 = 300, lease: Int64 = 60) {
            self.firstDelay = firstDelay
            self.longestDelay = longestDelay
            self.lease = lease
        }

        /// The wait after the `attempts`-th failed try.
        func delay(after attempts: Int) -> Int64 {
            let doublings = min(max(attempts - 1, 0), 20)
            return min(longestDelay, firstDelay << Int64(doublings))
        }
    }

    /// What one pass did.
    public struct Report: Sendable, Hashable {
        /// Messages the gateway accepted.
        public var sent = 0
        /// Tries the gateway refused or did not answer; those messages wait for their next try.
        public var failed = 0
        /// Messages dropped because they expired before they could be sent.
        public var expired = 0
        /// Whether the pass found as many messages as it could take, so more may be due.
        public var full = false
    }

    let outbox: any SMSOutbox
    let gateway: any SMSSender
    let vault: any KeyVault
    let clock: any WallClock
    let retry: Retry
    let batchSize: Int

    /// A dispatcher from `outbox` to `gateway`, unsealing texts with `vault`.
    public init(
        outbox: any SMSOutbox,
        gateway: any SMSSender,
        vault: any KeyVault,
        clock: any WallClock = SystemClock(),
        retry: Retry = Retry(),
        batchSize: Int = 50
    ) {
        self.outbox = outbox
        self.gateway = gateway
        self.vault = vault
        self.clock = clock
        self.retry = retry
        self.batchSize = batchSize
    }

    /// Sends every message due now, up to the batch size.
    ///
    /// - Throws: the outbox's errors (the database unreachable); a gateway's errors are recorded on the message.
    public func dispatchDue() async throws -> Report {
        let now = clock.now()
        let claimed = try await outbox.claimDue(now: now, leaseUntil: now + retry.lease, limit: batchSize)
        var report = Report(full: claimed.count == batchSize)
        for var message in claimed {
            let now = clock.now()
            guard now < message.expiresAt else {
                message.status = .expired
                try await outbox.update(message)
                report.expired += 1
                continue
            }
            message.attempts += 1
            do {
                let text = String(
                    decoding: try vault.open(message.sealedText, context: "sms:\(message.id)"),
                    as: UTF8.self
                )
                try await gateway.send(
                    SMSMessage(
                        id: message.id,
                        to: message.to,
                        text: text,
                        purpose: message.purpose,
                        expiresAt: message.expiresAt
                    )
                )
                message.status = .sent
                message.sentAt = clock.now()
                message.lastError = nil
                report.sent += 1
            } catch {
                message.nextAttemptAt = now + retry.delay(after: message.attempts)
                message.lastError = String(describing: error)
                report.failed += 1
            }
            try await outbox.update(message)
        }
        return report
    }
}
