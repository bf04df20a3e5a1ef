import OneTimePassword
import PooyaProtocol

/// A payment gateway's request for a code bound to one payment (the payment page's "get dynamic PIN" button).
public struct ChallengeRequest: Sendable, Hashable {
    /// The card.
    public var pan: PAN
    /// The amount in rials.
    public var amount: Int64
    /// The merchant's id, which the verification must repeat.
    public var merchantID: String
    /// The merchant's name, as the SMS shows it.
    public var merchantName: String
    /// The gateway's transaction id, which the verification must repeat.
    public var transactionID: String

    /// Collects the fields.
    public init(pan: PAN, amount: Int64, merchantID: String, merchantName: String, transactionID: String) {
        self.pan = pan
        self.amount = amount
        self.merchantID = merchantID
        self.merchantName = merchantName
        self.transactionID = transactionID
    }
}

/// Where a gateway's code went and until when it is valid.
public struct ChallengeResult: Sendable, Hashable {
    /// The registered mobile, masked.
    public var sentTo: String
    /// From this Unix time on the code is refused.
    public var expiresAt: Int64
}

/// A card as a USSD menu lists it.
public struct CardChoice: Sendable, Hashable {
    /// The card's id.
    public var cardID: String
    /// First six and last four digits.
    public var maskedPAN: String
}

/// A code shown on a USSD screen.
public struct ShownCode: Sendable, Hashable {
    /// The code, in Latin digits.
    public var code: String
    /// From this Unix time on the code is refused.
    public var expiresAt: Int64
}

extension Issuer {
    /// Sends the card's registered mobile a code valid only for this payment: this transaction id, amount and
    /// merchant. The SMS names the amount and the merchant and ends with a WebOTP line when ``webOTPHost`` is set.
    /// A second challenge for the same transaction replaces the first.
    ///
    /// - Throws: ``IssuerError/unknownCard``, ``IssuerError/cardBlocked``, ``IssuerError/codesNotOffered``,
    ///   ``IssuerError/codesLocked``, ``IssuerError/tooManyCodes(retryAfter:)``, ``IssuerError/invalidRequest(_:)``.
    public func challenge(_ request: ChallengeRequest) async throws -> ChallengeResult {
        guard request.amount > 0 else { throw IssuerError.invalidRequest("the amount must be positive") }
        guard !request.transactionID.isEmpty, !request.merchantID.isEmpty,
            !request.merchantName.allSatisfy(\.isWhitespace)
        else { throw IssuerError.invalidRequest("the transaction id, merchant id and merchant name must not be empty") }
        let binding = IssuedCode.Binding(transactionID: request.transactionID, amount: request.amount,
                                         merchantID: request.merchantID)
        let lifetime = policy.issuedCodeLifetime
        let host = webOTPHost
        let issued = try await issueCode(vault.fingerprint(of: request.pan), channel: .challenge, binding: binding) {
            card, code, expiresAt in
            var lines = [
                card.bankPersianName,
                "رمز دوم پویا: \(code)",
                "پذیرنده: \(request.merchantName)",
                "مبلغ: \(PersianText.rials(request.amount))",
                PersianText.validity(lifetime, until: expiresAt),
            ]
            if let host { lines.append("@\(host) #\(code)") }
            return (.challenge, lines.joined(separator: "\n"))
        }
        return ChallengeResult(sentTo: issued.card.mobile.masked, expiresAt: issued.expiresAt)
    }

    /// Answers a cardholder's SMS (Mellat's flow): when the text is the last four digits (any digit set) of a card
    /// registered to the sender, a code for that card goes back by SMS. Anything else (an unknown sender, digits of no
    /// card of theirs, codes not offered, locked, too many) gets the same neutral SMS, which tells an attacker nothing.
    /// Both go through the outbox.
    ///
    /// - Returns: whether a code was sent (for metrics; never for the sender).
    @discardableResult
    public func answerCodeRequest(from sender: MobileNumber, text: String) async throws -> Bool {
        let lastFour = DecimalDigits.latin(text.filter { !$0.isWhitespace })
        let now = clock.now()
        let lifetime = policy.issuedCodeLifetime
        if let lastFour, lastFour.count == 4 {
            for fingerprint in try await store.cardFingerprints(mobile: sender) {
                do {
                    _ = try await issueCode(fingerprint, channel: .sms, binding: nil, lastFour: lastFour) {
                        card, code, expiresAt in
                        (.code, """
                            \(card.bankPersianName)
                            رمز دوم پویا کارت \(card.maskedPAN.suffix(4)): \(code)
                            \(PersianText.validity(lifetime, until: expiresAt))
                            """)
                    }
                    return true
                } catch IssuerError.unknownCard {
                    continue  // not the card whose last four digits were sent
                } catch let error as IssuerError {
                    if case .keyVault = error { throw error }
                    break  // refused: the neutral answer
                }
            }
        }
        let notice = try outboxMessage(
            to: sender, cardID: nil, purpose: .notice,
            text: "درخواست رمز پویا دریافت شد. اگر چهار رقم آخر کارتِ ثبت‌شده برای این شماره را فرستاده باشید، رمز برایتان پیامک می‌شود.",
            now: now, expiresAt: now + lifetime)
        try await store.enqueue([notice])
        return false
    }

    /// The cards registered to `mobile` whose bank offers USSD codes, for the USSD menu.
    public func ussdCards(for mobile: MobileNumber) async throws -> [CardChoice] {
        var choices: [CardChoice] = []
        for fingerprint in try await store.cardFingerprints(mobile: mobile) {
            let card = try await store.withCard(fingerprint, transactionID: nil) { state in state?.card }
            if let card, card.mobile == mobile, card.options.ussdCodes, !card.options.blocked {
                choices.append(CardChoice(cardID: card.id, maskedPAN: card.maskedPAN))
            }
        }
        return choices
    }

    /// A code for the card with `cardID`, to show on the USSD screen of its registered mobile.
    ///
    /// - Throws: ``IssuerError/unknownCard`` (also when `mobile` is not the card's), ``IssuerError/codesNotOffered``,
    ///   ``IssuerError/codesLocked``, ``IssuerError/tooManyCodes(retryAfter:)``.
    public func ussdCode(cardID: String, mobile: MobileNumber) async throws -> ShownCode {
        guard let fingerprint = try await store.cardFingerprint(cardID: cardID) else { throw IssuerError.unknownCard }
        let issued = try await issueCode(fingerprint, channel: .ussd, binding: nil, mobile: mobile, text: nil)
        return ShownCode(code: issued.code, expiresAt: issued.expiresAt)
    }

    /// The digest a code is kept as: keyed, over the card id and the code's Latin digits.
    static func codeDigest(cardID: String, code: String, vault: any KeyVault) -> String {
        vault.keyedDigest(of: Array("issued-code|\(cardID)|\(code)".utf8))
    }

    /// Makes, keeps and (with `text`) sends a code for the card, in one transaction: checks the card's block, the
    /// channel being offered, the lock and the limits, and records the outcome in the audit trail.
    ///
    /// - Parameters:
    ///   - mobile: when given, the card must be registered to it (the requester's own number).
    ///   - lastFour: when given, the card's number must end with these digits.
    ///   - text: the SMS carrying the code, if it is sent by SMS.
    private func issueCode(
        _ fingerprint: CardFingerprint, channel: IssuedCode.Channel, binding: IssuedCode.Binding?,
        mobile: MobileNumber? = nil, lastFour: String? = nil,
        text: (@Sendable (Card, String, Int64) -> (SMSMessage.Purpose, String))?
    ) async throws -> (card: Card, code: String, expiresAt: Int64) {
        let now = clock.now()
        let policy = self.policy
        let digits = policy.secondPIN.digits
        var generator = RandomSourceGenerator(source: random)
        let code = DecimalDigits.random(count: digits, using: &generator)
        let codeID = newID("cod")
        let issuer = self
        let expiresAt = now + policy.issuedCodeLifetime
        return try await store.withCard(fingerprint, transactionID: nil) { state in
            guard var current = state,
                mobile.map({ $0 == current.card.mobile }) ?? true,
                lastFour.map({ current.card.maskedPAN.hasSuffix($0) }) ?? true
            else { throw IssuerError.unknownCard }
            func refuse(_ error: IssuerError) -> Result<(card: Card, code: String, expiresAt: Int64), IssuerError> {
                current.events.append(AuditEvent(.codeRefused, card: fingerprint, kind: .second,
                                                 channel: channel.rawValue, reason: error.code, time: now))
                state = current
                return .failure(error)
            }
            let card = current.card
            if card.options.blocked { return refuse(.cardBlocked) }
            if !(channel == .ussd ? card.options.ussdCodes : card.options.smsCodes) { return refuse(.codesNotOffered) }
            let token = current.tokens.first { $0.kind == .second && $0.revokedAt == nil }
            if card.codesLockedAt != nil || token?.lockedAt != nil { return refuse(.codesLocked) }
            for (window, limit) in [(Int64(60), policy.issuedCodesPerMinute), (3600, policy.issuedCodesPerHour)] {
                let recent = current.issuedCodes.filter { $0.issuedAt > now - window }
                if recent.count >= limit, let oldest = recent.map(\.issuedAt).min() {
                    return refuse(.tooManyCodes(retryAfter: max(1, oldest + window - now)))
                }
            }
            for index in current.issuedCodes.indices
            where binding != nil && current.issuedCodes[index].binding?.transactionID == binding?.transactionID
                && current.issuedCodes[index].usedAt == nil && current.issuedCodes[index].expiresAt > now
            {
                current.issuedCodes[index].expiresAt = now  // replaced by the new challenge
            }
            current.issuedCodes.insert(IssuedCode(
                id: codeID, cardID: card.id, kind: .second, channel: channel,
                codeDigest: Self.codeDigest(cardID: card.id, code: code, vault: issuer.vault), binding: binding,
                issuedAt: now, expiresAt: expiresAt, usedAt: nil), at: 0)
            if let (purpose, body) = text?(card, code, expiresAt) {
                current.outgoingSMS.append(try issuer.outboxMessage(
                    to: card.mobile, cardID: card.id, purpose: purpose, text: body, now: now, expiresAt: expiresAt))
            }
            current.events.append(AuditEvent(.codeIssued, card: fingerprint, kind: .second, channel: channel.rawValue,
                                             time: now))
            state = current
            return .success((card, code, expiresAt))
        }.get()
    }
}
