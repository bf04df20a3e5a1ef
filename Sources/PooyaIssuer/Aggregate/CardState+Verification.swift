import OneTimePassword
import PooyaProtocol

extension CardState {
    /// Decides a payment's PIN on this card and records the decision's events. The rules, in order: ``CardBlock``,
    /// ``StaticSecondPIN`` for a static PIN, ``Lockout``, then a code the issuer sent (``SingleUse``,
    /// ``CodeBinding``) or the app token's code (``CodeWindow``, ``SingleUse``, ``AmountCap``).
    ///
    /// - Returns: the decision, how an approval's PIN was proved, and the claims of its receipt, whose digest the
    ///   decision's event names.
    mutating func verify(
        _ request: VerificationRequest,
        policy: IssuerPolicy,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> (VerificationDecision, method: ApprovalMethod?, receipt: ReceiptClaims?) {
        let (decision, token, method) = try decide(request, policy: policy, vault: vault, now: now)
        let receipt = ReceiptClaims.of(
            decision,
            method: method,
            card: card,
            request: request,
            decidedAt: now,
            policy: policy
        )
        record(.verified(request.kind, decision, token: token, receipt: receipt?.digest), at: now)
        return (decision, method, receipt)
    }

    private mutating func decide(
        _ request: VerificationRequest,
        policy: IssuerPolicy,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> (VerificationDecision, token: String?, method: ApprovalMethod?) {
        if let reason = CardBlock.rejection(for: card) { return (.rejected(reason, attemptsLeft: 0), nil, nil) }
        guard case .dynamicCode(let presented) = request.pin else {
            let decision = StaticSecondPIN.decision(
                for: card,
                kind: request.kind,
                amount: request.amount,
                policy: policy
            )
            return (decision, nil, .staticPIN)
        }
        let index = activeToken(request.kind)
        let tokenID = index.map { tokens[$0].id }
        let mayBeIssued = request.kind == .second && !issuedCodes.isEmpty
        guard index != nil || mayBeIssued else { return (.rejected(.notActivated, attemptsLeft: 0), nil, nil) }
        if card.locks[request.kind].isLocked { return (.rejected(.locked, attemptsLeft: 0), tokenID, nil) }
        let lockout = Lockout(limit: policy.failuresBeforeLock)
        let code = presented.digits ?? ""
        if mayBeIssued,
            let (decision, method) = try verifyIssuedCode(code, request, lockout: lockout, vault: vault, now: now)
        {
            return (decision, nil, method)
        }
        guard let index else {
            let left = countFailure(request.kind, lockout, token: nil, now)
            return (.rejected(.invalidCode, attemptsLeft: left), nil, nil)
        }
        let (decision, method) = try verifyAppCode(
            code,
            tokenAt: index,
            request,
            policy: policy,
            vault: vault,
            now: now
        )
        return (decision, tokenID, method)
    }

    /// The decision on a code the issuer sent or showed (with how it reached the cardholder, when approved), or
    /// `nil` when `code` is none of them.
    private mutating func verifyIssuedCode(
        _ code: String,
        _ request: VerificationRequest,
        lockout: Lockout,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> (VerificationDecision, ApprovalMethod?)? {
        let digest = try Issuer.codeDigest(cardID: card.id, code: code, vault: vault)
        guard let index = issuedCodes.firstIndex(where: { ConstantTime.equals($0.codeDigest.utf8, digest.utf8) })
        else { return nil }
        let kind = request.kind
        if SingleUse.isUsed(issuedCodes[index]) {
            return (.rejected(.replayed, attemptsLeft: lockout.attemptsLeft(card.locks[kind])), nil)
        }
        if issuedCodes[index].expiresAt <= now {
            return (.rejected(.expired, attemptsLeft: countFailure(kind, lockout, token: nil, now)), nil)
        }
        if let reason = CodeBinding.rejection(issuedCodes[index].binding, for: request) {
            return (.rejected(reason, attemptsLeft: countFailure(kind, lockout, token: nil, now)), nil)
        }
        SingleUse.use(&issuedCodes[index], now: now)
        lockout.countSuccess(&card.locks[kind])
        return (.approved, issuedCodes[index].channel == .ussd ? .ussd : .sms)
    }

    /// The decision on a code of the card's app token at `index`, with the kind of code that approved it.
    private mutating func verifyAppCode(
        _ code: String,
        tokenAt index: Int,
        _ request: VerificationRequest,
        policy: IssuerPolicy,
        vault: any KeyVault,
        now: Int64
    ) throws(IssuerError) -> (VerificationDecision, ApprovalMethod?) {
        let token = tokens[index]
        let lockout = Lockout(limit: policy.failuresBeforeLock)
        let attemptsLeft = lockout.attemptsLeft(card.locks[token.kind])
        var outcome = CodeWindow.check(
            code,
            token: token,
            seed: try Self.seed(of: token, vault: vault),
            window: policy.codes(for: token.kind).window,
            driftSteps: policy.clockDriftSteps,
            now: now
        )
        if case .failed(.invalidCode) = outcome,
            try isCurrentCode(code, ofKindOtherThan: token.kind, policy, vault, now)
        {
            outcome = .failed(.wrongKind)
        }
        if case .drift = outcome {} else { ClockDrift.reset(&tokens[index]) }
        let method: ApprovalMethod
        switch outcome {
        case .acceptedStep(let step):
            SingleUse.use(step: step, of: &tokens[index])
            method = .app
        case .acceptedAtIssuerTime(let step):
            SingleUse.use(step: step, of: &tokens[index])
            tokens[index].stepOffset = 0
            method = .app
        case .acceptedCapped(let minute, let expiresAt, let cap):
            if let reason = AmountCap.rejection(amount: request.amount, cap: cap) {
                return (.rejected(reason, attemptsLeft: attemptsLeft), nil)
            }
            SingleUse.use(cappedMinute: minute, until: expiresAt, of: &tokens[index], now: now)
            method = .capped
        case .drift(let offset):
            ClockDrift.record(offset, on: &tokens[index], resync: policy.clockResync)
            let left = countFailure(token.kind, lockout, token: token.id, now)
            return (.clockDrift(seconds: (token.stepOffset + offset) * token.period, attemptsLeft: left), nil)
        case .failed(.replayed):
            return (.rejected(.replayed, attemptsLeft: attemptsLeft), nil)
        case .failed(let reason):
            return (.rejected(reason, attemptsLeft: countFailure(token.kind, lockout, token: token.id, now)), nil)
        }
        lockout.countSuccess(&card.locks[token.kind])
        return (.approved, method)
    }

    /// Whether `code` is a code of the card's token of the other PIN kind (told apart from a wrong code).
    private func isCurrentCode(
        _ code: String,
        ofKindOtherThan kind: PINKind,
        _ policy: IssuerPolicy,
        _ vault: any KeyVault,
        _ now: Int64
    ) throws(IssuerError) -> Bool {
        guard let other = tokens.first(where: { $0.kind != kind && $0.isActive }) else { return false }
        return CodeWindow.matches(
            code,
            token: other,
            seed: try Self.seed(of: other, vault: vault),
            window: policy.codes(for: other.kind).window,
            now: now
        )
    }

    /// Counts a wrong code on the card's PIN of `kind`, recording the lock it may cause; returns the attempts left.
    private mutating func countFailure(_ kind: PINKind, _ lockout: Lockout, token: String?, _ now: Int64) -> Int {
        if lockout.countFailure(&card.locks[kind], now: now) {
            record(.pinLocked(kind, failures: card.locks[kind].failures, token: token), at: now)
        }
        return lockout.attemptsLeft(card.locks[kind])
    }

    private static func seed(of token: Token, vault: any KeyVault) throws(IssuerError) -> [UInt8] {
        do { return try vault.open(token.sealedSeed, context: "token:\(token.id)") } catch { throw .keyVault(error) }
    }
}
