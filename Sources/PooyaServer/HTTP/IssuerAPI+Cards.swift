import PooyaAPI
import PooyaIssuer
import PooyaProtocol

extension IssuerAPI {
    func registerCard(_ input: Operations.RegisterCard.Input) async throws -> Operations.RegisterCard.Output {
        try Authorization.require(.cards)
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        let options = CardOptions.Update(
            blocked: body.options?.blocked,
            smsCodes: body.options?.smsCodes,
            ussdCodes: body.options?.ussdCodes
        )
        let registration = try await issuer.registerCard(
            pan: PAN(parsing: body.pan),
            mobile: MobileNumber(parsing: body.mobile),
            options: options
        )
        let card = registration.card
        return .ok(
            .init(
                body: .json(
                    .init(
                        cardId: card.id,
                        maskedPan: card.maskedPAN,
                        bank: .init(name: card.bankName, persianName: card.bankPersianName),
                        mobile: card.mobile.masked,
                        created: registration.created
                    )
                )
            )
        )
    }

    func lookupCard(_ input: Operations.LookupCard.Input) async throws -> Operations.LookupCard.Output {
        try Authorization.require(.cards)
        guard case .json(let body) = input.body else { throw Problem.malformed("expected a JSON body") }
        guard let cardID = try await issuer.cardID(for: PAN(parsing: body.pan)) else { throw IssuerError.unknownCard }
        return .ok(.init(body: .json(.init(cardId: cardID))))
    }

    func getCard(_ input: Operations.GetCard.Input) async throws -> Operations.GetCard.Output {
        try Authorization.require(.cards, .admin)
        guard let status = try await issuer.cardStatus(cardID: input.path.cardId) else { throw IssuerError.unknownCard }
        let card = status.card
        return .ok(
            .init(
                body: .json(
                    .init(
                        cardId: card.id,
                        maskedPan: card.maskedPAN,
                        bank: .init(name: card.bankName, persianName: card.bankPersianName),
                        mobile: card.mobile.masked,
                        options: .init(
                            blocked: card.options.blocked,
                            smsCodes: card.options.smsCodes,
                            ussdCodes: card.options.ussdCodes
                        ),
                        staticSecondPinDisabled: card.staticSecondPINDisabled,
                        locks: PINKind.allCases.map {
                            .init(
                                kind: .init($0),
                                consecutiveFailures: card.locks[$0].failures,
                                locked: card.locks[$0].isLocked
                            )
                        },
                        suspended: card.suspendedAt != nil,
                        smsActivated: card.smsActivatedAt != nil,
                        tokens: status.tokens.map {
                            .init(
                                tokenId: $0.tokenID,
                                kind: .init($0.kind),
                                createdAt: Self.date($0.createdAt),
                                locked: $0.locked,
                                consecutiveFailures: $0.consecutiveFailures
                            )
                        },
                        openActivations: status.openActivations.map {
                            .init(
                                serial: $0.serial,
                                kind: .init($0.kind),
                                channel: .init($0.channel),
                                expiresAt: Self.date($0.expiresAt)
                            )
                        }
                    )
                )
            )
        )
    }

    func suspendCard(_ input: Operations.SuspendCard.Input) async throws -> Operations.SuspendCard.Output {
        try Authorization.require(.activate)
        try await issuer.suspendCard(cardID: input.path.cardId)
        return .noContent(.init())
    }

    func unlockCard(_ input: Operations.UnlockCard.Input) async throws -> Operations.UnlockCard.Output {
        try Authorization.require(.admin)
        try await issuer.unlockCard(cardID: input.path.cardId)
        return .noContent(.init())
    }
}
