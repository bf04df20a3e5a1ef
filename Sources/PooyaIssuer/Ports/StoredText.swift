/// Small values a store keeps as compact text rather than JSON (which is slow on the verification path), written and
/// read the same way by every store, so a database moved from one store to another reads back the same.
public enum StoredText {
    /// A recorded decision as text: `approved:<method>`, `static_pin_allowed:<method>`,
    /// `rejected:<reason>:<attempts left>` or `clock_drift:<seconds>:<attempts left>`.
    public static func encode(_ decision: VerificationDecision, method: ApprovalMethod?) -> String {
        let method = method.map { ":" + $0.rawValue } ?? ""
        return switch decision {
        case .approved: "approved" + method
        case .staticPINAllowed: "static_pin_allowed" + method
        case .rejected(let reason, let attemptsLeft): "rejected:\(reason.rawValue):\(attemptsLeft)"
        case .clockDrift(let seconds, let attemptsLeft): "clock_drift:\(seconds):\(attemptsLeft)"
        }
    }

    /// The decision and approval method ``encode(_:method:)`` wrote (an approval recorded before receipts has no
    /// method), or `nil` when `text` is not such a decision.
    public static func decision(_ text: String) -> (VerificationDecision, ApprovalMethod?)? {
        let parts = text.split(separator: ":")
        switch (parts.first, parts.count) {
        case ("approved", 1): return (.approved, nil)
        case ("static_pin_allowed", 1): return (.staticPINAllowed, nil)
        case ("approved", 2), ("static_pin_allowed", 2):
            guard let method = ApprovalMethod(rawValue: String(parts[1])) else { return nil }
            return (parts[0] == "approved" ? .approved : .staticPINAllowed, method)
        case ("rejected", 3):
            guard let reason = RejectionReason(rawValue: String(parts[1])), let left = Int(parts[2]) else { return nil }
            return (.rejected(reason, attemptsLeft: left), nil)
        case ("clock_drift", 3):
            guard let seconds = Int64(parts[1]), let left = Int(parts[2]) else { return nil }
            return (.clockDrift(seconds: seconds, attemptsLeft: left), nil)
        default: return nil
        }
    }

    /// A token's used capped-code minutes as `minute=expiry` pairs joined by commas, in minute order; empty for none.
    public static func encode(_ minutes: [UInt64: Int64]) -> String {
        minutes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    /// The minutes ``encode(_:)`` wrote, or `nil` when `text` is not such a list.
    public static func minutes(_ text: String) -> [UInt64: Int64]? {
        var minutes: [UInt64: Int64] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let minute = UInt64(parts[0]), let expiry = Int64(parts[1]) else { return nil }
            minutes[minute] = expiry
        }
        return minutes
    }
}
