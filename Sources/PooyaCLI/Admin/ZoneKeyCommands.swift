import ArgumentParser
import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaPKCS11

/// `pooya admin keys zpk`: the zone PIN keys switches encipher PIN blocks under.
struct ZoneKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "zpk",
        abstract: "Import and list zone PIN keys (ISO 9564 PIN blocks); each is shown by its key check value.",
        subcommands: [ImportZoneKeyCommand.self, ListZoneKeysCommand.self]
    )
}

/// `pooya admin keys zpk import --id ID --cipher tdes|aes [--components N]`: a key ceremony's import. The key
/// officers type their components (hex) one after the other — without echo on a terminal, else one a line on
/// standard input, never on the command line — and each component's check value and the key's are shown for them
/// to compare with their forms. The key is XOR of the components, sealed under the master key; never stored clear.
struct ImportZoneKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a zone PIN key from its components; show each check value; nodes use it once restarted."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "The id switches will name in zoneKeyId: 1 to 32 letters, digits, '.', '_' or '-'.")
    var id: String

    @Option(
        help: "tdes (formats iso0 and iso3) or aes (format iso4).",
        transform: { text in
            guard let cipher = ZoneKeyCipher(rawValue: text) else {
                throw ValidationError("'\(text)' is not a cipher: use tdes or aes")
            }
            return cipher
        }
    )
    var cipher: ZoneKeyCipher

    @Option(help: "How many components the key officers hold, 1 to 9.")
    var components: Int = 2

    func validate() throws {
        guard (1...9).contains(components) else { throw ValidationError("--components is 1 to 9") }
    }

    func run() throws {
        let folder = try data.folder()
        var key: [UInt8]?
        for number in 1...components {
            let component = try readComponent(number)
            guard cipher.keyLengths.contains(component.count), key == nil || key?.count == component.count else {
                throw CommandFailure(
                    "component \(number) is \(component.count) bytes: a \(cipher.rawValue) key's components are all "
                        + "\(cipher.keyLengths.sorted().map(String.init).joined(separator: " or ")) bytes"
                )
            }
            print("component \(number): KCV \(ZoneKey.checkValue(cipher, key: component) ?? "?")")
            key = key.map { zip($0, component).map { $0 ^ $1 } } ?? component
        }
        let checkValue: String
        switch folder.keyVault {
        case .file:
            guard FileManager.default.fileExists(atPath: folder.keyPath) else {
                throw CommandFailure("there is no key file at \(folder.keyPath): start pooya serve once to make it")
            }
            checkValue =
                try KeyFile.importZoneKey(
                    at: folder.keyPath,
                    id: id,
                    cipher: cipher,
                    key: key ?? [],
                    now: SystemClock().now()
                )
                .checkValue
        case .pkcs11(let module, let token, let pin):
            let vault = try PKCS11KeyVault(module: module, token: token, pin: pin)
            checkValue = try vault.importZoneKey(id: id, cipher: cipher, key: key ?? [])
        }
        print("zone key \(id) (\(cipher.rawValue)) imported: KCV \(checkValue)")
    }

    /// A component in hex (spaces allowed): asked for without echo on a terminal, else one line of standard input.
    private func readComponent(_ number: Int) throws -> [UInt8] {
        let typed: String?
        if isatty(STDIN_FILENO) != 0 {
            typed = getpass("component \(number) (hex): ").map { String(cString: $0) }
        } else {
            typed = readLine()
        }
        guard let typed, let bytes = try? Hex.decode(typed.filter { !$0.isWhitespace }), !bytes.isEmpty else {
            throw CommandFailure("component \(number) is not hex")
        }
        return bytes
    }
}

/// `pooya admin keys zpk list`: id, cipher and check value of each zone PIN key; never a key.
struct ListZoneKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the zone PIN keys: id, cipher, key check value."
    )

    @OptionGroup var data: DataOptions

    func run() throws {
        let (_, vault, _) = try data.folder().open()
        for key in vault.zoneKeys { print("\(key.id)\t\(key.cipher.rawValue)\tKCV \(key.checkValue)") }
    }
}
