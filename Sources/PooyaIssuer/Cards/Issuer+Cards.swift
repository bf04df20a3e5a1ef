public import PooyaProtocol

/// A card's registration as the bank's systems see it after ``Issuer/registerCard(pan:mobile:options:)``.
public struct CardRegistration: Sendable, Hashable {
    /// The card as stored.
    public var card: Card
    /// Whether the card was new (`false`: an existing registration was updated).
    public var created: Bool
}

/// A card's dynamic-PIN state, for the bank's systems and support staff.
public struct CardStatus: Sendable, Hashable {
    /// One active token.
    public struct TokenStatus: Sendable, Hashable {
        /// The token's id.
        public var tokenID: String
        /// Its PIN kind.
        public var kind: PINKind
        /// When it was provisioned.
        public var createdAt: Int64
        /// Whether too many wrong codes locked it.
        public var locked: Bool
        /// Wrong codes in a row so far.
        public var consecutiveFailures: Int
    }

    /// The card.
    public var card: Card
    /// Its tokens that are not revoked, locked ones included.
    public var tokens: [TokenStatus]
    /// One open activation.
    public struct OpenActivation: Sendable, Hashable {
        /// The ticket's serial.
        public var serial: String
        /// Its PIN kind.
        public var kind: PINKind
        /// Where it was asked for.
        public var channel: ActivationChannel
        /// When it expires.
        public var expiresAt: Int64
    }

    /// Open activations.
    public var openActivations: [OpenActivation]
}

extension Issuer {
    /// Registers a card with its registered mobile, or updates the mobile and options of a registered one.
    public func registerCard(pan: PAN, mobile: MobileNumber, options: CardOptions = CardOptions()) async throws
        -> CardRegistration
    {
        let fingerprint = vault.fingerprint(of: pan)
        let now = clock.now()
        let newID = newID("crd")
        return try await store.withCard(fingerprint, transactionID: nil) { state in
            if var current = state {
                guard current.card.mobile != mobile || current.card.options != options else {
                    return CardRegistration(card: current.card, created: false)
                }
                current.card.mobile = mobile
                current.card.options = options
                current.card.updatedAt = now
                current.events.append(AuditEvent(.cardUpdated, card: fingerprint, channel: "api", time: now))
                state = current
                return CardRegistration(card: current.card, created: false)
            }
            let card = Card(
                id: newID, fingerprint: fingerprint, maskedPAN: pan.masked, bankName: pan.bank.name,
                bankPersianName: pan.bank.persianName, mobile: mobile, options: options,
                staticSecondPINDisabled: false, registeredAt: now, updatedAt: now
            )
            state = CardState(
                card: card, tokens: [], tickets: [], recordedDecision: nil,
                events: [AuditEvent(.cardRegistered, card: fingerprint, channel: "api", time: now)]
            )
            return CardRegistration(card: card, created: true)
        }
    }

    /// The id of the card with this number, or `nil` when it is not registered.
    public func cardID(for pan: PAN) async throws -> String? {
        try await store.withCard(vault.fingerprint(of: pan), transactionID: nil) { state in state?.card.id }
    }

    /// The card's status, or `nil` for an unknown id.
    public func cardStatus(cardID: String) async throws -> CardStatus? {
        guard let fingerprint = try await store.cardFingerprint(cardID: cardID) else { return nil }
        let now = clock.now()
        return try await store.withCard(fingerprint, transactionID: nil) { state in
            state.map { state in
                CardStatus(
                    card: state.card,
                    tokens: state.tokens.filter { $0.revokedAt == nil }.map {
                        .init(tokenID: $0.id, kind: $0.kind, createdAt: $0.createdAt, locked: $0.lockedAt != nil,
                              consecutiveFailures: $0.consecutiveFailures)
                    },
                    openActivations: state.tickets.filter { $0.closedAt == nil && $0.expiresAt > now }.map {
                        .init(serial: $0.serial, kind: $0.kind, channel: $0.channel, expiresAt: $0.expiresAt)
                    }
                )
            }
        }
    }
}
