public import Foundation

/// ISO 9564 PIN blocks and key check values made by PyPI's psec, an implementation independent of Pooya's, through
/// `scripts/lib/psec-blocks.py` and the Python of the repository's `.build-venv` (which `scripts/test` fills).
public enum Psec {
    /// A PIN, a card number and a key, and what psec made of them.
    public struct Case: Codable, Sendable, Hashable {
        /// `iso0`, `iso3` or `iso4`.
        public var format: String
        /// The zone key, hex.
        public var key: String
        /// The PIN's digits.
        public var pin: String
        /// The card number's digits.
        public var pan: String
        /// The enciphered PIN block, hex, once made.
        public var block: String?
        /// The key's check value, 6 hex digits, once made.
        public var kcv: String?
        /// A key block protection key, hex: the key is then also wrapped in a TR-31 key block under it.
        public var kbpk: String?
        /// The TR-31 header to wrap under, such as `D0000P0AE00N0000`.
        public var header: String?
        /// The TR-31 key block, once made.
        public var keyBlock: String?

        /// A case to make; with `kbpk` and `header`, the key is wrapped in a TR-31 key block too.
        public init(format: String, key: String, pin: String, pan: String, kbpk: String? = nil, header: String? = nil) {
            self.format = format
            self.key = key
            self.pin = pin
            self.pan = pan
            self.kbpk = kbpk
            self.header = header
        }
    }

    private static let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    /// The Python that has psec, or `nil` when `.build-venv` has none (run `scripts/test` once).
    public static let python: URL? = {
        let python = repository.appendingPathComponent(".build-venv/bin/python")
        let psec = repository.appendingPathComponent(".build-venv/lib")
        guard FileManager.default.isExecutableFile(atPath: python.path),
            let versions = try? FileManager.default.contentsOfDirectory(atPath: psec.path),
            versions.contains(where: {
                FileManager.default.fileExists(atPath: psec.appendingPathComponent("\($0)/site-packages/psec").path)
            })
        else { return nil }
        return python
    }()

    /// The cases with their blocks and check values, made by psec.
    public static func make(_ cases: [Case], with python: URL) async throws -> [Case] {
        let script = repository.appendingPathComponent("scripts/lib/psec-blocks.py")
        let result = try await runProgram(
            python,
            ["-W", "ignore", script.path],
            standardInput: try JSONEncoder().encode(cases)
        )
        guard result.status == 0 else {
            throw CocoaError(.fileReadCorruptFile, userInfo: [NSDebugDescriptionErrorKey: result.standardError])
        }
        return try JSONDecoder().decode([Case].self, from: Data(result.standardOutput.utf8))
    }
}
