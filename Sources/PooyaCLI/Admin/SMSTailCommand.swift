import ArgumentParser
import PooyaSMS

/// `pooya admin sms tail`: prints the messages the development gateway wrote to its file, newest last.
struct SMSTailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Print the SMS the development gateway wrote to its file, newest last."
    )

    @OptionGroup var data: DataOptions

    @Option(
        name: [.customShort("n"), .long],
        help: "How many of the newest messages.",
        transform: NumberArgument.parse
    )
    var count: Int = 10

    func run() async throws {
        let lines = try FileOutboxSender.lines(at: data.folder().outboxPath)
        for line in lines.suffix(count) {
            print("\(line.createdAt) → \(line.to)\n\(line.text)\n")
        }
    }
}
