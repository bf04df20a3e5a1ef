import OneTimePassword
import PooyaProtocol

extension Issuer {
    /// Decides a payment's PIN (see ``CardState`` and the rules in `Rules/`): a dynamic code of the card's token of
    /// that kind within its window and not used before, within the cap of a capped code; a code the issuer sent,
    /// for the payment it is bound to; or the static PIN where it is still allowed. A blocked or suspended card
    /// approves nothing.
    ///
    /// Idempotent per transaction id (``TransactionRetry``): a retry of the same request gets the recorded decision
    /// and counts once; after a refusal, another code for the same payment is decided anew; after an approval, the
    /// same id with a different request throws ``IssuerError/transactionIDReused``.
    ///
    /// A decision that lets the payment go on comes with a receipt signed by the vault's newest receipt key, after
    /// the decision is committed and outside the card's lock; a retry gets a receipt with the same claims.
    ///
    /// - Throws: ``IssuerError/unknownCard``, ``IssuerError/invalidRequest(_:)``, ``IssuerError/malformedCode(_:)``
    ///   (``CodeFormat``: nothing is counted or recorded), ``IssuerError/transactionIDReused``, or
    ///   ``IssuerError/keyVault(_:)`` when the receipt cannot be signed (the decision stands; a retry gets it).
    ///   Refusals are decisions, not errors.
    public func verify(_ request: VerificationRequest) async throws -> Verification {
        guard request.amount >= 0 else { throw IssuerError.invalidRequest("the amount must not be negative") }
        guard !request.transactionID.isEmpty, !request.merchantID.isEmpty else {
            throw IssuerError.invalidRequest("the transaction id and merchant id must not be empty")
        }
        if case .dynamicCode(let code) = request.pin, !CodeFormat.isPlausible(code, kind: request.kind) {
            throw IssuerError.malformedCode(request.kind)
        }
        let digest = try requestDigest(request)
        let now = clock.now()
        let policy = self.policy
        let vault = self.vault
        let (decision, claims) = try await change(request.card.fingerprint, transactionID: request.transactionID) {
            state in
            if let recorded = state.recordedDecision {
                switch TransactionRetry.outcome(of: recorded, digest: digest) {
                case .reused: throw IssuerError.transactionIDReused
                case .decideAgain: break
                case .answerRecorded:
                    let claims = ReceiptClaims.of(
                        recorded.decision,
                        method: recorded.method,
                        card: state.card,
                        request: request,
                        decidedAt: recorded.decidedAt,
                        policy: policy
                    )
                    return .success((recorded.decision, claims))
                }
            }
            let (decision, method, claims) = try state.verify(request, policy: policy, vault: vault, now: now)
            if state.events.contains(where: { if case .pinLocked = $0.fact { true } else { false } }) {
                state.outgoingSMS.append(try lockNotice(for: state.card, now: now))
            }
            state.recordedDecision = RecordedDecision(
                transactionID: request.transactionID,
                requestDigest: digest,
                decision: decision,
                method: method,
                decidedAt: now
            )
            return .success((decision, claims))
        }
        return Verification(decision: decision, receipt: try claims.map(signedReceipt))
    }

    /// The request's keyed digest, its first 128 bits (32 hex digits): enough to tell a retry from another request,
    /// and half the room in every recorded decision.
    private func requestDigest(_ request: VerificationRequest) throws(IssuerError) -> String {
        let pin =
            switch request.pin {
            case .dynamicCode(let code): "code:" + (code.digits ?? "invalid")
            case .staticPIN: "static"
            }
        let fields =
            [
                request.card.fingerprint.hex, request.kind.rawValue, pin, String(request.amount), request.merchantID,
            ] + (request.transactionType == .purchase ? [] : [request.transactionType.rawValue])
        return String(
            try vault.issuerDigest(of: Array(("verification|" + fields.joined(separator: "|")).utf8)).prefix(32)
        )
    }

    /// The SMS that tells the card's registered mobile its dynamic PIN was locked by wrong codes, and the way back;
    /// it goes out with the change that locked it, and is of no use after a day.
    private func lockNotice(for card: Card, now: Int64) throws(IssuerError) -> OutboxMessage {
        try outboxMessage(
            to: card.mobile,
            cardID: card.id,
            purpose: .lock,
            text: templates.render(.lock, ["{lastFour}": DecimalDigits.persian(card.lastFour)]),
            now: now,
            expiresAt: now + 86_400
        )
    }
}
