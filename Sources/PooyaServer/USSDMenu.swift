import OneTimePassword
public import PooyaIssuer
import Synchronization

/// The USSD menu, in Persian, over the gateway convention where every step repeats the choices typed so far:
/// main menu → the caller's cards (masked) → a code on the screen. A wrong choice shows the same menu again with a
/// warning; `0` goes back; a session older than ``sessionTimeout`` ends. Sessions' start times are kept in memory, so
/// an operator's gateway should keep a session on one node.
public final class USSDMenu: Sendable {
    /// A screen: its text (starting `CON ` or `END `) and what it led to.
    public struct Screen: Sendable, Hashable {
        /// What the step did.
        public enum Outcome: Sendable, Hashable {
            /// A menu waits for a choice.
            case menu
            /// A code was issued and shown.
            case code
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
    private let sessions = Mutex<[String: Int64]>([:])
    private static let maximumCards = 4
    /// The end screen for a number with no card, or a card the service is not offered for: it tells nothing more.
    private static let neutral = Screen(text: "END این خدمت برای این شماره در دسترس نیست.", outcome: .end)

    /// The menu over `issuer`.
    public init(issuer: Issuer, clock: any WallClock, sessionTimeout: Int64 = 180) {
        self.issuer = issuer
        self.clock = clock
        self.sessionTimeout = sessionTimeout
    }

    /// The screen for a step of `session`, from the caller's `phoneNumber` with the choices `text` typed so far.
    public func answer(session: String, phoneNumber: String, text: String) async throws -> Screen {
        let now = clock.now()
        guard started(session, now: now) + sessionTimeout > now else {
            return Screen(text: "END زمان جلسه به پایان رسید. دوباره شماره‌گیری کنید.", outcome: .end)
        }
        guard let mobile = try? MobileNumber(parsing: phoneNumber) else { return Self.neutral }
        let cards = Array(try await issuer.ussdCards(for: mobile).prefix(Self.maximumCards))
        guard !cards.isEmpty else { return Self.neutral }

        var inCardList = false
        var wrong = false
        for choice in text.split(separator: "*", omittingEmptySubsequences: false).map(Self.choice) where !text.isEmpty {
            wrong = false
            switch (inCardList, choice) {
            case (false, 1): inCardList = true
            case (false, 2): return Screen(text: "END خدانگهدار.", outcome: .end)
            case (true, 0): inCardList = false
            case (true, let number?) where (1...cards.count).contains(number):
                return try await code(for: cards[number - 1], mobile: mobile)
            default: wrong = true
            }
        }
        let warning = wrong ? "انتخاب نادرست است.\n" : ""
        if inCardList {
            let list = cards.enumerated().map { "\(Self.persian($0.offset + 1)). کارت \(Self.lastFour($0.element))" }
            return Screen(text: "CON \(warning)کارت را انتخاب کنید:\n" + list.joined(separator: "\n") + "\n۰. بازگشت",
                          outcome: .menu)
        }
        return Screen(text: "CON \(warning)رمز پویا\n۱. دریافت رمز دوم پویا\n۲. خروج", outcome: .menu)
    }

    private func code(for card: CardChoice, mobile: MobileNumber) async throws -> Screen {
        do {
            let shown = try await issuer.ussdCode(cardID: card.cardID, mobile: mobile)
            let seconds = shown.expiresAt - clock.now()
            return Screen(text: """
                END رمز دوم پویا کارت \(Self.lastFour(card)):
                \(DecimalDigits.persian(shown.code))
                اعتبار: \(DecimalDigits.persian(String(seconds))) ثانیه. آن را به هیچ‌کس ندهید.
                """, outcome: .code)
        } catch IssuerError.codesLocked {
            return Screen(text: "END رمز پویا به دلیل رمزهای نادرست قفل شده است؛ آن را دوباره فعال کنید.", outcome: .end)
        } catch IssuerError.tooManyCodes {
            return Screen(text: "END درخواست رمز بیش از حد مجاز است؛ کمی بعد دوباره تلاش کنید.", outcome: .end)
        } catch let error as IssuerError {
            if case .keyVault = error { throw error }
            return Self.neutral
        }
    }

    /// When `session` started: now for a session not seen before. Sessions past their time-out are forgotten.
    private func started(_ session: String, now: Int64) -> Int64 {
        sessions.withLock { sessions in
            if sessions.count > 10_000 { sessions = sessions.filter { $0.value + sessionTimeout > now } }
            if let start = sessions[session] { return start }
            sessions[session] = now
            return now
        }
    }

    /// A typed choice in any digit set, or `nil`.
    private static func choice(_ typed: Substring) -> Int? {
        DecimalDigits.latin(typed.filter { $0 != " " }).flatMap { Int($0) }
    }

    private static func persian(_ number: Int) -> String { DecimalDigits.persian(String(number)) }

    private static func lastFour(_ card: CardChoice) -> String { DecimalDigits.persian(String(card.maskedPAN.suffix(4))) }
}
