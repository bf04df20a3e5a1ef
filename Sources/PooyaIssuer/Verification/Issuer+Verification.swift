import OneTimePassword
import PooyaProtocol

extension Issuer {
    /// Decides a payment's PIN: a dynamic code of the card's token of that kind within its window and not used
    /// before, within the amount cap of a capped code; or the static PIN where it is still allowed.
    ///
    /// Idempotent per transaction id: a retry of the same request gets the recorded decision and counts once; the
    /// same id with a different request throws ``IssuerError/transactionIDReused``. Each invalid, expired or
    /// wrong-kind code counts towards the lock; a right one resets the count. A replay of the code accepted last (the
    /// cardholder's own double submission) is refused without counting, and so is an amount above a genuine capped
    /// code's cap, which does not use the code up.
    ///
    /// - Throws: ``IssuerError/unknownCard``, ``IssuerError/invalidRequest(_:)`` or
    ///   ``IssuerError/transactionIDReused``. Refusals are decisions, not errors.
    public func verify(_ request: VerificationRequest) async throws -> VerificationDecision {
        guard request.amount >= 0 else { throw IssuerError.invalidRequest("the amount must not be negative") }
        guard !request.transactionID.isEmpty, !request.merchantID.isEmpty else {
            throw IssuerError.invalidRequest("the transaction id and merchant id must not be empty")
        }
        let fingerprint = vault.fingerprint(of: request.pan)
        let digest = requestDigest(request, fingerprint: fingerprint)
        let now = clock.now()
        let policy = self.policy
        let vault = self.vault
        return try await store.withCard(fingerprint, transactionID: request.transactionID) { state in
            guard var current = state else { throw IssuerError.unknownCard }
            if let recorded = current.recordedDecision {
                guard ConstantTime.equals(recorded.requestDigest.utf8, digest.utf8) else {
                    throw IssuerError.transactionIDReused
                }
                return recorded.decision
            }
            let decision = try Self.decide(&current, request: request, policy: policy, vault: vault, now: now)
            current.recordedDecision = RecordedDecision(
                transactionID: request.transactionID, requestDigest: digest, decision: decision, decidedAt: now)
            state = current
            return decision
        }
    }

    private func requestDigest(_ request: VerificationRequest, fingerprint: CardFingerprint) -> String {
        let pin = switch request.pin {
        case .dynamicCode(let code): "code:" + (DecimalDigits.latin(code) ?? code)
        case .staticPIN: "static"
        }
        let fields = [fingerprint.hex, request.kind.rawValue, pin, String(request.amount), request.merchantID]
        return vault.keyedDigest(of: Array(("verification|" + fields.joined(separator: "|")).utf8))
    }

    /// The verification rule, on the card's state inside the store's transaction.
    private static func decide(
        _ state: inout CardState,
        request: VerificationRequest,
        policy: IssuerPolicy,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> VerificationDecision {
        let fingerprint = state.card.fingerprint
        func record(_ decision: VerificationDecision, token: String?) -> VerificationDecision {
            let (action, reason): (AuditEvent.Action, String?) =
                switch decision {
                case .approved: (.verificationApproved, nil)
                case .staticPINAllowed: (.staticPINAllowed, nil)
                case .rejected(let reason, _): (.verificationRejected, reason.rawValue)
                }
            state.events.append(AuditEvent(action, card: fingerprint, token: token, kind: request.kind,
                                           channel: "api", reason: reason, time: now))
            return decision
        }
        let index = state.tokens.firstIndex { $0.kind == request.kind && $0.revokedAt == nil }

        guard case .dynamicCode(let presented) = request.pin else {
            let refused = request.kind == .second && state.card.staticSecondPINDisabled
            return record(refused ? .rejected(.staticPINDisabled, attemptsLeft: 0) : .staticPINAllowed, token: nil)
        }
        let issuedCodes = request.kind == .second ? state.issuedCodes : []
        guard index != nil || !issuedCodes.isEmpty else { return record(.rejected(.notActivated, attemptsLeft: 0), token: nil) }
        let limit = policy.failuresBeforeLock
        let tokenID = index.map { state.tokens[$0].id }
        if let index, state.tokens[index].lockedAt != nil { return record(.rejected(.locked, attemptsLeft: 0), token: tokenID) }
        if index == nil, state.card.codesLockedAt != nil { return record(.rejected(.locked, attemptsLeft: 0), token: nil) }
        let failuresSoFar = index.map { state.tokens[$0].consecutiveFailures } ?? state.card.codeFailures

        /// A wrong code counts on the token, or on the card's SMS and USSD codes when it has no token of this kind.
        func failure(_ reason: RejectionReason) -> VerificationDecision {
            let failures: Int
            if let index {
                state.tokens[index].consecutiveFailures += 1
                failures = state.tokens[index].consecutiveFailures
                if failures >= limit {
                    state.tokens[index].lockedAt = now
                    state.events.append(AuditEvent(.tokenLocked, card: fingerprint, token: tokenID, kind: request.kind,
                                                   reason: "\(failures) consecutive failures", time: now))
                }
            } else {
                state.card.codeFailures += 1
                state.card.updatedAt = now
                failures = state.card.codeFailures
                if failures >= limit {
                    state.card.codesLockedAt = now
                    state.events.append(AuditEvent(.codesLocked, card: fingerprint, kind: request.kind,
                                                   reason: "\(failures) consecutive failures", time: now))
                }
            }
            return record(.rejected(reason, attemptsLeft: max(0, limit - failures)), token: tokenID)
        }
        func success(token: String?) -> VerificationDecision {
            if let index { state.tokens[index].consecutiveFailures = 0 }
            if state.card.codeFailures > 0 {
                state.card.codeFailures = 0
                state.card.updatedAt = now
            }
            return record(.approved, token: token)
        }

        let code = DecimalDigits.latin(presented) ?? ""
        if !issuedCodes.isEmpty {
            let digest = Issuer.codeDigest(cardID: state.card.id, code: code, vault: vault)
            if let issued = state.issuedCodes.firstIndex(where: { ConstantTime.equals($0.codeDigest.utf8, digest.utf8) }) {
                let issuedCode = state.issuedCodes[issued]
                if issuedCode.usedAt != nil {
                    return record(.rejected(.replayed, attemptsLeft: limit - failuresSoFar), token: tokenID)
                }
                if issuedCode.expiresAt <= now { return failure(.expired) }
                if let binding = issuedCode.binding {
                    if binding.transactionID != request.transactionID { return failure(.transactionMismatch) }
                    if binding.amount != request.amount { return failure(.amountMismatch) }
                    if binding.merchantID != request.merchantID { return failure(.merchantMismatch) }
                }
                state.issuedCodes[issued].usedAt = now
                return success(token: nil)
            }
        }
        guard let index else { return failure(.invalidCode) }
        let token = state.tokens[index]
        let seed = try open(token, vault: vault)
        let window = policy.codes(for: token.kind).window
        var outcome = CodeCheck.check(code, token: token, seed: seed, window: window, now: now)
        if case .failed(.invalidCode) = outcome,
            let other = state.tokens.first(where: { $0.kind != request.kind && $0.isActive }),
            CodeCheck.matches(code, token: other, seed: try open(other, vault: vault),
                              window: policy.codes(for: other.kind).window, now: now)
        {
            outcome = .failed(.wrongKind)
        }

        switch outcome {
        case .acceptedStep(let step):
            state.tokens[index].lastAcceptedStep = step
        case .acceptedCapped(_, _, let cap) where request.amount > cap:
            return record(.rejected(.amountAboveCap, attemptsLeft: limit - failuresSoFar), token: token.id)
        case .acceptedCapped(let minute, let expiresAt, _):
            state.tokens[index].usedCappedMinutes = state.tokens[index].usedCappedMinutes.filter { $0.value > now }
            state.tokens[index].usedCappedMinutes[minute] = expiresAt
        case .failed(.replayed):
            return record(.rejected(.replayed, attemptsLeft: limit - failuresSoFar), token: token.id)
        case .failed(let reason):
            return failure(reason)
        }
        return success(token: token.id)
    }

    private static func open(_ token: Token, vault: any KeyVault) throws(IssuerError) -> [UInt8] {
        do { return try vault.open(token.sealedSeed, context: "token:\(token.id)") } catch { throw IssuerError.keyVault(error) }
    }
}
