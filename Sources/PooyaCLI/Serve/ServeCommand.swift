import ArgumentParser
import Foundation
import PooyaIssuer
import Hummingbird
import Logging
import PooyaServer
import PooyaSQLite

/// `pooya serve`: the issuer's HTTP service over a data folder, created with its database and master key on first
/// run, until SIGTERM or SIGINT.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the issuer's HTTP API (openapi.yaml) over a data folder.",
        discussion: "With no options it creates a per-user data folder, its SQLite database and a master key."
    )

    @OptionGroup var data: DataOptions

    @Option(help: "The address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "The port to listen on; 0 picks a free one.", transform: NumberArgument.parse)
    var port: Int = 8080

    func run() async throws {
        let folder = try data.folder()
        let metrics = ServiceMetrics()
        let (issuer, keys, store, createdKey) = try folder.issuer { CountingSMSSender($0, metrics: metrics) }
        var logger = Logger(label: "pooya")
        logger.logLevel = .info
        if createdKey {
            logger.warning("created a master key at \(folder.keyPath); in production keep it in a vault or HSM")
        }
        let api = IssuerAPI(
            issuer: issuer, clock: SystemClock(), metrics: metrics, isReady: { (try? await store.pragmas()) != nil })
        let host = self.host
        let app = try buildApplication(
            api: api, keys: keys, settings: ServerSettings(host: host, port: port), logger: logger
        ) { port in
            // Written straight to the file handle, unbuffered, so a script reading the output sees it at once.
            FileHandle.standardOutput.write(Data("""
                Pooya is listening on http://\(host):\(port) (data: \(folder.path))
                SMS go to \(folder.outboxPath) until a gateway is configured: pooya admin sms tail --data \(folder.path)
                Make a first admin key: pooya admin keys create --name admin --scope admin --data \(folder.path)

                """.utf8))
        }
        try await app.runService()
    }
}
