import Crypto
public import Foundation
public import OneTimePassword
public import PooyaProtocol

/// A token in the vault: an issuer's dynamic PIN, or an ordinary TOTP account imported from an otpauth URI.
public struct StoredToken: Codable, Sendable, Hashable, Identifiable {
    /// Where the token came from.
    public enum Source: Codable, Sendable, Hashable {
        /// Provisioned by an issuer at `server`.
        case issuer(TokenParameters, server: String)
        /// Imported from an otpauth URI.
        case otpauth(issuer: String?, account: String, algorithm: OTPAlgorithm, digits: Int, period: Int64)
    }

    /// The vault's id for the token.
    public var id: String
    /// Where it came from, with its parameters.
    public var source: Source
    /// The shared seed.
    public var seed: Data
    /// When it was added (Unix seconds).
    public var addedAt: Int64
    /// Salt and SHA-256 of the generation PIN, when one is set.
    public var generationPIN: Data?
    /// How many seconds the issuer's clock was ahead of this device's (negative: behind) when last measured
    /// (``Authenticator/measureClock(of:connection:localTime:)``); codes are made for the issuer's time, so a phone
    /// whose clock is off still shows codes that pay. `nil` until measured.
    public var clockOffset: Int64?

    /// A token as provisioned or imported now.
    public init(id: String = UUID().uuidString, source: Source, seed: [UInt8], addedAt: Int64) {
        self.id = id
        self.source = source
        self.seed = Data(seed)
        self.addedAt = addedAt
    }

    /// What a person sees: the masked card, or `issuer:account`.
    public var label: String {
        switch source {
        case .issuer(let parameters, _): parameters.maskedPAN
        case .otpauth(let issuer, let account, _, _, _): issuer.map { "\($0):\(account)" } ?? account
        }
    }

    /// One token per card and PIN kind; ordinary accounts have no slot.
    var slot: String? {
        if case .issuer(let parameters, _) = source {
            Self.slot(maskedPAN: parameters.maskedPAN, kind: parameters.kind)
        } else {
            nil
        }
    }

    static func slot(maskedPAN: String, kind: PINKind) -> String { "\(maskedPAN)|\(kind.rawValue)" }

    /// Whether the token goes into a backup: an otpauth account always, a bank's token when its issuer said so.
    var travels: Bool {
        if case .issuer(let parameters, _) = source { parameters.exportable == true } else { true }
    }

    /// The generator of this token's codes.
    public func generator() throws -> TokenGenerator {
        switch source {
        case .issuer(let parameters, _):
            return try TokenGenerator(seed: Array(seed), parameters: parameters)
        case .otpauth(_, let account, let algorithm, let digits, let period):
            return try TokenGenerator(
                seed: Array(seed),
                parameters: TokenParameters(
                    tokenID: id,
                    kind: .second,
                    algorithm: algorithm,
                    digits: digits,
                    period: period,
                    maskedPAN: account,
                    bank: ""
                )
            )
        }
    }

    /// Sets (or, with `nil`, clears) the generation PIN.
    public mutating func setGenerationPIN(_ pin: String?) throws {
        guard let pin else {
            generationPIN = nil
            return
        }
        let digits = try GenerationPIN.validated(pin)
        let salt = SymmetricKey(size: .bits128).withUnsafeBytes { Data($0) }
        generationPIN = salt + Data(SHA256.hash(data: salt + Data(digits.utf8)))
    }

    /// Throws unless `pin` is this token's generation PIN (or it has none); compared in constant time.
    public func unlock(with pin: String?) throws {
        guard let stored = generationPIN else { return }
        guard let pin, let digits = DecimalDigitsText.latin(pin) else {
            throw VaultError.generationPINRequired
        }
        let salt = stored.prefix(16)
        let hash = Data(SHA256.hash(data: salt + Data(digits.utf8)))
        guard ConstantTime.equals(hash, stored.dropFirst(16)) else { throw VaultError.generationPINRequired }
    }

    /// The code for the device's `time`, corrected by ``clockOffset`` to the issuer's time, and the seconds until
    /// it changes.
    public func code(at time: Int64, generationPIN pin: String? = nil) throws -> (code: String, secondsLeft: Int64) {
        try unlock(with: pin)
        let generator = try generator()
        let time = time + (clockOffset ?? 0)
        return (try generator.code(at: time), try generator.secondsRemaining(at: time))
    }

    /// An amount-capped code (issuer tokens only): at most `rials` (rounded down to two significant digits) within
    /// at most `minutes` (rounded down to a choice), made at the device's `time` corrected to the issuer's.
    public func cappedCode(rials: Int64, minutes: Int, at time: Int64, generationPIN pin: String? = nil) throws
        -> (code: String, cap: AmountCap, validity: CappedValidity)
    {
        try unlock(with: pin)
        guard case .issuer(let parameters, _) = source, let cap = AmountCap(roundingDown: rials),
            let validity = CappedValidity(atMostMinutes: minutes)
        else { throw VaultError.capNotPossible }
        let capped = CappedCode(cap: cap, validity: validity)
        let time = time + (clockOffset ?? 0)
        return (try capped.code(seed: Array(seed), algorithm: parameters.algorithm, at: time), cap, validity)
    }
}
