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

/// `pooya admin keys zpk import --id ID (--cipher tdes|aes [--components N] | --key-block BLOCK --kbpk ID)`: a key
/// ceremony's import, from the key officers' components (``KeyComponents``) or from a TR-31 key block wrapped under
/// a key block protection key imported before. The key is sealed under the master key (or made in the HSM's token);
/// never stored clear. Its check value is shown for the officers to compare.
struct ImportZoneKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a zone PIN key from components or a TR-31 key block; nodes use it once reloaded (SIGHUP)."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "The id switches will name in zoneKeyId: 1 to 32 letters, digits, '.', '_' or '-'.")
    var id: String

    @OptionGroup var components: KeyComponents

    @Option(help: "A TR-31 key block (version B or D, usage P0) carrying the key, instead of components.")
    var keyBlock: String?

    @Option(help: "With --key-block: the id of the key block protection key it is wrapped under.")
    var kbpk: String?

    func validate() throws {
        guard (keyBlock == nil) == (kbpk == nil) else { throw ValidationError("--key-block and --kbpk go together") }
        guard keyBlock != nil || components.cipher != nil else {
            throw ValidationError("give --cipher, or --key-block")
        }
    }

    func run() throws {
        let folder = try data.folder()
        let info: ZoneKeyInfo
        switch (folder.keyVault, keyBlock, kbpk) {
        case (.file, let block?, let kbpk?):
            info = try KeyFile.importZoneKey(
                at: try folder.existingKeyPath(),
                id: id,
                keyBlock: block,
                kbpk: kbpk,
                now: SystemClock().now()
            )
        case (.file, _, _):
            let (cipher, key) = try components.read()
            info = try KeyFile.importZoneKey(
                at: try folder.existingKeyPath(),
                id: id,
                cipher: cipher,
                key: key,
                now: SystemClock().now()
            )
        case (.pkcs11, .some, _):
            throw CommandFailure("with the keys in an HSM, unwrap key blocks with the HSM's own tools")
        case (.pkcs11(let module, let token, let pin), nil, _):
            let (cipher, key) = try components.read()
            let vault = try PKCS11KeyVault(module: module, token: token, pin: pin)
            info = ZoneKeyInfo(
                id: id,
                cipher: cipher,
                checkValue: try vault.importZoneKey(id: id, cipher: cipher, key: key)
            )
        }
        print("zone key \(info.id) (\(info.cipher.rawValue)) imported: KCV \(info.checkValue)")
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
        let (vault, _) = try data.folder().openKeys()
        for key in vault.zoneKeys { print("\(key.id)\t\(key.cipher.rawValue)\tKCV \(key.checkValue)") }
    }
}

/// `pooya admin keys kbpk import --id ID --cipher tdes|aes [--components N]`: a key block protection key (the zone
/// master key a switch wraps zone PIN keys under, in TR-31 key blocks), from its components. It only unwraps key
/// blocks: it never deciphers a PIN block.
struct ImportKeyBlockProtectionKeyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import a key block protection key from its components, for zone PIN keys sent as TR-31 key blocks."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "Its id, named by --kbpk: 1 to 32 letters, digits, '.', '_' or '-'.")
    var id: String

    @OptionGroup var components: KeyComponents

    func validate() throws {
        guard components.cipher != nil else { throw ValidationError("give --cipher tdes or aes") }
    }

    func run() throws {
        let folder = try data.folder()
        guard case .file = folder.keyVault else {
            throw CommandFailure("with the keys in an HSM, load key block protection keys with the HSM's own tools")
        }
        let (cipher, key) = try components.read()
        let info = try KeyFile.importKeyBlockProtectionKey(
            at: try folder.existingKeyPath(),
            id: id,
            cipher: cipher,
            key: key,
            now: SystemClock().now()
        )
        print("key block protection key \(info.id) (\(info.cipher.rawValue)) imported: KCV \(info.checkValue)")
    }
}

/// `pooya admin keys kbpk`.
struct KeyBlockProtectionKeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kbpk",
        abstract: "Import key block protection keys, which TR-31 key blocks of zone PIN keys come wrapped under.",
        subcommands: [ImportKeyBlockProtectionKeyCommand.self]
    )
}

/// A key typed by its key officers as components: each in hex, asked for without echo on a terminal (else one a line
/// of standard input; never on the command line), its check value printed for its officer to compare with the
/// component's form. The key is their XOR.
struct KeyComponents: ParsableArguments {
    @Option(
        help: "tdes (formats iso0 and iso3) or aes (format iso4).",
        transform: { text in
            guard let cipher = ZoneKeyCipher(rawValue: text) else {
                throw ValidationError("'\(text)' is not a cipher: use tdes or aes")
            }
            return cipher
        }
    )
    var cipher: ZoneKeyCipher?

    @Option(name: .customLong("components"), help: "How many components the key officers hold, 1 to 9.")
    var count: Int = 2

    func validate() throws {
        guard (1...9).contains(count) else { throw ValidationError("--components is 1 to 9") }
    }

    /// The cipher and the key, the components read and XORed.
    func read() throws -> (ZoneKeyCipher, [UInt8]) {
        guard let cipher else { throw CommandFailure("give --cipher tdes or aes") }
        var key: [UInt8]?
        for number in 1...count {
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
        return (cipher, key ?? [])
    }

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

extension DataFolder {
    /// The key file's path, when there is one.
    ///
    /// - Throws: saying to start the service once when there is none.
    func existingKeyPath() throws -> String {
        guard FileManager.default.fileExists(atPath: keyPath) else {
            throw CommandFailure("there is no key file at \(keyPath): start pooya serve once to make it")
        }
        return keyPath
    }
}
