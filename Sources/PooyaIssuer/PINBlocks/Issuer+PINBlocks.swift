extension Issuer {
    /// The PIN a switch sent in an ISO 9564 PIN block for `card`, opened inside the key vault, as the code
    /// ``verify(_:)`` decides exactly as a typed one (single use, lockout, first or second PIN). Nothing is counted
    /// or recorded here: a block that cannot be read is the switch's to look at, not a wrong PIN.
    ///
    /// - Throws: ``IssuerError/pinBlock(_:)`` with why the block cannot be read.
    public func presentedCode(in block: EncipheredPINBlock, for card: CardReference) throws(IssuerError)
        -> PresentedCode
    {
        do { return try vault.openPINBlock(block, pan: card.pan) } catch { throw .pinBlock(error) }
    }

    /// The zone PIN keys the vault holds, with their check values.
    public var zoneKeys: [ZoneKeyInfo] { vault.zoneKeys }
}
