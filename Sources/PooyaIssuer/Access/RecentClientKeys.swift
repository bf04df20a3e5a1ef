import Synchronization

/// The valid client keys this node found in the last clock second, by their secret's digest, so that a busy client's
/// requests do not each read the key table: a key is looked up again in the store once the second it was read in is
/// over, so a key revoked on any node (or by `pooya admin`) is refused within a second everywhere, and at once on
/// the node that revoked it.
///
/// Holds only keys that exist (an unknown secret is looked up every time, as before), so it is as large as the key
/// table at most.
final class RecentClientKeys: Sendable {
    private let found = Mutex<[String: (key: ClientKey, second: Int64)]>([:])

    /// The key read for `digest` during `second`, if any.
    func key(digest: String, at second: Int64) -> ClientKey? {
        found.withLock { found in
            guard let entry = found[digest], entry.second == second else { return nil }
            return entry.key
        }
    }

    /// Remembers `key`, read from the store for `digest` during `second`.
    func remember(_ key: ClientKey, digest: String, at second: Int64) {
        found.withLock { $0[digest] = (key, second) }
    }

    /// Forgets the key with this id (it was revoked here).
    func forget(id: String) {
        found.withLock { found in found = found.filter { $0.value.key.id != id } }
    }
}
