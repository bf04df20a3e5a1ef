import Foundation
@testable import PooyaIssuer
import PooyaProtocol
import PooyaTesting

/// Values the rule tests start from: a card state with no store behind it.
enum RuleFixtures {
    static let now: Int64 = 1_800_000_000

    static func state(
        options: CardOptions = CardOptions(),
        token: Bool = false,
        tickets: [ActivationTicket] = []
    ) throws -> CardState {
        var state = try IssuerStoreContract.sampleState(1)
        state.card.options = options
        state.card.locks = PINLocks()
        state.card.smsActivatedAt = nil
        state.card.staticSecondPINDisabled = false
        state.tokens = token ? state.tokens : []
        state.tickets = tickets
        state.issuedCodes = []
        state.events = []
        state.recordedDecision = nil
        return state
    }

    static func ticket(serial: String = "0000000001", kind: PINKind = .second, attempts: Int = 5) -> ActivationTicket {
        ActivationTicket(
            serial: serial,
            lookupID: "lookup-\(serial)",
            cardID: "crd_1",
            kind: kind,
            channel: .atm,
            sealedActivationKey: SealedSecret(keyID: 1, combined: Data([1])),
            createdAt: now - 10,
            expiresAt: now + 100,
            attemptsLeft: attempts,
            closedAt: nil,
            smsPartDigest: "digest"
        )
    }

    static func issued(_ id: String, at time: Int64, binding: IssuedCode.Binding? = nil) -> IssuedCode {
        IssuedCode(
            id: id,
            cardID: "crd_1",
            kind: .second,
            channel: .sms,
            codeDigest: "d-\(id)",
            binding: binding,
            issuedAt: time,
            expiresAt: time + 120,
            usedAt: nil
        )
    }
}
