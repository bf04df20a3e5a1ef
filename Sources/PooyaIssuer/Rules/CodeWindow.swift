import OneTimePassword
import PooyaProtocol

/// An app code is valid for its token's kind and time window only: the current step, and the steps the policy's
/// window allows around it (one step back by default, so a code lives at most 120 s), never a step at or before the
/// one accepted last (``SingleUse``). "Now" is the token's clock: the issuer's, shifted by the offset learnt from
/// its phone (``ClockDrift``). How a presented code relates to a token is decided in constant time with respect to
/// the code's value.
enum CodeWindow: Equatable {
    /// A time-based code of this step.
    case acceptedStep(UInt64)
    /// An amount-capped code made in this minute, useless after `expiresAt`.
    case acceptedCapped(minute: UInt64, expiresAt: Int64, cap: Int64)
    /// A time-based code of this step in the issuer's own window, though the token had learnt an offset: the phone's
    /// clock has been set right, and the offset is to be forgotten.
    case acceptedAtIssuerTime(UInt64)
    /// A code right for a step `offset` steps from the window's (``ClockDrift``), not accepted.
    case drift(offset: Int64)
    /// Not accepted, for this reason.
    case failed(RejectionReason)

    /// Checks `code` (Latin digits) against `token` at `now`, telling a phone whose clock is up to `driftSteps`
    /// steps off apart from a wrong code. The extra searches that tell a drifting, replayed or expired code from a
    /// wrong one run only once the code has failed.
    static func check(
        _ code: String,
        token: Token,
        seed: [UInt8],
        window: StepWindow,
        driftSteps: Int = 0,
        now: Int64
    ) -> CodeWindow {
        let learnt = token.stepOffset
        let outcome = check(
            code,
            token: token,
            seed: seed,
            window: window,
            driftSteps: driftSteps,
            at: now + learnt * token.period
        )
        guard learnt != 0, case .drift = outcome else { return outcome }
        if case .acceptedStep(let step) = check(code, token: token, seed: seed, window: window, driftSteps: 0, at: now)
        {
            return .acceptedAtIssuerTime(step)
        }
        return outcome
    }

    /// ``check(_:token:seed:window:driftSteps:now:)`` on a clock that reads `now`: the token's, shifted by its
    /// learnt offset, or the issuer's own.
    private static func check(
        _ code: String,
        token: Token,
        seed: [UInt8],
        window: StepWindow,
        driftSteps: Int,
        at now: Int64
    ) -> CodeWindow {
        if code.count == CappedCode.length, CappedCode(reading: code) != nil {
            return checkCapped(code, token: token, seed: seed, now: now)
        }
        guard code.count == token.digits, let generator = generator(token: token, seed: seed),
            let current = try? generator.step(at: now)
        else { return .failed(.invalidCode) }
        let first = current >= window.behind ? current - window.behind : 0
        let last = current + window.ahead
        let open = SingleUse.firstOpenStep(of: first...last, after: token.lastAcceptedStep)
        if open <= last, let step = generator.matchingStep(for: code, among: open...last) {
            return .acceptedStep(step)
        }
        if let offset = ClockDrift.offset(
            of: code,
            generator: generator,
            around: current,
            window: first...last,
            steps: driftSteps,
            after: token.lastAcceptedStep
        ) {
            return .drift(offset: offset)
        }
        // Failure path: was it a used code of the window, or a code that has just passed?
        let lookBack: UInt64 = 5
        guard let step = generator.matchingStep(for: code, among: (first >= lookBack ? first - lookBack : 0)...last)
        else {
            return .failed(.invalidCode)
        }
        // Only the very step accepted last is a replay; an unused code older than it was superseded, like a late one.
        return .failed(SingleUse.isReplay(step: step, lastAccepted: token.lastAcceptedStep) ? .replayed : .expired)
    }

    /// Whether `code` is a current code of `token` (used to tell a code of the card's other PIN kind).
    static func matches(_ code: String, token: Token, seed: [UInt8], window: StepWindow, now: Int64) -> Bool {
        switch check(code, token: token, seed: seed, window: window, now: now) {
        case .acceptedStep, .acceptedAtIssuerTime, .acceptedCapped, .failed(.replayed), .failed(.expired): true
        case .failed, .drift: false
        }
    }

    private static func checkCapped(_ code: String, token: Token, seed: [UInt8], now: Int64) -> CodeWindow {
        let used = Set(token.usedCappedMinutes.keys)
        if let (capped, minute) = CappedCode.matchingMinute(
            for: code,
            seed: seed,
            algorithm: token.algorithm,
            at: now,
            used: used
        ) {
            let expiresAt = (Int64(minute) + Int64(capped.validity.minutes)) * 60 + 60
            return .acceptedCapped(minute: minute, expiresAt: expiresAt, cap: capped.cap.rials)
        }
        if CappedCode.matchingMinute(for: code, seed: seed, algorithm: token.algorithm, at: now) != nil {
            return .failed(.replayed)
        }
        return .failed(.invalidCode)
    }

    private static func generator(token: Token, seed: [UInt8]) -> TokenGenerator? {
        try? TokenGenerator(
            seed: seed,
            parameters: TokenParameters(
                tokenID: token.id,
                kind: token.kind,
                algorithm: token.algorithm,
                digits: token.digits,
                period: token.period,
                maskedPAN: "",
                bank: ""
            )
        )
    }
}
