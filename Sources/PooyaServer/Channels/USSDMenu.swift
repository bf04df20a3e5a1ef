import OneTimePassword
public import PooyaIssuer

/// The USSD menu, in Persian, over the gateway convention where every step repeats the choices typed so far:
/// main menu → the caller's cards (masked) → for a card, a code on the screen or the kill switch, confirmed. A wrong choice shows the same menu again with a
/// warning; `0` goes back; a session older than ``sessionTimeout`` ends, counted from its first step on whichever node
/// saw it (``PooyaIssuer/USSDSessions``).
public final class USSDMenu: Sendable {
    /// A screen: its text (starting `CON ` or `END `) and what it led to.
    public struct Screen: Sendable, Hashable {
        /// What the step did.
        public enum Outcome: Sendable, Hashable {
            /// A menu waits for a choice.
            case menu
            /// A code was issued and shown.
            case code
            /// The card's dynamic PINs were suspended.
            case suspended
            /// The session ended without a code.
            case end
        }

        /// The text for the gateway.
        public var text: String
        /// What the step did.
        public var outcome: Outcome
    }

    /// Seconds a session may last (operators end theirs after about three minutes).
    public let sessionTimeout: Int64
    private let issuer: Issuer
    private let clock: any WallClock
    private let sessions: any USSDSessions
    private static let maximumCards = 4
    /// The end screen for a number with no card, or a card the service is not offered for: it tells nothing more.
    private static let neutral = Screen(text: "END این خدمت برای این شماره در دسترس نیست.", outcome: .end)

    /// The menu over `issuer`, its sessions' start times kept in `sessions`.
    public init(
        issuer: Issuer,
        clock: any WallClock,
        sessions: any USSDSessions = InMemoryUSSDSessions(),
        sessionTimeout: Int64 = 180
    ) {
        self.issuer = issuer
        self.clock = clock
        self.sessions = sessions
        self.sessionTimeout = sessionTimeout
    }

    /// Where a session is in the menu.
    private enum Step {
        case main, cards, card(Int), confirmLock(Int)
    }

    /// What a typed choice leads to.
    private enum Move {
        case to(Step), wrong, exit, code(Int), lock(Int)
    }

    /// The screen for a step of `session`, from the caller's `phoneNumber` with the choices `text` typed so far:
    /// main menu → the caller's cards → for a card, a code or the kill switch (with a confirmation step).
    public func answer(session: String, phoneNumber: String, text: String) async throws -> Screen {
        let now = clock.now()
        guard try await sessions.start(session, at: now) + sessionTimeout > now else {
            return Screen(text: "END زمان جلسه به پایان رسید. دوباره شماره‌گیری کنید.", outcome: .end)
        }
        guard let mobile = try? MobileNumber(parsing: phoneNumber) else { return Self.neutral }
        let cards = Array(try await issuer.ussdCards(for: mobile).prefix(Self.maximumCards))
        guard !cards.isEmpty else { return Self.neutral }

        var step = Step.main
        var wrong = false
        for choice in text.split(separator: "*", omittingEmptySubsequences: false).map(Self.choice) where !text.isEmpty
        {
            wrong = false
            switch Self.move(from: step, choice: choice, cardCount: cards.count) {
            case .to(let next): step = next
            case .wrong: wrong = true
            case .exit: return Screen(text: "END خدانگهدار.", outcome: .end)
            case .code(let index): return try await code(for: cards[index], mobile: mobile)
            case .lock(let index): return try await lock(cards[index], mobile: mobile)
            }
        }
        return Self.screen(for: step, cards: cards, warning: wrong ? "انتخاب نادرست است.\n" : "")
    }

    private static func move(from step: Step, choice: Int?, cardCount: Int) -> Move {
        switch (step, choice) {
        case (.main, 1): .to(.cards)
        case (.main, 2): .exit
        case (.cards, 0): .to(.main)
        case (.cards, let number?) where (1...cardCount).contains(number): .to(.card(number - 1))
        case (.card, 0): .to(.cards)
        case (.card(let index), 1): .code(index)
        case (.card(let index), 2): .to(.confirmLock(index))
        case (.confirmLock(let index), 0): .to(.card(index))
        case (.confirmLock(let index), 1): .lock(index)
        default: .wrong
        }
    }

    private static func screen(for step: Step, cards: [CardChoice], warning: String) -> Screen {
        let text =
            switch step {
            case .main: "رمز پویا\n۱. دریافت رمز دوم پویا\n۲. خروج"
            case .cards:
                "کارت را انتخاب کنید:\n"
                    + cards.enumerated().map { "\(persian($0.offset + 1)). کارت \(lastFour($0.element))" }
                    .joined(separator: "\n") + "\n۰. بازگشت"
            case .card(let index):
                "کارت \(lastFour(cards[index])):\n۱. دریافت رمز دوم پویا\n۲. قفل رمز پویای من\n۰. بازگشت"
            case .confirmLock(let index):
                "رمز پویای کارت \(lastFour(cards[index])) قفل شود؟ تا فعال‌سازی دوباره، پرداخت با آن ممکن نیست.\n"
                    + "۱. بله، قفل شود\n۰. بازگشت"
            }
        return Screen(text: "CON " + warning + text, outcome: .menu)
    }

    private func lock(_ card: CardChoice, mobile: MobileNumber) async throws -> Screen {
        do {
            try await issuer.suspendCard(cardID: card.cardID, calledFrom: mobile)
        } catch IssuerError.unknownCard {
            return Self.neutral
        }
        return Screen(
            text: """
                END رمز پویای کارت \(Self.lastFour(card)) قفل شد.
                برای فعال‌سازی دوباره به خودپرداز، اینترنت‌بانک یا شعبه بروید.
                """,
            outcome: .suspended
        )
    }

    private func code(for card: CardChoice, mobile: MobileNumber) async throws -> Screen {
        do {
            let shown = try await issuer.ussdCode(cardID: card.cardID, mobile: mobile)
            let seconds = shown.expiresAt - clock.now()
            return Screen(
                text: """
                    END رمز دوم پویا کارت \(Self.lastFour(card)):
                    \(DecimalDigits.persian(shown.code))
                    اعتبار: \(DecimalDigits.persian(String(seconds))) ثانیه. آن را به هیچ‌کس ندهید.
                    """,
                outcome: .code
            )
        } catch IssuerError.codesLocked {
            return Screen(
                text: "END رمز پویا به دلیل رمزهای نادرست قفل شده است؛ آن را دوباره فعال کنید.",
                outcome: .end
            )
        } catch IssuerError.tooManyCodes {
            return Screen(text: "END درخواست رمز بیش از حد مجاز است؛ کمی بعد دوباره تلاش کنید.", outcome: .end)
        } catch let error as IssuerError {
            if case .keyVault = error { throw error }
            return Self.neutral
        }
    }

    /// A typed choice in any digit set, or `nil`.
    private static func choice(_ typed: Substring) -> Int? {
        DecimalDigits.latin(typed.filter { $0 != " " }).flatMap { Int($0) }
    }

    private static func persian(_ number: Int) -> String { DecimalDigits.persian(String(number)) }

    private static func lastFour(_ card: CardChoice) -> String {
        DecimalDigits.persian(String(card.maskedPAN.suffix(4)))
    }
}
