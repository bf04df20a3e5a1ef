/// Which of a card's two PINs a token or code replaces.
public enum PINKind: String, Sendable, Hashable, CaseIterable, Codable {
    /// The first PIN (رمز اول), for ATMs and POS terminals; a dynamic first PIN leaves the static one working.
    case first
    /// The second PIN (رمز دوم), for card-not-present payments; a dynamic second PIN disables the static one.
    case second
}
