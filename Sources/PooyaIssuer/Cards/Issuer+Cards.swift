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
        /// Whether too many wrong codes locked the card's PIN of this kind.
        public var locked: Bool
        /// Wrong codes in a row so far for the card's PIN of this kind (every channel).
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
    /// Registers a card with its registered mobile, or updates a registered one: a new mobile closes its open
    /// activations (``MobileChange``), and only the options `options` names change, the others keep their stored
    /// values. Its audit entries name ``AuditActor/current``.
    public func registerCard(pan: PAN, mobile: MobileNumber, options: CardOptions.Update = CardOptions.Update())
        async throws -> CardRegistration
    {
        let fingerprint = try reference(to: pan).fingerprint
        let now = clock.now()
        let newID = newID("crd")
        let actor = AuditActor.current
        let (registration, events) = try await store.withCard(fingerprint, transactionID: nil) { state in
            if var current = state {
                current.update(mobile: mobile, options: options, now: now)
                current.attributeEvents(to: actor)
                state = current
                return (CardRegistration(card: current.card, created: false), current.events)
            }
            let card = Card(
                id: newID,
                fingerprint: fingerprint,
                maskedPAN: pan.masked,
                bankName: pan.bank.name,
                bankPersianName: pan.bank.persianName,
                mobile: mobile,
                options: CardOptions().updated(by: options),
                staticSecondPINDisabled: false,
                registeredAt: now,
                updatedAt: now
            )
            var created = CardState(card: card, tokens: [], tickets: [], recordedDecision: nil)
            created.record(.cardRegistered, at: now)
            created.attributeEvents(to: actor)
            state = created
            return (CardRegistration(card: card, created: true), created.events)
        }
        observer?.observe(events)
        return registration
    }

    /// The id of the card with this number, or `nil` when it is not registered.
    public func cardID(for pan: PAN) async throws -> String? {
        try await store.readCard(reference(to: pan).fingerprint)?.card.id
    }

    /// The card's status, or `nil` for an unknown id.
    public func cardStatus(cardID: String) async throws -> CardStatus? {
        guard let fingerprint = try await store.cardFingerprint(cardID: cardID),
            let state = try await store.readCard(fingerprint)
        else { return nil }
        let now = clock.now()
        return CardStatus(
            card: state.card,
            tokens: state.tokens.filter(\.isActive).map {
                .init(
                    tokenID: $0.id,
                    kind: $0.kind,
                    createdAt: $0.createdAt,
                    locked: state.card.locks[$0.kind].isLocked,
                    consecutiveFailures: state.card.locks[$0.kind].failures
                )
            },
            openActivations: state.tickets.filter { $0.closedAt == nil && $0.expiresAt > now }.map {
                .init(serial: $0.serial, kind: $0.kind, channel: $0.channel, expiresAt: $0.expiresAt)
            }
        )
    }
}
