import Crypto
import Foundation
import PooyaAuthenticator
import PooyaTesting
import Testing

/// A password means what the cardholder typed, whichever keyboard typed it.
struct VaultPasswordTests {
    let folder: TemporaryFolder
    init() throws { folder = try TemporaryFolder() }

    @Test(arguments: [
        "کیف پول 1234",  // Latin digits, Persian yeh and keheh
        "کیف پول ۱۲۳۴",  // Persian digits
        "کیف پول ١٢٣٤",  // Arabic-Indic digits
        "كيف پول 1234",  // Arabic kaf and yeh, as an Arabic keyboard gives them
        "كىف پول ۱۲۳۴",  // Arabic kaf and alef maksura, Persian digits
    ])
    func aPasswordOpensTheVaultFromAnyKeyboard(typed: String) throws {
        _ = try Vault.create(at: folder.vaultPath, password: "کیف پول 1234", derivation: TestKeyDerivation())
        _ = try Vault.open(at: folder.vaultPath, password: typed, derivation: TestKeyDerivation())
    }

    @Test func composedAndDecomposedLettersAreOnePassword() throws {
        _ = try Vault.create(at: folder.vaultPath, password: "caf\u{E9}-pass-1", derivation: TestKeyDerivation())
        _ = try Vault.open(at: folder.vaultPath, password: "cafe\u{301}-pass-1", derivation: TestKeyDerivation())
        #expect(throws: VaultError.wrongPassword) {
            try Vault.open(at: folder.vaultPath, password: "cafe-pass-1", derivation: TestKeyDerivation())
        }
    }

    @Test func aVaultMadeBeforeNormalisingOpensWithItsOldPasswordAndFromThenOnWithAnyForm() throws {
        // A vault from an earlier version: its key was derived from the password exactly as typed, Persian digits.
        let typedThen = "گذرواژه۱۲۳۴"
        _ = try Vault.create(
            at: folder.vaultPath,
            password: "گذرواژه1234",
            derivation: AsTypedBefore(typed: typedThen)
        )
        _ = try Vault.open(at: folder.vaultPath, password: typedThen, derivation: TestKeyDerivation())
        _ = try Vault.open(at: folder.vaultPath, password: "گذرواژه1234", derivation: TestKeyDerivation())
    }

    /// Derives every key from the password as it was typed before passwords were normalised.
    private struct AsTypedBefore: PasswordKeyDerivation {
        let typed: String
        func newParameters() -> KDFParameters { TestKeyDerivation().newParameters() }
        func needsUpgrade(_ parameters: KDFParameters) -> Bool { false }
        func key(password: String, parameters: KDFParameters) throws -> SymmetricKey {
            try TestKeyDerivation().key(password: typed, parameters: parameters)
        }
    }
}
