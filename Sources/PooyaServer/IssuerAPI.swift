import Foundation
import PooyaAPI
public import PooyaIssuer

/// The API of openapi.yaml over the issuer: each operation authorizes, decodes into domain values, calls the
/// issuer and encodes the result. No rule lives here; errors are thrown and become problems in
/// ``ProblemMiddleware``.
public struct IssuerAPI: Sendable {
    let issuer: Issuer
    let clock: any WallClock
    let isReady: @Sendable () async -> Bool

    /// The API over `issuer`; `isReady` answers `/readyz` (the database reachable).
    public init(issuer: Issuer, clock: any WallClock, isReady: @escaping @Sendable () async -> Bool) {
        self.issuer = issuer
        self.clock = clock
        self.isReady = isReady
    }

    static func date(_ unixTime: Int64) -> Date { Date(timeIntervalSince1970: TimeInterval(unixTime)) }
}
