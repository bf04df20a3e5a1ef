#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The process's limit on open files, which every connection takes one of: raised at start towards the hard limit
/// so that `http.maxConnections` connections, the database's files and the gateways' sockets fit together (Linux
/// starts processes at 1,024).
enum OpenFileLimit {
    /// Files kept for what is not a client connection: the database and its journal, logs, gateways, listeners.
    static let reserve = 64

    /// Raises the soft limit so that `connections` fit, when the hard limit allows; returns the limit then in force.
    static func raise(toFit connections: Int) -> Int {
        var limit = rlimit()
        guard getrlimit(resourceLimit, &limit) == 0 else { return connections + reserve }
        let wanted = rlim_t(connections + reserve)
        if limit.rlim_cur < wanted {
            limit.rlim_cur = min(wanted, limit.rlim_max)
            _ = setrlimit(resourceLimit, &limit)
            _ = getrlimit(resourceLimit, &limit)
        }
        return Int(clamping: limit.rlim_cur)
    }

    #if canImport(Glibc)
        private static let resourceLimit = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
    #else
        private static let resourceLimit = RLIMIT_NOFILE
    #endif
}
