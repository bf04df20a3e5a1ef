import Foundation
import OneTimePassword

/// Loads a JSON file from the test target's `Vectors` folder.
func loadVectors<File: Decodable>(_ name: String, as: File.Type = File.self) throws -> File {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors") else {
        throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Vectors/\(name).json"])
    }
    return try JSONDecoder().decode(File.self, from: Data(contentsOf: url))
}

/// A vector file: where it comes from and its rows.
struct VectorFile<Row: Decodable & Sendable>: Decodable, Sendable {
    var source: String
    var vectors: [Row]
}

/// A small seeded generator (SplitMix64), so property tests are random but repeatable.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(count: Int) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) }
    }
}

func hex(_ text: String) -> [UInt8] {
    // Vector files are trusted test data; a malformed one should fail loudly.
    (try? Hex.decode(text)) ?? []
}
