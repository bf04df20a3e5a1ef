import Foundation
import PooyaIssuer
import PooyaTesting
import Synchronization
import Testing

/// `pooya admin backup` while `pooya serve` takes changes, and a restore into a new folder that goes on approving
/// the cardholder's codes.
@Suite(.timeLimit(.minutes(3)))
struct BackupTests {
    @Test func aBackupTakenUnderLoadRestoresIntoANewFolderWhereTheTokensCodesStillVerify() async throws {
        let bank = try await ServedBank()
        _ = try await bank.post("/v1/cards", #"{"pan":"6104337800000018","mobile":"09121234567"}"#)
        let (receipt, part) = try await bank.activate()
        let added = try await bank.token(["add", "--server", bank.base, "--receipt", receipt, "--sms", part])
        #expect(added.status == 0, "\(added.standardError)")

        // Cards keep arriving while the backup is taken, and go on arriving after it, up to a bound.
        let backup = bank.folder.appendingPathComponent("backup.sqlite").path
        let backupDone = Flag()
        let (taken, registered) = try await withThrowingTaskGroup(of: (ProgramResult?, Int).self) { group in
            for lane in 0..<4 {
                group.addTask {
                    var registered = 0
                    for number in 0..<400 where number < 20 || !backupDone.isSet {
                        let pan = try PAN(completing: "6104338\(lane)\(String(format: "%07d", number))")
                        let answer = try await bank.post(
                            "/v1/cards",
                            #"{"pan":"\#(pan.digits)","mobile":"0912\#(String(format: "%07d", number))"}"#
                        )
                        if answer["cardId"] != nil { registered += 1 }
                    }
                    return (nil, registered)
                }
            }
            group.addTask {
                try await Task.sleep(for: .milliseconds(100))
                let result = try await run(bank.pooya, ["admin", "backup", "--data", bank.data, "--out", backup])
                try await Task.sleep(for: .milliseconds(100))
                backupDone.set()
                return (result, 0)
            }
            return try await group.reduce(into: (ProgramResult?.none, 0)) { total, lane in
                total = (total.0 ?? lane.0, total.1 + lane.1)
            }
        }
        let result = try #require(taken)
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("its audit trail is intact"), "\(result.standardOutput)")
        #expect(result.standardOutput.contains("The master key is not in the backup"))
        // The copy is the database as of one moment of the load: some cards in, not all of them.
        let inBackup = try #require(
            result.standardOutput.firstMatch(of: /backed up ([0-9]+) cards/).flatMap { Int($0.1) }
        )
        #expect(inBackup > 1 && inBackup < registered + 1, "\(inBackup) of \(registered + 1) cards")
        let attributes = try FileManager.default.attributesOfItem(atPath: backup)
        #expect((attributes[.posixPermissions] as? Int) == 0o600)
        #expect(!FileManager.default.fileExists(atPath: backup + "-wal"), "the backup is one file")
        let again = try await run(bank.pooya, ["admin", "backup", "--data", bank.data, "--out", backup])
        #expect(again.status == 1 && again.standardError.contains("exists already"), "\(again.standardError)")
        await bank.server.stop()

        // The restore: the copy as pooya.sqlite and the master key from its custody, in a new folder.
        let restored = bank.folder.appendingPathComponent("restored").path
        try FileManager.default.createDirectory(atPath: restored, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: backup, toPath: restored + "/pooya.sqlite")
        try FileManager.default.copyItem(atPath: bank.data + "/master.key", toPath: restored + "/master.key")
        let (server, base) = try await startServe(bank.pooya, data: restored)
        let there = ServedBank(restoredFrom: bank, base: base)
        let code = try await there.code()
        #expect(try await there.pay(code, transaction: "after-restore")["decision"] as? String == "approved")
        #expect(try await there.pay(code, transaction: "again")["reason"] as? String == "replayed")
        let audit = try await run(bank.pooya, ["admin", "audit", "verify", "--data", restored])
        #expect(audit.status == 0 && audit.standardOutput.hasPrefix("intact: "), "\(audit.standardOutput)")
        await server.stop()
        await bank.stop()
    }
}

/// A flag one task sets and others read.
private final class Flag: Sendable {
    private let state = Mutex(false)
    var isSet: Bool { state.withLock { $0 } }
    func set() { state.withLock { $0 = true } }
}
