import Foundation
import PooyaIssuer

/// The member of staff running `pooya admin`, as the audit trail names them: the login name behind `sudo`
/// (`SUDO_USER`) first, else this process's user.
enum Staff {
    /// The staff member of this process.
    static var member: AuditActor {
        let environment = ProcessInfo.processInfo.environment
        let name = environment["SUDO_USER"].flatMap { $0.isEmpty ? nil : $0 } ?? loginName()
        return AuditActor.staffMember(name)
    }

    /// Runs `work` with every change it makes audited as this staff member's.
    static func acting<Result: Sendable>(_ work: () async throws -> Result) async throws -> Result {
        try await AuditActor.$current.withValue(member) { try await work() }
    }

    private static func loginName() -> String {
        guard let entry = getpwuid(geteuid()), let name = entry.pointee.pw_name else {
            return ProcessInfo.processInfo.environment["USER"] ?? "uid\(geteuid())"
        }
        return String(cString: name)
    }
}
