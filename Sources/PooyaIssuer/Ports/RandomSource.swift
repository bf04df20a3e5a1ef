/// Where randomness comes from: a cryptographically secure generator in production, a seeded one in tests.
public protocol RandomSource: Sendable {
    /// 64 random bits.
    func next() -> UInt64
}

/// The system's CSPRNG (`SystemRandomNumberGenerator`: getrandom on Linux, arc4random on Apple platforms).
public struct SystemRandomSource: RandomSource {
    /// Makes the source.
    public init() {}

    /// 64 bits from the system CSPRNG.
    public func next() -> UInt64 {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }
}

/// A `RandomNumberGenerator` over a ``RandomSource``, for APIs that take one.
struct RandomSourceGenerator: RandomNumberGenerator {
    let source: any RandomSource

    mutating func next() -> UInt64 { source.next() }
}

extension RandomSource {
    /// `count` random bytes.
    func bytes(_ count: Int) -> [UInt8] {
        var generator = RandomSourceGenerator(source: self)
        return (0..<count).map { _ in UInt8.random(in: 0...255, using: &generator) }
    }
}
