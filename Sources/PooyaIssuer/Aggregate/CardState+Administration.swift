import PooyaProtocol

extension CardState {
    /// Changes what `update` names: the registered mobile (``MobileChange``) and the options it gives; options it
    /// leaves out keep their stored values.
    mutating func update(mobile: MobileNumber, options update: CardOptions.Update, now: Int64) {
        MobileChange.apply(mobile, to: &self, now: now)
        let options = card.options.updated(by: update)
        guard options != card.options else { return }
        card.options = options
        card.updatedAt = now
        record(.cardUpdated, at: now)
    }

    /// Lifts the lock and clears the failure count of every PIN kind that has one, audited as bank staff's act.
    ///
    /// - Returns: the kinds unlocked.
    @discardableResult
    mutating func unlock(channel: AuditChannel, lockout: Lockout, now: Int64) -> [PINKind] {
        let kinds = PINKind.allCases.filter { card.locks[$0] != PINLock() }
        for kind in kinds {
            lockout.release(&card.locks[kind])
            record(.pinUnlocked(kind, channel), at: now)
        }
        return kinds
    }

    /// The cardholder's kill switch (``Suspension``); `confirmation` is the SMS to the registered mobile that says
    /// how to get back.
    mutating func suspend(channel: AuditChannel, confirmation: OutboxMessage, now: Int64) {
        if Suspension.suspend(&self, channel: channel, now: now) { outgoingSMS.append(confirmation) }
    }
}
