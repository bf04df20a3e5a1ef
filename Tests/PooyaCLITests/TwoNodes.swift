import Foundation
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif
import PooyaIssuer
import PooyaTesting
import Synchronization
import Testing

/// Two `pooya serve` nodes on one PostgreSQL database (a cluster of the test's own, so it may be stopped), sharing
/// one key file, behind HAProxy (Debian's `haproxy`) on loopback, as a bank runs them. ``stop()`` ends everything.
final class TwoNodes: Sendable {
    let pooya: URL
    let cluster: PostgresCluster
    let database: String
    let folder: URL
    let balancer: RunningProgram
    /// The load balancer's address, and each node's.
    let base: String
    let nodeBases: [String]
    /// Each node's API and management ports, which a restarted node listens on again.
    let nodePorts: [(api: Int, management: Int)]
    let key: String
    private let nodes: Mutex<[RunningProgram]>

    /// What both nodes are started with: the shared database, and codes by SMS without an activation first (so
    /// cards need no app in these tests).
    static func environment(_ database: String) -> [String: String] {
        ["POOYA_STORE_URL": database, "POOYA_POLICY_SMS_CODES_NEED_ACTIVATION": "false"]
    }

    init() async throws {
        pooya = try #require(Programs.pooya)
        cluster = try await PostgresCluster.start()
        database = try await PostgresTestServer.makeDatabase(on: cluster.url)
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("pooya-two-nodes-\(UUID().uuidString)")
        let environment = Self.environment(database)
        // The first node makes the key file; the second gets a copy, as a bank deploys one key to every node.
        let (first, firstBase) = try await startServe(pooya, data: Self.data(folder, 0), environment: environment)
        try FileManager.default.createDirectory(
            atPath: Self.data(folder, 1),
            withIntermediateDirectories: true,
            attributes: [.posixPermissions: 0o700]
        )
        try FileManager.default.copyItem(
            atPath: Self.data(folder, 0) + "/master.key",
            toPath: Self.data(folder, 1) + "/master.key"
        )
        let (second, secondBase) = try await startServe(pooya, data: Self.data(folder, 1), environment: environment)
        nodes = Mutex([first, second])
        nodeBases = [firstBase, secondBase]
        let managements = [try await managementURL(of: first), try await managementURL(of: second)]
        nodePorts = zip(nodeBases, managements).map { (Self.port(of: $0), Self.port(of: $1)) }
        (balancer, base) = try await Self.startHAProxy(
            in: folder,
            nodes: zip(nodeBases, managements).map { ($0, $1) }
        )
        key = try await run(
            pooya,
            [
                "admin", "keys", "create", "--data", Self.data(folder, 0), "--name", "bank", "--scope", "cards",
                "--scope", "activate", "--scope", "verify", "--scope", "admin",
            ],
            environment: environment
        ).standardOutput.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// The port at the end of `url`.
    private static func port(of url: String) -> Int {
        Int(url.split(separator: ":").last ?? "") ?? 0
    }

    /// Runs `body` with two nodes started for it, and stops everything afterwards, whether `body` throws or not.
    static func with(_ body: (TwoNodes) async throws -> Void) async throws {
        let nodes = try await TwoNodes()
        do {
            try await body(nodes)
        } catch {
            await nodes.stop()
            throw error
        }
        await nodes.stop()
    }

    /// What `pooya admin audit verify` says of the shared database, run with node `index`'s data folder.
    func verifyAudit(through index: Int) async throws -> ProgramResult {
        try await run(
            pooya,
            ["admin", "audit", "verify", "--data", Self.data(folder, index)],
            environment: Self.environment(database)
        )
    }

    /// Node `index`'s data folder.
    static func data(_ folder: URL, _ index: Int) -> String {
        folder.appendingPathComponent("node-\(index)").path
    }

    /// Starts HAProxy in front of `nodes` (their API and management addresses), each checked through `/readyz`
    /// every 300 ms; a request whose connection a node refuses goes to the other.
    private static func startHAProxy(in folder: URL, nodes: [(api: String, management: String)]) async throws
        -> (RunningProgram, String)
    {
        let port = try freePort()
        let servers = nodes.enumerated().map { index, node in
            let api = node.api.replacingOccurrences(of: "http://", with: "")
            let management = node.management.split(separator: ":").last!
            return "    server node\(index) \(api) check port \(management)"
        }
        let configuration = """
            global
                maxconn 4000
            defaults
                mode http
                timeout connect 1s
                timeout client 60s
                timeout server 60s
                retries 3
                retry-on conn-failure
                option redispatch
            frontend api
                bind 127.0.0.1:\(port)
                default_backend nodes
            backend nodes
                balance roundrobin
                option httpchk GET /readyz
                default-server inter 300ms fall 2 rise 2
            \(servers.joined(separator: "\n"))

            """
        let path = folder.appendingPathComponent("haproxy.cfg").path
        try configuration.write(toFile: path, atomically: true, encoding: .utf8)
        let haproxy = try RunningProgram(URL(fileURLWithPath: "/usr/sbin/haproxy"), ["-db", "-f", path])
        let base = "http://127.0.0.1:\(port)"
        for _ in 0..<100 {
            if (try? await URLSession.shared.data(from: URL(string: base + "/v1/time")!)) != nil {
                return (haproxy, base)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        await haproxy.stop()
        throw CocoaError(
            .fileReadCorruptFile,
            userInfo: [NSDebugDescriptionErrorKey: "HAProxy did not start: \(haproxy.standardError)"]
        )
    }

    private static func freePort() throws -> Int {
        let socket = Foundation.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(socket) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(socket, $0, length) }
        }
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(socket, $0, &length) }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    /// Kills node `index` with SIGKILL, as a crash would.
    func kill(node index: Int) async {
        let node = nodes.withLock { $0[index] }
        Foundation.kill(node.processIdentifier, SIGKILL)
        _ = await node.exit(within: .seconds(10))
    }

    /// Starts node `index` again over its data folder, on its ports.
    func restart(node index: Int) async throws {
        let (node, _) = try await startServe(
            pooya,
            data: Self.data(folder, index),
            environment: Self.environment(database),
            ports: nodePorts[index]
        )
        nodes.withLock { $0[index] = node }
    }

    /// Stops HAProxy, the nodes and the database, and deletes their folders.
    func stop() async {
        await balancer.stop()
        for node in nodes.withLock({ $0 }) { await node.stop() }
        await cluster.remove()
        try? FileManager.default.removeItem(at: folder)
    }

    /// An answer: its status and its JSON object's fields as text.
    struct Answer: Sendable, CustomStringConvertible {
        let status: Int
        let body: [String: String]

        var description: String { "\(status) \(body)" }
    }

    /// Sends `json` to `path` at `base` (the load balancer's by default) with the bank's key.
    func post(_ path: String, _ json: String, to base: String? = nil) async throws -> Answer {
        var request = URLRequest(url: URL(string: (base ?? self.base) + path)!)
        request.httpMethod = "POST"
        request.timeoutInterval = 60
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(json.utf8)
        let (body, response) = try await URLSession.shared.data(for: request)
        let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] ?? [:]
        return Answer(
            status: (response as? HTTPURLResponse)?.statusCode ?? 0,
            body: object.mapValues { "\($0)" }
        )
    }

    /// The SMS both nodes' development gateways wrote, as (recipient, text), oldest first within each node.
    func sentSMS() throws -> [(to: String, text: String)] {
        try (0..<2).flatMap { index in
            let path = Self.data(folder, index) + "/sms-outbox.jsonl"
            guard let contents = try? String(contentsOfFile: path, encoding: .utf8) else { return [(String, String)]() }
            return try contents.split(separator: "\n").map { line in
                let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] ?? [:]
                return (object["to"] as? String ?? "", object["text"] as? String ?? "")
            }
        }
    }

    /// One SQL query's answer on the shared database.
    func sql(_ query: String) async throws -> String {
        try await PostgresTestServer.psql(database, query)
    }

    /// A card number with a valid Luhn digit, distinct for each `number` below 100,000.
    static func pan(_ number: Int) -> String {
        // A six-digit BIN and nine digits of `number` always make a valid body.
        (try? PAN(completing: "610433" + String(format: "%09d", number)))?.digits ?? ""
    }

    /// A mobile number, distinct for each `number` below 10,000,000.
    static func mobile(_ number: Int) -> String {
        "0912" + String(format: "%07d", number)
    }
}
