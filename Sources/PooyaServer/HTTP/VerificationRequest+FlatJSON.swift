import PooyaAPI

extension Components.Schemas.VerificationRequest {
    /// The request `object` holds, when it is one the generated decoder reads without complaint and to the same
    /// value: every required member, each member of its type, an enumeration's known value, no other member.
    /// Otherwise `nil`, and the generated decoder reads it (and says what is wrong).
    init?(_ object: FlatJSONObject) {
        var members = object.members
        let format = { (value: FlatJSONObject.Value) in value.string.flatMap(PinBlockFormatPayload.init) }
        let type = { (value: FlatJSONObject.Value) in value.string.flatMap(Components.Schemas.TransactionType.init) }
        guard let pan = members.removeValue(forKey: "pan")?.string,
            let kind = members.removeValue(forKey: "kind")?.string.flatMap(Components.Schemas.PINKind.init),
            let amount = members.removeValue(forKey: "amount")?.integer,
            let merchantId = members.removeValue(forKey: "merchantId")?.string,
            let transactionId = members.removeValue(forKey: "transactionId")?.string,
            let code = Self.optional(members.removeValue(forKey: "code"), \.string),
            let staticPin = Self.optional(members.removeValue(forKey: "staticPin"), \.bool),
            let pinBlock = Self.optional(members.removeValue(forKey: "pinBlock"), \.string),
            let pinBlockFormat = Self.optional(members.removeValue(forKey: "pinBlockFormat"), format),
            let zoneKeyId = Self.optional(members.removeValue(forKey: "zoneKeyId"), \.string),
            let merchantName = Self.optional(members.removeValue(forKey: "merchantName"), \.string),
            let transactionType = Self.optional(members.removeValue(forKey: "transactionType"), type),
            members.isEmpty
        else { return nil }
        self.init(
            pan: pan,
            code: code,
            staticPin: staticPin,
            pinBlock: pinBlock,
            pinBlockFormat: pinBlockFormat,
            zoneKeyId: zoneKeyId,
            kind: kind,
            amount: amount,
            merchantId: merchantId,
            merchantName: merchantName,
            transactionId: transactionId,
            transactionType: transactionType
        )
    }

    /// An optional member's value: `.some(nil)` when it is absent, `nil` when `read` finds it of another type.
    private static func optional<Value>(
        _ member: FlatJSONObject.Value?,
        _ read: (FlatJSONObject.Value) -> Value?
    ) -> Value?? {
        guard let member else { return .some(nil) }
        return read(member).map { .some($0) }
    }
}
