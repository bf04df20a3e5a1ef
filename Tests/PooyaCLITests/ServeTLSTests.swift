import Crypto
import Foundation
import SwiftASN1
import PooyaTesting
import Testing
import X509

/// `pooya serve` over HTTPS, with a certificate and key named in the configuration.
struct ServeTLSTests {
    @Test(
        .enabled(
            if: FileManager.default.isExecutableFile(atPath: "/usr/bin/curl") || Programs.isCI,
            "curl is not installed (apt-get install curl)"
        )
    )
    func serveSpeaksHTTPSWithTheConfiguredCertificate() async throws {
        let pooya = try #require(Programs.pooya)
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent(
            "pooya-tests-tls-\(UUID().uuidString)"
        )
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }

        // A self-signed certificate for 127.0.0.1, valid for an hour.
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName("127.0.0.1") }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: .init(),
            publicKey: .init(key.publicKey),
            notValidBefore: Date().addingTimeInterval(-60),
            notValidAfter: Date().addingTimeInterval(3600),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: .init(),
            issuerPrivateKey: .init(key)
        )
        let certificatePath = folder.appendingPathComponent("cert.pem").path
        let keyPath = folder.appendingPathComponent("key.pem").path
        try certificate.serializeAsPEM().pemString.write(toFile: certificatePath, atomically: true, encoding: .utf8)
        try key.pemRepresentation.write(toFile: keyPath, atomically: true, encoding: .utf8)

        let (server, url) = try await startServe(
            pooya,
            data: folder.appendingPathComponent("data").path,
            environment: ["POOYA_HTTP_TLS_CERTIFICATE": certificatePath, "POOYA_HTTP_TLS_KEY": keyPath]
        )
        let port = try #require(url.firstMatch(of: /^https:\/\/127\.0\.0\.1:([0-9]+)$/).map { String($0.output.1) })
        let curl = URL(fileURLWithPath: "/usr/bin/curl")
        let https = try await run(
            curl,
            ["--silent", "--insecure", "--max-time", "10", "https://127.0.0.1:\(port)/v1/time"]
        )
        #expect(https.standardOutput.contains(#""unixTime""#), "\(https.standardOutput)")
        let plain = try await run(curl, ["--silent", "--max-time", "10", "http://127.0.0.1:\(port)/v1/time"])
        #expect(!plain.standardOutput.contains(#""unixTime""#), "plain HTTP must not be answered on the HTTPS port")
        await server.stop()
    }
}
