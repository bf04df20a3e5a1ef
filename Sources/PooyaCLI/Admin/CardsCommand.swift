import ArgumentParser
import Foundation
import PooyaIssuer
import PooyaProtocol

/// `pooya admin cards`.
struct CardsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cards",
        abstract: "Import, show and unlock cards.",
        subcommands: [ImportCardsCommand.self, ShowCardCommand.self, UnlockCardCommand.self]
    )

    /// The id of the card a command names by its id (`crd_…`) or its number.
    ///
    /// - Throws: ``IssuerError/unknownCard`` for a number that is not registered.
    static func cardID(_ card: String, issuer: Issuer) async throws -> String {
        if card.hasPrefix("crd_") { return card }
        guard let id = try await issuer.cardID(for: PAN(parsing: card)) else { throw IssuerError.unknownCard }
        return id
    }
}

/// `pooya admin cards import FILE.csv`: registers `pan,mobile` lines; reports each rejected line with its number and
/// reason (never the number itself) and imports the rest.
struct ImportCardsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Register the cards of a CSV file of pan,mobile lines (a header line is allowed).",
        discussion: "Rejected lines are listed on standard error; the command exits 1 if any line was rejected."
    )

    @OptionGroup var data: DataOptions

    @Argument(help: "The CSV file.")
    var file: String

    func run() async throws {
        let (issuer, _, _, _, _) = try await data.folder().issuer()
        let lines = try Self.lines(of: file)
        let rejected = try await Staff.acting { try await Self.register(lines, with: issuer) }
        for (number, reason) in rejected { printError("line \(number): \(reason)") }
        print("imported \(lines.count - rejected.count) cards; rejected \(rejected.count) lines")
        if !rejected.isEmpty { throw ExitCode.failure }
    }

    /// Registers `lines`, sixteen at once, so the store's group commit shares each fsync among them; the rejected
    /// lines' numbers and reasons, in order.
    private static func register(_ lines: [(number: Int, text: Substring)], with issuer: Issuer) async throws
        -> [(Int, String)]
    {
        try await withThrowingTaskGroup(of: [(Int, String)].self) { group in
            for lane in 0..<16 {
                let mine = stride(from: lane, to: lines.count, by: 16).map { lines[$0] }
                group.addTask {
                    var rejected: [(Int, String)] = []
                    for (number, text) in mine {
                        if let reason = await Self.register(text, with: issuer) { rejected.append((number, reason)) }
                    }
                    return rejected
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }.sorted { $0.0 < $1.0 }
        }
    }

    /// The file's non-blank lines with their numbers (from 1), without a `pan,mobile` header.
    static func lines(of file: String) throws -> [(number: Int, text: Substring)] {
        let text = try String(contentsOfFile: file, encoding: .utf8)
        return text.split(separator: "\n", omittingEmptySubsequences: false).enumerated()
            .map { (number: $0.offset + 1, text: $0.element) }
            .filter { !$0.text.trimmingCharacters(in: .whitespaces).isEmpty }
            .filter { $0.number > 1 || !$0.text.lowercased().hasPrefix("pan") }
    }

    /// Registers one line; returns why it was rejected, or `nil`.
    static func register(_ line: Substring, with issuer: Issuer) async -> String? {
        let fields = line.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        guard fields.count == 2 else { return "expected two fields, pan and mobile" }
        do {
            _ = try await issuer.registerCard(pan: PAN(parsing: fields[0]), mobile: MobileNumber(parsing: fields[1]))
            return nil
        } catch let error as IssuerError {
            return error.description
        } catch {
            return "not stored: \(type(of: error))"
        }
    }
}

/// `pooya admin cards show CARD`: a card's dynamic-PIN state, with dates in Jalali and Gregorian. CARD is its id or
/// its number.
struct ShowCardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show a card's tokens, lock, static PIN state and open activations."
    )

    @OptionGroup var data: DataOptions

    @Argument(help: "The card's id (crd_…) or its number (any digit set; spaces and dashes are fine).")
    var card: String

    func run() async throws {
        let (issuer, _, _, _, _) = try await data.folder().issuer()
        guard let status = try await issuer.cardStatus(cardID: try await CardsCommand.cardID(card, issuer: issuer))
        else { throw IssuerError.unknownCard }
        let card = status.card
        print(
            """
            card: \(card.maskedPAN) (\(card.bankName), \(card.bankPersianName))
            mobile: \(card.mobile.masked)
            registered: \(Dates.describe(card.registeredAt))
            blocked: \(card.options.blocked ? "yes" : "no")
            suspended by the cardholder: \(card.suspendedAt.map { "yes, \(Dates.describe($0))" } ?? "no")
            activated without an app: \(card.smsActivatedAt.map { "yes, \(Dates.describe($0))" } ?? "no")
            first PIN: \(Self.describe(card.locks.first))
            second PIN: \(Self.describe(card.locks.second))
            static second PIN: \(card.staticSecondPINDisabled ? "refused (dynamic second PIN active)" : "allowed")
            """
        )
        for token in status.tokens {
            print("token \(token.tokenID): \(token.kind) PIN, since \(Dates.describe(token.createdAt))")
        }
        for activation in status.openActivations {
            print(
                "open activation \(activation.serial): \(activation.kind) PIN at \(activation.channel), "
                    + "expires \(Dates.describe(activation.expiresAt))"
            )
        }
    }

    private static func describe(_ lock: PINLock) -> String {
        lock.lockedAt.map { "LOCKED since \(Dates.describe($0))" } ?? "\(lock.failures) wrong codes in a row"
    }
}

/// `pooya admin cards unlock CARD`: bank staff's audited unlock of a card's dynamic PINs after too many wrong codes.
struct UnlockCardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unlock",
        abstract: "Lift the lock that wrong codes put on a card's dynamic PINs (audited)."
    )

    @OptionGroup var data: DataOptions

    @Argument(help: "The card's id (crd_…) or its number (any digit set; spaces and dashes are fine).")
    var card: String

    func run() async throws {
        let (issuer, _, _, _, _) = try await data.folder().issuer()
        let cardID = try await CardsCommand.cardID(card, issuer: issuer)
        let kinds = try await Staff.acting { try await issuer.unlockCard(cardID: cardID) }
        print(
            kinds.isEmpty
                ? "nothing was locked" : "unlocked: " + kinds.map { "\($0.rawValue) PIN" }.joined(separator: ", ")
        )
    }
}
