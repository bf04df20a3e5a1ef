import ArgumentParser
import PooyaIssuer
import PooyaSQLite

/// `pooya admin sms list`: the newest messages of the outbox with their state, never their text.
struct SMSListCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "Print the newest messages of the SMS outbox: purpose, masked recipient, status, tries and delivery."
    )

    @OptionGroup var data: DataOptions

    @Option(name: .short, help: "How many of the newest messages.", transform: NumberArgument.parse)
    var count: Int = 20

    func run() async throws {
        let store = try await data.folder().openStore()
        for message in try await store.recentOutboxMessages(limit: count) {
            var line = "\(message.id)\t\(message.purpose.rawValue)\t\(message.to.masked)\t\(message.status.rawValue)"
            line += "\ttries \(message.attempts)\t\(Dates.describe(message.createdAt))"
            if let delivery = message.delivery { line += "\t\(delivery.rawValue)" }
            if let error = message.lastError, message.status == .queued { line += "\t\(error)" }
            print(line)
        }
    }
}
