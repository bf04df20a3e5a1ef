import NIOSSL
import PostgresNIO

extension PostgresSettings {
    /// postgres-nio's configuration for these settings.
    func clientConfiguration() throws -> PostgresClient.Configuration {
        var configuration = PostgresClient.Configuration(
            host: host,
            port: port,
            username: user,
            password: password,
            database: database,
            tls: try tlsConfiguration()
        )
        configuration.options.maximumConnections = poolSize
        configuration.options.connectTimeout = connectTimeout
        // Every commit durable on the primary before it is answered, whatever the server's default.
        configuration.options.additionalStartupParameters = [
            ("synchronous_commit", "on"), ("application_name", "pooya"),
        ]
        return configuration
    }

    private func tlsConfiguration() throws -> PostgresClient.Configuration.TLS {
        var tls = TLSConfiguration.makeClientConfiguration()
        switch self.tls {
        case .disable:
            return .disable
        case .require:
            tls.certificateVerification = .none
        case .verifyFull:
            tls.certificateVerification = .fullVerification
            if let rootCertificatePath { tls.trustRoots = .file(rootCertificatePath) }
        }
        return .require(tls)
    }
}
