import PooyaIssuer

/// The client key a request was made with, found by ``AuthenticationMiddleware`` and read by handlers.
enum Authorization {
    @TaskLocal static var client: ClientKey?

    /// Throws 401 without a valid key, and 403 when the key has none of `scopes`.
    static func require(_ scopes: ClientScope...) throws {
        guard let client else { throw Problem.unauthenticated }
        guard !client.scopes.isDisjoint(with: scopes) else { throw Problem.forbidden(needs: scopes) }
    }
}
