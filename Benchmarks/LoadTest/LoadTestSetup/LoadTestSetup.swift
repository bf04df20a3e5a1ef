import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import Logging
import PooyaPostgres
import PooyaSQLite

/// Prepares a load test of `pooya serve` (see scripts/load-test):
///
///     load-test-setup prepare DATA_DIR CARDS [STORE_URL]
///                                              builds the data folder: key file, CARDS cards with second-PIN tokens,
///                                              a verify key (printed); keeps the seeds in DATA_DIR/load-seeds.bin;
///                                              the cards go to the PostgreSQL database at STORE_URL when given
///     load-test-setup requests DATA_DIR FILE valid|wrong FIRST COUNT
///                                              writes one verification body for each of COUNT cards from the
///                                              FIRST-th, each with its own transaction id, one JSON object per
///                                              line: with the card's code for now (valid), or with a code of the
///                                              right length that is not it (wrong, the failure path)
///
/// The seeds are the load test's own: the service never sends a seed, so a load generator can only know valid codes
/// by building the population itself.
@main
enum LoadTestSetup {
    static func main() async throws {
        let arguments = Array(CommandLine.arguments.dropFirst())
        let usage = Failure(
            "usage: load-test-setup prepare DATA_DIR CARDS [STORE_URL] | requests DATA_DIR FILE valid|wrong FIRST COUNT"
        )
        switch (arguments.first, arguments.count) {
        case ("prepare", 3), ("prepare", 4):
            guard let count = Int(arguments[2]) else { throw Failure("CARDS must be a number") }
            try await prepare(folder: arguments[1], count: count, storeURL: arguments.count == 4 ? arguments[3] : nil)
        case ("requests", 6):
            let kind = arguments[3]
            guard kind == "valid" || kind == "wrong", let first = Int(arguments[4]), let count = Int(arguments[5])
            else { throw usage }
            try writeRequests(
                folder: arguments[1],
                to: arguments[2],
                wrong: kind == "wrong",
                cards: first..<(first + count)
            )
        default:
            throw usage
        }
    }

    static func prepare(folder: String, count: Int, storeURL: String?) async throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let (vault, _) = try KeyFile.loadOrCreate(at: "\(folder)/master.key", now: SystemClock().now())
        let store = try await open(folder: folder, storeURL: storeURL)
        var seeds = Data()
        var states: [CardState] = []
        var random = SystemRandomNumberGenerator()
        for index in 0..<count {
            let pan = try PAN(parsing: cardNumber(index))
            let seed = (0..<20).map { _ in UInt8.random(in: 0...255, using: &random) }
            seeds += seed
            let card = Card(
                id: "crd_load_\(index)",
                fingerprint: try vault.fingerprint(of: pan),
                maskedPAN: pan.masked,
                bankName: pan.bank.name,
                bankPersianName: pan.bank.persianName,
                mobile: try MobileNumber(parsing: "0912\(String(format: "%07d", index % 10_000_000))"),
                options: CardOptions(),
                staticSecondPINDisabled: true,
                registeredAt: 0,
                updatedAt: 0
            )
            let token = Token(
                id: "tok_load_\(index)",
                cardID: card.id,
                kind: .second,
                sealedSeed: try vault.seal(seed, context: "token:tok_load_\(index)"),
                algorithm: .sha1,
                digits: 7,
                period: 60,
                createdAt: 0,
                lastAcceptedStep: nil,
                usedCappedMinutes: [:],
                revokedAt: nil
            )
            states.append(CardState(card: card, tokens: [token], tickets: [], recordedDecision: nil))
        }
        for batch in stride(from: 0, to: states.count, by: 10_000) {
            try await store.insert(Array(states[batch..<min(batch + 10_000, states.count)]))
        }
        try seeds.write(to: URL(fileURLWithPath: "\(folder)/load-seeds.bin"))
        let keys = ClientKeys(store: store, vault: vault)
        print(try await keys.create(name: "load-test", scopes: [.verify]).secret)
    }

    /// The data folder's SQLite database, or the PostgreSQL database at `storeURL`.
    static func open(folder: String, storeURL: String?) async throws -> any BulkStore {
        guard let storeURL else { return try SQLiteStore(path: "\(folder)/pooya.sqlite") }
        return try await PostgresStore(
            settings: try PostgresSettings(url: storeURL),
            logger: Logger(label: "load-test-setup")
        )
    }

    static func writeRequests(folder: String, to file: String, wrong: Bool, cards: Range<Int>) throws {
        let seeds = try Data(contentsOf: URL(fileURLWithPath: "\(folder)/load-seeds.bin"))
        guard cards.upperBound <= seeds.count / 20 else {
            throw Failure("the data folder has \(seeds.count / 20) cards, not \(cards.upperBound)")
        }
        let now = Int64(Date().timeIntervalSince1970)
        let run = UUID().uuidString.prefix(8)
        var lines: [String] = []
        for index in cards {
            let seed = Array(seeds[(index * 20)..<(index * 20 + 20)])
            let valid = try TOTP(secret: seed, digits: 7, period: 60).code(at: now)
            let code = wrong ? String(format: "%07d", ((Int(valid) ?? 0) + 1) % 10_000_000) : valid
            lines.append(
                #"{"pan":"\#(cardNumber(index))","code":"\#(code)","kind":"second","amount":1000000,"#
                    + #""merchantId":"load","transactionId":"\#(run)-\#(index)"}"#
            )
        }
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
    }

    /// The index-th 16-digit Mellat card number, with its check digit.
    static func cardNumber(_ index: Int) -> String {
        // Nine digits of index after a six-digit BIN always make a valid body.
        (try? PAN(completing: "610433" + String(format: "%09d", index)))?.digits ?? ""
    }

    /// A store that takes many new cards in one transaction, and client keys.
    protocol BulkStore: ClientKeyStore, IssuerStore {
        func insert(_ states: [CardState]) async throws
    }

    struct Failure: Error, CustomStringConvertible {
        let description: String
        init(_ description: String) { self.description = description }
    }
}

extension SQLiteStore: LoadTestSetup.BulkStore {}
extension PostgresStore: LoadTestSetup.BulkStore {}
