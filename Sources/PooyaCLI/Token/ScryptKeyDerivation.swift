import Crypto
import CryptoExtras
import Foundation
import PooyaAuthenticator

/// The terminal authenticator's password key derivation: scrypt (memory-hard) with N = 2^15, r = 8, p = 1, about
/// 32 MiB and a tenth of a second per unlock. Vaults made with weaker parameters are re-keyed when opened.
struct ScryptKeyDerivation: PasswordKeyDerivation {
    static let rounds = 1 << 15

    func newParameters() -> KDFParameters {
        KDFParameters(
            algorithm: "scrypt",
            salt: SymmetricKey(size: .bits256).withUnsafeBytes { Data($0) },
            cost: Self.rounds,
            blockSize: 8,
            parallelism: 1
        )
    }

    func needsUpgrade(_ parameters: KDFParameters) -> Bool {
        parameters.algorithm != "scrypt" || parameters.cost < Self.rounds
    }

    func key(password: String, parameters: KDFParameters) throws -> SymmetricKey {
        guard parameters.algorithm == "scrypt" else { throw VaultError.unsupportedVersion(0) }
        return try KDF.Scrypt.deriveKey(
            from: Data(password.utf8),
            salt: parameters.salt,
            outputByteCount: 32,
            rounds: parameters.cost,
            blockSize: parameters.blockSize,
            parallelism: parameters.parallelism
        )
    }
}
