import Foundation
import Hummingbird

/// The HTTP ceiling `scripts/load-test` compares `pooya serve` with: a minimal Hummingbird server that takes the same
/// request (`POST /v1/verifications`, a bearer key, the same JSON body), decodes its JSON and answers a decision of the
/// same shape, touching no store. What Pooya does beyond this is what a verification costs over HTTP.
///
///     hello-server     listens on a free loopback port and prints "listening on http://127.0.0.1:PORT"
@main
enum HelloServer {
    struct Verification: Decodable {
        let pan: String
        let code: String
        let kind: String
        let amount: Int64
        let merchantId: String
        let transactionId: String
    }

    struct Decision: ResponseEncodable {
        let decision: String
    }

    static func main() async throws {
        let router = Router()
        router.post("/v1/verifications") { request, context -> Decision in
            guard request.headers[.authorization]?.hasPrefix("Bearer ") == true else {
                throw HTTPError(.unauthorized)
            }
            let body = try await request.decode(as: Verification.self, context: context)
            return Decision(decision: body.code.isEmpty ? "rejected" : "approved")
        }
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                let line = "listening on http://127.0.0.1:\(channel.localAddress?.port ?? 0)\n"
                FileHandle.standardOutput.write(Data(line.utf8))
            }
        )
        try await app.runService()
    }
}
