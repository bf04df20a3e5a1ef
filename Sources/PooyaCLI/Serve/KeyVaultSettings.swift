public import Configuration
import Foundation
import PooyaIssuer

/// Where the service's keys live, read once at start from the configuration `pooya serve` and every `pooya admin`
/// command share (a command's own file aside, the environment): the data folder's key file (`key.vault = file`, the
/// default), or a PKCS#11 token (`key.vault = pkcs11`, with `key.pkcs11.module`, `key.pkcs11.token`, and its user
/// PIN from `POOYA_KEY_PKCS11_PIN` or the file `key.pkcs11.pinFile` — never from the command line).
///
/// Its description, debug description and mirror never show the PIN.
public enum KeyVaultSettings: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The data folder's `master.key`.
    case file
    /// A PKCS#11 token.
    case pkcs11(module: String, token: String, pin: String)

    /// The variable a PKCS#11 token's user PIN may be given in.
    static let pinVariable = "POOYA_KEY_PKCS11_PIN"

    /// Reads the settings.
    ///
    /// - Throws: a configuration error naming the key that is missing or wrong; never the PIN.
    public init(reader: ConfigReader, environment: [String: String]) throws {
        switch reader.string(forKey: "key.vault", default: "file") {
        case "file": self = .file
        case "pkcs11":
            guard let module = reader.string(forKey: "key.pkcs11.module"),
                let token = reader.string(forKey: "key.pkcs11.token")
            else { throw IssuerError.invalidRequest("key.vault = pkcs11 needs key.pkcs11.module and key.pkcs11.token") }
            let pin = try Self.pin(file: reader.string(forKey: "key.pkcs11.pinFile"), environment: environment)
            self = .pkcs11(module: module, token: token, pin: pin)
        case let other: throw IssuerError.invalidRequest("key.vault must be file or pkcs11, not \(other)")
        }
    }

    /// A token's user PIN: `POOYA_KEY_PKCS11_PIN`, else the contents of `file` (its surrounding whitespace dropped).
    ///
    /// - Throws: when neither gives one, or the file cannot be read.
    static func pin(file: String?, environment: [String: String]) throws -> String {
        if let given = environment[pinVariable] { return given }
        guard let file else {
            throw IssuerError.invalidRequest(
                "the token's PIN goes in \(pinVariable) or a file (key.pkcs11.pinFile, --pin-file)"
            )
        }
        guard let contents = try? String(contentsOfFile: file, encoding: .utf8) else {
            throw IssuerError.invalidRequest("the PIN file \(file) cannot be read")
        }
        return contents.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The kind of vault and where, without the PIN.
    public var description: String {
        switch self {
        case .file: "the key file"
        case .pkcs11(let module, let token, _): "the PKCS#11 token \(token) of \(module)"
        }
    }

    /// The same as the description: without the PIN.
    public var debugDescription: String { description }

    /// Redacted: `dump` shows the description, never the PIN.
    public var customMirror: Mirror { Mirror(self, children: ["vault": description]) }
}
