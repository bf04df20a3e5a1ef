import Foundation
import PooyaTesting
import Synchronization
import Testing

/// Several nodes as a bank runs them: two `pooya serve` on one PostgreSQL behind HAProxy. The promises of one node —
/// single use, the exact lockout, limits, the outbox, the audit chain — hold across them, when a node is killed, and
/// when the database restarts.
@Suite(
    .serialized,
    .enabled(
        if: PostgresTestServer.isAvailable && FileManager.default.isExecutableFile(atPath: "/usr/sbin/haproxy"),
        "needs PostgreSQL and HAProxy: run scripts/test"
    ),
    .timeLimit(.minutes(5))
)
struct MultiNodeBinaryTests {
    /// Registers cards `numbers` (through the load balancer, or the node at `base`) and has a code sent by SMS for a
    /// payment of each (transaction `pay-N`); answers each card's code, read from whichever node sent it.
    private static func codes(_ nodes: TwoNodes, for numbers: Range<Int>, via base: String? = nil) async throws
        -> [Int: String]
    {
        _ = try await forEach(numbers, concurrently: 20) { number in
            try await register(nodes, number)
            let challenge = try await nodes.post("/v1/challenges", payment(number, code: nil), to: base)
            #expect(challenge.status == 202, "\(challenge.body)")
        }
        var codes: [Int: String] = [:]
        for _ in 0..<200 where codes.count < numbers.count {
            for (to, text) in try nodes.sentSMS() {
                guard let code = text.firstMatch(of: /رمز: ([0-9]{7})/)?.output.1,
                    let number = Int(to.suffix(7)), numbers.contains(number)
                else { continue }
                codes[number] = String(code)
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(codes.count == numbers.count, "SMS arrived for \(codes.count) of \(numbers.count) cards")
        return codes
    }

    /// Registers card `number` with its own mobile.
    private static func register(_ nodes: TwoNodes, _ number: Int) async throws {
        let card = try await nodes.post(
            "/v1/cards",
            #"{"pan": "\#(TwoNodes.pan(number))", "mobile": "\#(TwoNodes.mobile(number))"}"#
        )
        #expect(card.status == 200, "\(card.body)")
    }

    /// The JSON of card `number`'s payment `pay-N` (`transaction` to name another), with `code` for a verification.
    private static func payment(_ number: Int, code: String?, transaction: String? = nil) -> String {
        let code = code.map { #", "code": "\#($0)", "kind": "second""# } ?? #", "merchantName": "فروشگاه نمونه""#
        return """
            {"pan": "\(TwoNodes.pan(number))", "amount": 2500000, "merchantId": "shop-1",
             "transactionId": "\(transaction ?? "pay-\(number)")"\(code)}
            """
    }

    /// Runs `body` for each of `items`, `width` at a time, and answers what each returned, by item.
    private static func forEach<Item: Hashable & Sendable, Value: Sendable>(
        _ items: some Sequence<Item>,
        concurrently width: Int,
        _ body: @escaping @Sendable (Item) async throws -> Value
    ) async throws -> [Item: Value] {
        var results: [Item: Value] = [:]
        try await withThrowingTaskGroup(of: (Item, Value).self) { group in
            var iterator = items.makeIterator()
            for _ in 0..<width {
                guard let item = iterator.next() else { break }
                group.addTask { (item, try await body(item)) }
            }
            while let (item, value) = try await group.next() {
                results[item] = value
                if let next = iterator.next() { group.addTask { (next, try await body(next)) } }
            }
        }
        return results
    }

    @Test("1,000 verifications of 100 codes through both nodes approve each code once; wrong codes lock at 3")
    func twoNodesKeepSingleUseAndTheLockout() async throws {
        try await TwoNodes.with { nodes in
            let codes = try await Self.codes(nodes, for: 0..<100)
            // Each code ten times, every request its own HTTP exchange, spread over both nodes by the balancer.
            let requests = (0..<1_000).map { ($0 % 100, $0 / 100) }.map { "\($0.0)-\($0.1)" }
            let answers = try await Self.forEach(requests, concurrently: 32) { request in
                let number = Int(request.split(separator: "-")[0])!
                return try await nodes.post("/v1/verifications", Self.payment(number, code: codes[number]!))
            }
            #expect(answers.values.allSatisfy { $0.status == 200 && $0.body["decision"] == "approved" })
            let approvals = try await nodes.sql("SELECT count(*) FROM decisions WHERE decision LIKE 'approved%'")
            #expect(approvals == "100", "one approval a code, however many times it was sent")
            let used = try await nodes.sql("SELECT count(*) FROM issued_codes WHERE used_at IS NOT NULL")
            #expect(used == "100")
            // The same code for another payment is not approved, on either node.
            for (index, base) in nodes.nodeBases.enumerated() {
                let again = try await nodes.post(
                    "/v1/verifications",
                    Self.payment(index, code: codes[index]!, transaction: "other-\(index)"),
                    to: base
                )
                #expect(again.body["decision"] == "rejected", "\(again.body)")
            }

            // 100 wrong codes for card 200 (which has a code waiting) at once, through both nodes: exactly 3 are
            // counted, then the PIN is locked. (Only 30 reach the issuer: the per-card limit is shared by the nodes.)
            _ = try await Self.codes(nodes, for: 200..<201)
            let wrong = try await Self.forEach(0..<100, concurrently: 32) { index in
                try await nodes.post(
                    "/v1/verifications",
                    Self.payment(200, code: "0000000", transaction: "wrong-\(index)")
                )
            }
            let reasons = wrong.values.compactMap { $0.body["reason"] }
            #expect(reasons.filter { $0 == "invalid_code" }.count <= 3)
            let pinLock = try await nodes.sql(
                "SELECT second_pin_failures, second_pin_locked_at IS NOT NULL FROM cards WHERE masked_pan LIKE '%"
                    + TwoNodes.pan(200).suffix(4) + "'"
            )
            #expect(pinLock == "3|t", "failures and lock: \(pinLock)")
            #expect(reasons.contains("locked"), "\(reasons)")

            // A code sent for a payment on one node is verified on the other.
            let sent = try await Self.codes(nodes, for: 300..<301, via: nodes.nodeBases[0])
            let across = try await nodes.post(
                "/v1/verifications",
                Self.payment(300, code: sent[300]!),
                to: nodes.nodeBases[1]
            )
            #expect(across.body["decision"] == "approved", "\(across.body)")

            // A limit that protects cardholders holds for the service, not once per node: 5 activations an hour.
            let activations = try await Self.forEach(0..<12, concurrently: 12) { _ in
                try await nodes.post(
                    "/v1/activations",
                    #"{"pan": "\#(TwoNodes.pan(0))", "mobile": "\#(TwoNodes.mobile(0))", "kind": "second", "channel": "atm"}"#
                )
            }
            #expect(activations.values.filter { $0.status == 201 }.count == 5)
            #expect(activations.values.filter { $0.status == 429 }.count == 7)

            let audit = try await nodes.verifyAudit(through: 1)
            #expect(audit.standardOutput.contains("intact"), "\(audit.standardOutput) \(audit.standardError)")
        }
    }

    /// Verifies card `number`'s code for its payment as a switch does: sent again, with the same transaction, while the
    /// answer is not a decision (a node died mid-request, or none was available); answers the decision.
    private static func verifyRetrying(_ nodes: TwoNodes, _ number: Int, code: String) async throws -> String? {
        for _ in 0..<100 {
            if let answer = try? await nodes.post("/v1/verifications", payment(number, code: code)),
                answer.status == 200
            {
                return answer.body["decision"]
            }
            try await Task.sleep(for: .milliseconds(200))
        }
        return nil
    }

    @Test("a node killed under load: the other answers, nothing is approved twice or half-written, every SMS is sent")
    func aKilledNodeLosesNothing() async throws {
        try await TwoNodes.with { nodes in
            let codes = try await Self.codes(nodes, for: 0..<60)
            let done = Mutex(0)
            let load = Task {
                try await Self.forEach(0..<60, concurrently: 6) { number in
                    // Codes asked for during the load too: their SMS must go out whichever node dies. (A request the
                    // dying node had taken fails; the bank would ask again.)
                    if number % 2 == 0 {
                        let card =
                            #"{"pan": "\#(TwoNodes.pan(1_000 + number))", "mobile": "\#(TwoNodes.mobile(1_000 + number))"}"#
                        _ = try? await nodes.post("/v1/cards", card)
                        _ = try? await nodes.post("/v1/challenges", Self.payment(1_000 + number, code: nil))
                    }
                    defer { done.withLock { $0 += 1 } }
                    return try await Self.verifyRetrying(nodes, number, code: codes[number]!)
                }
            }
            // The node dies once a tenth of the load is done, whatever the machine's speed.
            for _ in 0..<3_000 where done.withLock({ $0 }) < 6 { try await Task.sleep(for: .milliseconds(10)) }
            await nodes.kill(node: 0)
            let doneAtKill = done.withLock { $0 }
            #expect(doneAtKill < 60, "the node died while the load ran (\(doneAtKill) of 60 done)")
            let decisions = try await load.value
            #expect(decisions.values.allSatisfy { $0 == "approved" }, "\(decisions.values.filter { $0 != "approved" })")
            let approvals = try await nodes.sql("SELECT count(*) FROM decisions WHERE decision LIKE 'approved%'")
            #expect(approvals == "60", "each code approved once")

            try await nodes.restart(node: 0)
            // A message the dead node had claimed is sent once its one-minute lease ends.
            var queued = ""
            for _ in 0..<150 {
                queued = try await nodes.sql("SELECT count(*) FROM sms_outbox WHERE status <> 'sent'")
                if queued == "0" { break }
                try await Task.sleep(for: .seconds(1))
            }
            #expect(queued == "0", "messages not sent: \(queued)")
            let audit = try await nodes.verifyAudit(through: 0)
            #expect(audit.standardOutput.contains("intact"), "\(audit.standardOutput) \(audit.standardError)")
        }
    }

    @Test("PostgreSQL restarted under load: a clean 503 while it is down, answers again when it is back")
    func aRestartedDatabaseIsAClean503ThenBack() async throws {
        try await TwoNodes.with { nodes in
            let codes = try await Self.codes(nodes, for: 0..<20)
            try await nodes.cluster.control("stop")
            for (number, base) in nodes.nodeBases.enumerated() {
                let down = try await nodes.post(
                    "/v1/verifications",
                    Self.payment(number, code: codes[number]!),
                    to: base
                )
                #expect(down.status == 503, "\(down.body)")
                #expect(down.body["code"] == "store_unavailable", "\(down.body)")
            }
            let throughBalancer = try await nodes.post("/v1/verifications", Self.payment(2, code: codes[2]!))
            #expect(throughBalancer.status == 503, "\(throughBalancer.body)")
            try await nodes.cluster.control("start")
            let decisions = try await Self.forEach(0..<20, concurrently: 4) { number in
                try await Self.verifyRetrying(nodes, number, code: codes[number]!)
            }
            #expect(decisions.values.allSatisfy { $0 == "approved" }, "\(decisions)")
            let approvals = try await nodes.sql("SELECT count(*) FROM decisions WHERE decision LIKE 'approved%'")
            #expect(approvals == "20")
        }
    }
}
