import OneTimePassword
public import PooyaProtocol

extension Issuer {
    /// The cardholder's kill switch through the bank's own channels (internet bank, call centre): suspends the card's
    /// dynamic PINs (``Suspension``) and tells the registered mobile how to get back.
    ///
    /// - Throws: ``IssuerError/unknownCard``.
    public func suspendCard(cardID: String) async throws {
        guard let fingerprint = try await store.cardFingerprint(cardID: cardID) else { throw IssuerError.unknownCard }
        try await suspend(fingerprint, channel: .api)
    }

    /// The kill switch from the cardholder's USSD menu: suspends the dynamic PINs of the card with `cardID`, which
    /// must be registered to the caller's `mobile`.
    ///
    /// - Throws: ``IssuerError/unknownCard`` (also when `mobile` is not the card's).
    public func suspendCard(cardID: String, calledFrom mobile: MobileNumber) async throws {
        guard let fingerprint = try await store.cardFingerprint(cardID: cardID) else { throw IssuerError.unknownCard }
        try await suspend(fingerprint, channel: .ussd, registeredTo: mobile)
    }

    /// Suspends the card's dynamic PINs through `channel`, with the confirmation SMS in the same transaction; when
    /// `mobile` is given, only if the card is registered to it.
    func suspend(_ fingerprint: CardFingerprint, channel: AuditChannel, registeredTo mobile: MobileNumber? = nil)
        async throws
    {
        let now = clock.now()
        let expiresAt = now + policy.activationLifetime
        let issuer = self
        try await change(fingerprint) { state in
            guard mobile.map({ $0 == state.card.mobile }) ?? true else { throw IssuerError.unknownCard }
            let text = templates.render(.suspension, ["{lastFour}": DecimalDigits.persian(state.card.lastFour)])
            let confirmation = try issuer.outboxMessage(
                to: state.card.mobile,
                cardID: state.card.id,
                purpose: .suspension,
                text: text,
                now: now,
                expiresAt: expiresAt
            )
            state.suspend(channel: channel, confirmation: confirmation, now: now)
            return .success(())
        }
    }

    /// Bank staff's audited unlock: lifts the lock of the card's dynamic PINs after too many wrong codes (the other
    /// way back being a new activation).
    ///
    /// - Returns: the kinds that were locked or had wrong codes counted.
    /// - Throws: ``IssuerError/unknownCard``.
    @discardableResult
    public func unlockCard(cardID: String) async throws -> [PINKind] {
        guard let fingerprint = try await store.cardFingerprint(cardID: cardID) else { throw IssuerError.unknownCard }
        let now = clock.now()
        let lockout = Lockout(limit: policy.failuresBeforeLock)
        return try await change(fingerprint) { state in
            .success(state.unlock(channel: .admin, lockout: lockout, now: now))
        }
    }
}
