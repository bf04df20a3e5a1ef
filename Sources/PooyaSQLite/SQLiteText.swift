import PooyaIssuer

/// Small values stored as compact text rather than JSON, which is slow on the verification path.
enum SQLiteText {
    /// `approved`, `static_pin_allowed`, or `rejected:<reason>:<attempts left>`.
    static func encode(_ decision: VerificationDecision) -> String {
        switch decision {
        case .approved: "approved"
        case .staticPINAllowed: "static_pin_allowed"
        case .rejected(let reason, let attemptsLeft): "rejected:\(reason.rawValue):\(attemptsLeft)"
        case .clockDrift(let seconds, let attemptsLeft): "clock_drift:\(seconds):\(attemptsLeft)"
        }
    }

    static func decision(_ text: String) -> VerificationDecision? {
        let parts = text.split(separator: ":")
        switch parts.first {
        case "approved": return .approved
        case "static_pin_allowed": return .staticPINAllowed
        case "rejected":
            guard parts.count == 3, let reason = RejectionReason(rawValue: String(parts[1])), let left = Int(parts[2])
            else { return nil }
            return .rejected(reason, attemptsLeft: left)
        case "clock_drift":
            guard parts.count == 3, let seconds = Int64(parts[1]), let left = Int(parts[2]) else { return nil }
            return .clockDrift(seconds: seconds, attemptsLeft: left)
        default: return nil
        }
    }

    /// `minute=expiry` pairs joined by commas, in minute order; empty for none.
    static func encode(_ minutes: [UInt64: Int64]) -> String {
        minutes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }

    static func minutes(_ text: String) -> [UInt64: Int64]? {
        var minutes: [UInt64: Int64] = [:]
        for pair in text.split(separator: ",") {
            let parts = pair.split(separator: "=")
            guard parts.count == 2, let minute = UInt64(parts[0]), let expiry = Int64(parts[1]) else { return nil }
            minutes[minute] = expiry
        }
        return minutes
    }
}
