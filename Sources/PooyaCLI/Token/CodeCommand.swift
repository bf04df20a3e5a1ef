import ArgumentParser
import Foundation
import PooyaAuthenticator
import PooyaProtocol
#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `pooya token code CARD`: the current code; in a terminal, with a countdown bar, refreshed until Ctrl-C.
struct CodeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "code",
        abstract:
            "Show a card's code. In a terminal it counts down and refreshes until Ctrl-C; otherwise it prints once."
    )

    @OptionGroup var options: TokenOptions

    @Argument(help: "The card: its last four digits or its masked number.")
    var card: String

    @Option(help: "first or second, when the card has both.")
    var kind: String?

    @Option(help: "An amount-capped code: the largest amount in rials (rounded down to two significant digits).")
    var amountCap: Int64?

    @Option(help: "With --amount-cap: how long the code stays valid, in seconds (rounded down to a choice).")
    var validity: Int = 300

    @Option(help: "The token's 8-digit generation PIN, when it has one.")
    var pin: String?

    @Flag(help: "Print once, as JSON.")
    var json = false

    func run() async throws {
        try await options.reporting { try await show() }
    }

    private func show() async throws {
        var vault = try options.open()
        var token = try options.token(card, kind: kind, in: vault)
        let now = Int64(Date().timeIntervalSince1970)
        if case .issuer(_, let server) = token.source, let url = URL(string: server) {
            // Online, the issuer's clock is measured again and kept; offline, the offset measured last is used.
            let connection = HTTPIssuerConnection(baseURL: url, language: options.lang.rawValue, timeout: 3)
            let measuredBefore = token.clockOffset
            if (try? await Authenticator.measureClock(of: &token, connection: connection, localTime: now)) != nil,
                token.clockOffset != measuredBefore
            {
                try vault.update(token)
            }
        }
        options.warnIfClockIsOff(token)
        if let amountCap {
            let capped = try token.cappedCode(rials: amountCap, minutes: validity / 60, at: now, generationPIN: pin)
            if json {
                print(
                    #"{"code":"\#(capped.code)","capRials":\#(capped.cap.rials),"validityMinutes":\#(capped.validity.minutes)}"#
                )
            } else {
                print(
                    options.say(
                        "\(capped.code)  (تا \(capped.cap.rials) ریال، \(capped.validity.minutes) دقیقه)",
                        "\(capped.code)  (up to \(capped.cap.rials) rials, \(capped.validity.minutes) minutes)"
                    )
                )
            }
            return
        }
        guard !json, isatty(STDOUT_FILENO) == 1 else {
            let (code, left) = try token.code(at: now, generationPIN: pin)
            print(json ? #"{"code":"\#(code)","secondsLeft":\#(left),"card":"\#(token.label)"}"# : code)
            return
        }
        try await countdown(token)
    }

    /// Redraws one line every second: the code and a bar of the seconds left.
    private func countdown(_ token: StoredToken) async throws {
        let period = try token.generator().parameters.period
        while !Task.isCancelled {
            let (code, left) = try token.code(at: Int64(Date().timeIntervalSince1970), generationPIN: pin)
            let filled = Int((Double(left) / Double(period) * 30).rounded(.up))
            let bar = String(repeating: "█", count: filled) + String(repeating: "░", count: 30 - filled)
            let line = options.say("\(code)  \(bar)  \(left) ثانیه", "\(code)  \(bar)  \(left) s")
            FileHandle.standardOutput.write(Data("\r\u{1B}[2K\(token.label)  \(line)".utf8))
            try await Task.sleep(for: .seconds(1))
        }
    }
}
