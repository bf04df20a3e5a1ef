import Crypto
import OneTimePassword
import PooyaProtocol

/// An audit event in one of the log's hash chains (``AuditChains``): its chain, its place there, the previous entry's
/// hash and its own, which covers every field and the previous hash, so changing, removing or reordering any entry
/// breaks every link after it in its chain.
public struct AuditEntry: Sendable, Hashable, Codable {
    /// The chain it belongs to: 0 in a store with one chain.
    public var chain: Int
    /// 1, 2, 3… with no gaps within its chain.
    public var sequence: Int64
    /// What happened.
    public var event: AuditEvent
    /// The previous entry's ``hash`` (64 zeros before the first entry).
    public var previousHash: String
    /// SHA-256 over the sequence, the event's fields and ``previousHash`` — then the actor when one is named, and
    /// `chain:N` for a chain other than 0, so entries written before actors or chains keep their hashes — in hex.
    public var hash: String

    /// The previous hash of the first entry.
    public static let genesisHash = String(repeating: "0", count: 64)

    /// The entry that follows the entry with this sequence and hash in `chain` (or starts the chain) with `event`; a
    /// store needs no more of the chain's last entry than these two.
    public static func chained(
        _ event: AuditEvent,
        after previous: (sequence: Int64, hash: String)?,
        chain: Int = 0
    ) -> AuditEntry {
        let sequence = (previous?.sequence ?? 0) + 1
        let previousHash = previous?.hash ?? genesisHash
        return AuditEntry(
            chain: chain,
            sequence: sequence,
            event: event,
            previousHash: previousHash,
            hash: digest(chain: chain, sequence: sequence, event: event, previousHash: previousHash)
        )
    }

    /// Whether ``hash`` is what the other fields give.
    public var hashIsConsistent: Bool {
        hash == Self.digest(chain: chain, sequence: sequence, event: event, previousHash: previousHash)
    }

    /// SHA-256 over the fields, each as its UTF-8 length (four bytes, big-endian) then its UTF-8, hashed at once.
    private static func digest(chain: Int, sequence: Int64, event: AuditEvent, previousHash: String) -> String {
        var fields = [
            String(sequence), event.action.rawValue, event.cardFingerprint?.hex ?? "", event.tokenID ?? "",
            event.kind?.rawValue ?? "", event.channel?.rawValue ?? "", event.reason?.rawValue ?? "",
            String(event.time), previousHash,
        ]
        if let actor = event.actor { fields.append(actor.rawValue) }
        if chain != 0 { fields.append("chain:\(chain)") }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(fields.reduce(0) { $0 + 4 + $1.utf8.count })
        for field in fields {
            withUnsafeBytes(of: UInt32(field.utf8.count).bigEndian) { bytes.append(contentsOf: $0) }
            bytes.append(contentsOf: field.utf8)
        }
        return Hex.encode(SHA256.hash(data: bytes))
    }

    /// Collects the fields, as a store reads an entry back; ``chained(_:after:chain:)`` makes new ones.
    public init(
        chain: Int = 0,
        sequence: Int64,
        event: AuditEvent,
        previousHash: String,
        hash: String
    ) {
        self.chain = chain
        self.sequence = sequence
        self.event = event
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// The result of checking the audit log's chain.
public enum AuditChainVerification: Sendable, Hashable {
    /// Every entry links to the one before it; `entries` were checked.
    case intact(entries: Int64)
    /// The first entry whose link or hash is wrong, and what is wrong with it.
    case broken(sequence: Int64, reason: String)
}

/// Checks one chain entry by entry, so the log can be read in pages.
public struct AuditChainVerifier: Sendable {
    private let chain: Int
    private var last: AuditEntry?
    private(set) var failure: AuditChainVerification?

    /// Starts at the beginning of chain `chain`.
    public init(chain: Int = 0) {
        self.chain = chain
    }

    /// Checks the next entry; returns `false` once the chain is broken.
    @discardableResult
    public mutating func check(_ entry: AuditEntry) -> Bool {
        guard failure == nil else { return false }
        let expectedSequence = (last?.sequence ?? 0) + 1
        let expectedPrevious = last?.hash ?? AuditEntry.genesisHash
        let place = chain == 0 ? "" : " of chain \(chain)"
        if entry.chain != chain {
            failure = .broken(sequence: entry.sequence, reason: "an entry of chain \(entry.chain) is in chain \(chain)")
        } else if entry.sequence != expectedSequence {
            failure = .broken(sequence: expectedSequence, reason: "entry \(expectedSequence)\(place) is missing")
        } else if entry.previousHash != expectedPrevious {
            failure = .broken(
                sequence: entry.sequence,
                reason: "its previous hash does not match the entry before it\(place)"
            )
        } else if !entry.hashIsConsistent {
            failure = .broken(sequence: entry.sequence, reason: "its hash does not match its contents\(place)")
        }
        last = entry
        return failure == nil
    }

    /// The verdict for the entries checked so far.
    public var result: AuditChainVerification {
        failure ?? .intact(entries: last?.sequence ?? 0)
    }
}
