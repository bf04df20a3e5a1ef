import ArgumentParser
import Foundation
import PooyaIssuer
import Hummingbird
import Logging
import NIOCore
import PooyaServer
import PooyaSMS
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

    @Option(help: "The address to listen on (default: http.host, 127.0.0.1).")
    var host: String?

    @Option(
        help: "The port to listen on; 0 picks a free one (default: http.port, 8080).",
        transform: NumberArgument.parse
    )
    var port: Int?

    @Option(
        help: "The port of /metrics, /healthz and /readyz; 0 picks a free one (default: management.port, 9464).",
        transform: NumberArgument.parse
    )
    var managementPort: Int?

    @Option(help: "A JSON configuration file; the keys are listed in README's Configuration section.")
    var config: String?

    func run() async throws {
        var configuration = try ServiceConfiguration(reader: await ServiceConfiguration.reader(file: config))
        if let host { configuration.server.host = host }
        if let port { configuration.server.port = port }
        if let managementPort { configuration.server.management.port = managementPort }
        let folder = try data.folder(keyVault: configuration.keyVault, store: configuration.store)
        let metrics = ServiceMetrics()
        var logger =
            configuration.logsJSON
            ? Logger(label: "pooya") { JSONLogHandler(label: $0) }
            : Logger(label: "pooya") { TextLogHandler(label: $0) }
        logger.logLevel = configuration.logLevel
        let (issuer, keys, store, vault, createdKey) = try await folder.issuer(
            policy: configuration.policy,
            webOTPHost: configuration.webOTPHost,
            templates: configuration.templates,
            logger: logger
        )
        if createdKey {
            logger.warning("created a master key at \(folder.keyPath); in production keep it in a vault or HSM")
        }
        if case .pkcs11 = configuration.keyVault { logger.notice("the keys are in \(configuration.keyVault)") }
        if case .postgres = configuration.store { logger.notice("the state is in \(configuration.store)") }
        let connections = configuration.server.connections.maximumConnections
        let openFiles = OpenFileLimit.raise(toFit: connections)
        if openFiles < connections + OpenFileLimit.reserve {
            logger.warning(
                """
                only \(openFiles) open files are allowed, fewer than http.maxConnections (\(connections)) needs; \
                raise the limit (ulimit -n, systemd's LimitNOFILE) or lower http.maxConnections
                """
            )
        }
        let api = IssuerAPI(
            issuer: issuer,
            clock: SystemClock(),
            limits: configuration.limits,
            metrics: metrics,
            sharedLimits: store.nodeSharedState,
            ussdSessions: store.nodeSharedState ?? InMemoryUSSDSessions(),
            pages: configuration.pages,
            isReady: { await store.isReachable() }
        )
        let (gateway, smsNote): (any SMSSender, String) =
            switch configuration.smsGateway {
            case .file:
                (
                    FileOutboxSender(path: folder.outboxPath),
                    "SMS go to \(folder.outboxPath) until a gateway is configured: pooya admin sms tail --data \(folder.path)"
                )
            case .kannel(let settings):
                (KannelSender(settings: settings), "SMS go through Kannel at \(settings.url.host ?? "")")
            case .http(let settings): (HTTPProviderSender(settings: settings), "SMS go to \(settings.url.host ?? "")")
            }
        let dispatch = SMSDispatchService(
            dispatcher: SMSDispatcher(outbox: store, gateway: gateway, vault: vault),
            outbox: store,
            metrics: metrics,
            logger: logger
        )
        let host = configuration.server.host
        let scheme = configuration.server.tls == nil ? "http" : "https"
        let managementHost = configuration.server.management.host
        let app = try buildApplication(
            api: api,
            keys: keys,
            staff: StaffAccounts(store: store, vault: vault),
            settings: configuration.server,
            services: [
                dispatch, PeriodicService.retention(issuer: issuer, days: configuration.retentionDays, logger: logger),
                PeriodicService.auditCheckpoints(
                    issuer: issuer,
                    interval: .seconds(60 * configuration.auditCheckpointMinutes),
                    logger: logger
                ),
            ],
            logger: logger,
            onListening: { port in
                // Written straight to the file handle, unbuffered, so a script reading the output sees it at once.
                FileHandle.standardOutput.write(
                    Data(
                        """
                        Pooya is listening on \(scheme)://\(host):\(port) (data: \(folder.path))
                        \(smsNote)
                        Make a first key: \(Self.firstKeyCommand(data: data.data))

                        """.utf8
                    )
                )
            },
            onManagementListening: { port in
                FileHandle.standardOutput.write(
                    Data("Metrics and probes on http://\(managementHost):\(port)/metrics, /healthz, /readyz\n".utf8)
                )
            }
        )
        let reload = KeyReload(folder: folder, vault: vault, logger: logger)
        defer { withExtendedLifetime(reload) {} }
        do { try await app.runService() } catch let error as IOError where error.errnoCode == EADDRINUSE {
            throw CommandFailure(
                "cannot listen on \(host):\(configuration.server.port): the port is in use (another pooya serve?); "
                    + "stop what uses it, or pass --port"
            )
        } catch let error as ManagementPortInUse {
            throw CommandFailure(error.description + ", or pass --management-port")
        }
    }

    /// The command that makes the bank's first client key, as README's walk-through has it: this very binary, and
    /// `--data` only when the folder is not the default one. It runs as printed, pasted into a shell.
    static func firstKeyCommand(data: String?) -> String {
        let binary = Bundle.main.executablePath ?? CommandLine.arguments[0]
        let scopes = "--name bank --scope cards --scope activate --scope verify --scope admin"
        return ([binary, "admin", "keys", "create"].map(ShellWord.quoted).joined(separator: " ") + " " + scopes)
            + (data.map { " --data " + ShellWord.quoted($0) } ?? "")
    }
}

/// A word for a POSIX shell: as it is when it holds nothing the shell would read specially, else single-quoted.
enum ShellWord {
    static func quoted(_ word: String) -> String {
        let plain = word.allSatisfy { $0.isLetter || $0.isNumber || "/._-+:=@%,".contains($0) }
        return plain && !word.isEmpty ? word : "'" + word.replacingOccurrences(of: "'", with: #"'\''"#) + "'"
    }
}
