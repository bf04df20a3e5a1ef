import OneTimePassword
import PooyaProtocol

/// A payment gateway's request for a code bound to one payment (the payment page's "get dynamic PIN" button).
public struct ChallengeRequest: Sendable, Hashable {
    /// The card, with its fingerprint.
    public var card: CardReference
    /// The amount in rials.
    public var amount: Int64
    /// The merchant's id, which the verification must repeat.
    public var merchantID: String
    /// The merchant's name, as the SMS shows it.
    public var merchantName: MerchantName
    /// The gateway's transaction id, which the verification must repeat.
    public var transactionID: String
    /// What the payment is, which the SMS names and the verification must repeat.
    public var transactionType: TransactionType
    /// The WebOTP line's hosts the gateway asked for (checked against its key's allow-list before); `nil` for the
    /// service's default host, or no line when there is none.
    public var webOTP: WebOTPLine?

    /// Collects the fields.
    public init(
        card: CardReference,
        amount: Int64,
        merchantID: String,
        merchantName: MerchantName,
        transactionID: String,
        transactionType: TransactionType = .purchase,
        webOTP: WebOTPLine? = nil
    ) {
        self.transactionType = transactionType
        self.webOTP = webOTP
        self.card = card
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
    /// merchant. The SMS names the amount and the merchant and ends with a WebOTP line naming the request's hosts, or
    /// else ``webOTPHost`` when it is set.
    /// A second challenge for the same transaction replaces the first.
    ///
    /// - Throws: ``IssuerError/unknownCard``, ``IssuerError/cardBlocked``, ``IssuerError/cardSuspended``,
    ///   ``IssuerError/codesNotOffered``, ``IssuerError/notActivated``, ``IssuerError/codesLocked``,
    ///   ``IssuerError/tooManyCodes(retryAfter:)``, ``IssuerError/invalidRequest(_:)``.
    public func challenge(_ request: ChallengeRequest) async throws -> ChallengeResult {
        guard request.amount > 0 else { throw IssuerError.invalidRequest("the amount must be positive") }
        guard !request.transactionID.isEmpty, !request.merchantID.isEmpty else {
            throw IssuerError.invalidRequest("the transaction id and merchant id must not be empty")
        }
        let binding = IssuedCode.Binding(
            transactionID: request.transactionID,
            amount: request.amount,
            merchantID: request.merchantID,
            transactionType: request.transactionType
        )
        let webOTP = request.webOTP ?? webOTPHost.map { WebOTPLine(top: $0) }
        let issued = try await issueCode(request.card.fingerprint, channel: .challenge, binding: binding) {
            _,
            code,
            expiresAt in
            let text =
                templates.render(
                    .challenge,
                    [
                        "{type}": request.transactionType.persianName, "{merchant}": request.merchantName.text,
                        "{amount}": PersianText.rials(request.amount), "{code}": code,
                        "{until}": PersianText.until(expiresAt),
                    ]
                ) + (webOTP.map { "\n" + $0.text(code: code) } ?? "")
            return (.challenge, text)
        }
        return ChallengeResult(sentTo: issued.card.mobile.masked, expiresAt: issued.expiresAt)
    }

    /// Answers a cardholder's SMS to the bank's inbound number (``InboundSMS``): the last four digits of a card
    /// registered to the sender get a code for that card by SMS (Mellat's flow); `قفل` or `LOCK` and those digits
    /// suspend the card's dynamic PINs (the kill switch) with a confirmation SMS. Anything else — an unknown sender,
    /// digits of no card of theirs, codes not offered, locked, too many — gets the same neutral SMS, which tells an
    /// attacker nothing and changes nothing. Every answer goes through the outbox.
    ///
    /// - Returns: what was done (for tests; never for the sender).
    @discardableResult
    public func answerInboundSMS(from sender: MobileNumber, text: String) async throws -> InboundSMS.Answer {
        let request = InboundSMS(text: text)
        let now = clock.now()
        let lifetime = policy.issuedCodeLifetime
        for fingerprint in try await cardsRegistered(to: sender, endingWith: request.lastFour) {
            switch request {
            case .code:
                if try await sendRequestedCode(fingerprint, to: sender) { return .codeSent }
            case .lock:
                if try await suspendRequested(fingerprint, from: sender) { return .suspended }
            case .other: break
            }
        }
        let notice = try outboxMessage(
            to: sender,
            cardID: nil,
            purpose: .notice,
            text: templates.render(.neutral, [:]),
            now: now,
            expiresAt: now + lifetime
        )
        try await store.enqueue([notice])
        return .neutral
    }

    /// Sends a code the cardholder asked for by SMS; `false` when a rule refused it, or the card is no longer
    /// registered to `sender` by the time its transaction runs (the neutral answer follows).
    private func sendRequestedCode(_ fingerprint: CardFingerprint, to sender: MobileNumber) async throws -> Bool {
        do {
            _ = try await issueCode(fingerprint, channel: .sms, binding: nil, mobile: sender) { card, code, expiresAt in
                let values = [
                    "{lastFour}": DecimalDigits.persian(card.lastFour), "{code}": code,
                    "{until}": PersianText.until(expiresAt),
                ]
                return (.code, templates.render(.code, values))
            }
            return true
        } catch let error as IssuerError {
            if case .keyVault = error { throw error }
            return false
        }
    }

    /// Suspends the card for its holder's SMS; `false` when the card is no longer registered to `sender` by the time
    /// the suspension's transaction runs (the neutral answer follows).
    private func suspendRequested(_ fingerprint: CardFingerprint, from sender: MobileNumber) async throws -> Bool {
        do {
            try await suspend(fingerprint, channel: .sms, registeredTo: sender)
            return true
        } catch IssuerError.unknownCard {
            return false
        }
    }

    /// The cards registered to `mobile` whose number ends with `lastFour` (none when it is `nil`), read without a
    /// write transaction.
    func cardsRegistered(to mobile: MobileNumber, endingWith lastFour: String?) async throws -> [CardFingerprint] {
        guard let lastFour else { return [] }
        var found: [CardFingerprint] = []
        for fingerprint in try await store.cardFingerprints(mobile: mobile) {
            if let card = try await store.readCard(fingerprint)?.card, card.mobile == mobile, card.lastFour == lastFour
            {
                found.append(fingerprint)
            }
        }
        return found
    }

    /// The cards registered to `mobile` whose bank offers USSD codes, for the USSD menu (read without a write
    /// transaction).
    public func ussdCards(for mobile: MobileNumber) async throws -> [CardChoice] {
        var choices: [CardChoice] = []
        for fingerprint in try await store.cardFingerprints(mobile: mobile) {
            let card = try await store.readCard(fingerprint)?.card
            if let card, card.mobile == mobile, card.options.ussdCodes, !card.options.blocked {
                choices.append(CardChoice(cardID: card.id, maskedPAN: card.maskedPAN))
            }
        }
        return choices
    }

    /// A code for the card with `cardID`, to show on the USSD screen of its registered mobile.
    ///
    /// - Throws: ``IssuerError/unknownCard`` (also when `mobile` is not the card's), ``IssuerError/codesNotOffered``,
    ///   ``IssuerError/notActivated``, ``IssuerError/cardSuspended``, ``IssuerError/codesLocked``,
    ///   ``IssuerError/tooManyCodes(retryAfter:)``.
    public func ussdCode(cardID: String, mobile: MobileNumber) async throws -> ShownCode {
        guard let fingerprint = try await store.cardFingerprint(cardID: cardID) else { throw IssuerError.unknownCard }
        let issued = try await issueCode(fingerprint, channel: .ussd, binding: nil, mobile: mobile, text: nil)
        return ShownCode(code: issued.code, expiresAt: issued.expiresAt)
    }

    /// The digest a code is kept as: keyed, over the card id and the code's Latin digits.
    static func codeDigest(cardID: String, code: String, vault: any KeyVault) throws(IssuerError) -> String {
        try vault.issuerDigest(of: Array("issued-code|\(cardID)|\(code)".utf8))
    }

    /// Makes, keeps and (with `text`) sends a code for the card, in one transaction, unless a rule refuses it
    /// (``CardState/issue(_:sms:policy:now:)``); the outcome is audited.
    ///
    /// - Parameters:
    ///   - mobile: when given, the card must be registered to it (the requester's own number).
    ///   - text: the SMS carrying the code, if it is sent by SMS.
    private func issueCode(
        _ fingerprint: CardFingerprint,
        channel: IssuedCode.Channel,
        binding: IssuedCode.Binding?,
        mobile: MobileNumber? = nil,
        text: (@Sendable (Card, String, Int64) -> (SMSMessage.Purpose, String))?
    ) async throws -> (card: Card, code: String, expiresAt: Int64) {
        let now = clock.now()
        let policy = self.policy
        var generator = RandomSourceGenerator(source: random)
        let code = DecimalDigits.random(count: policy.secondPIN.digits, using: &generator)
        let codeID = newID("cod")
        let issuer = self
        let expiresAt = now + policy.issuedCodeLifetime
        let card = try await change(fingerprint) { state in
            let card = state.card
            guard mobile.map({ $0 == card.mobile }) ?? true else { throw IssuerError.unknownCard }
            let issued = IssuedCode(
                id: codeID,
                cardID: card.id,
                kind: .second,
                channel: channel,
                codeDigest: try Self.codeDigest(cardID: card.id, code: code, vault: issuer.vault),
                binding: binding,
                issuedAt: now,
                expiresAt: expiresAt,
                usedAt: nil
            )
            let sms = try text.map { make in
                let (purpose, body) = make(card, code, expiresAt)
                return try issuer.outboxMessage(
                    to: card.mobile,
                    cardID: card.id,
                    purpose: purpose,
                    text: body,
                    now: now,
                    expiresAt: expiresAt
                )
            }
            return state.issue(issued, sms: sms, policy: policy, now: now)
        }
        return (card, code, expiresAt)
    }
}
