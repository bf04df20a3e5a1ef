public import PooyaProtocol

/// Wrong codes in a row for a card's dynamic PIN of one kind, whatever channel they came through (app, SMS, USSD,
/// gateway), and the lock they led to. One count per card and kind: see ``Lockout``.
public struct PINLock: Sendable, Hashable, Codable {
    /// Wrong codes in a row since the last right one, the last activation or the last unlock.
    public var failures: Int
    /// When too many wrong codes locked this PIN; `nil` while it is not locked.
    public var lockedAt: Int64?

    /// Whether codes of this kind are refused until a new activation or an audited unlock.
    public var isLocked: Bool { lockedAt != nil }

    /// A count of `failures`, locked at `lockedAt`; by default a clean one.
    public init(failures: Int = 0, lockedAt: Int64? = nil) {
        self.failures = failures
        self.lockedAt = lockedAt
    }
}

/// A card's two ``PINLock``s, one per PIN kind.
public struct PINLocks: Sendable, Hashable, Codable {
    /// The dynamic first PIN's.
    public var first: PINLock
    /// The dynamic second PIN's.
    public var second: PINLock

    /// Both counts; clean by default.
    public init(first: PINLock = PINLock(), second: PINLock = PINLock()) {
        self.first = first
        self.second = second
    }

    /// The count of `kind`.
    public subscript(kind: PINKind) -> PINLock {
        get { kind == .first ? first : second }
        set {
            if kind == .first { first = newValue } else { second = newValue }
        }
    }
}
