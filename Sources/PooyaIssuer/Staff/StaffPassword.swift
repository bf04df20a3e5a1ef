import Crypto
import CryptoExtras
import Dispatch
import Foundation
import OneTimePassword

/// A staff member's password as it is kept: scrypt, memory-hard (N = 2^15, r = 8, p = 1: 32 MiB and about a tenth of
/// a second a try, unless made cheaper for tests), with a random 16-byte salt, written
/// `scrypt$N$r$p$SALT$HASH` (base64). Checked in constant time.
public struct StaffPassword: Sendable {
    /// scrypt's cost N; 2^15 in service.
    public let cost: Int

    /// The hashing with cost `cost`.
    public init(cost: Int = 1 << 15) {
        self.cost = cost
    }

    /// The stored form of `password`, salted with `salt`.
    func hash(_ password: String, salt: [UInt8]) throws -> String {
        let derived = try derive(password, salt: salt, cost: cost, blockSize: 8, parallelism: 1)
        return "scrypt$\(cost)$8$1$\(Data(salt).base64EncodedString())$\(Data(derived).base64EncodedString())"
    }

    /// Whether `password` is the one `stored` was made from, worked out on a thread of its own (a serial queue), not
    /// on one of Swift concurrency's few: a check holds a core for about a tenth of a second, which must not stall the
    /// requests waiting for those threads. Sign-ins are checked one at a time.
    func verify(_ password: String, against stored: String) async -> Bool {
        await withCheckedContinuation { continuation in
            Self.queue.async { continuation.resume(returning: verifyNow(password, against: stored)) }
        }
    }

    private static let queue = DispatchQueue(label: "pooya.staff-password")

    /// Whether `password` is the one `stored` was made from; `false` for a stored form this does not read.
    private func verifyNow(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "scrypt", let cost = Int(parts[1]), let blockSize = Int(parts[2]),
            let parallelism = Int(parts[3]), let salt = Data(base64Encoded: String(parts[4])),
            let expected = Data(base64Encoded: String(parts[5])),
            let derived = try? derive(
                password,
                salt: Array(salt),
                cost: cost,
                blockSize: blockSize,
                parallelism: parallelism
            )
        else { return false }
        return ConstantTime.equals(derived, Array(expected))
    }

    private func derive(_ password: String, salt: [UInt8], cost: Int, blockSize: Int, parallelism: Int) throws
        -> [UInt8]
    {
        try KDF.Scrypt.deriveKey(
            from: Data(password.utf8),
            salt: salt,
            outputByteCount: 32,
            rounds: cost,
            blockSize: blockSize,
            parallelism: parallelism
        ).withUnsafeBytes { Array($0) }
    }
}
