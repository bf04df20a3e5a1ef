/// What a member of the bank's staff may see and do in the console; each role its own part only.
public enum StaffRole: String, Sendable, Hashable, Codable, CaseIterable {
    /// Support: finds a card and sees its state; unlocks it, suspends it, sends an activation's SMS again.
    case helpdesk
    /// Audit: reads the audit trail and checks its chains.
    case auditor
    /// Operations: client keys, the SMS outbox and its delivery reports, the service's health.
    case `operator`
}
