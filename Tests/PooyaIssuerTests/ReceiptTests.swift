import Crypto
import Foundation
import OneTimePassword
import PooyaIssuer
import PooyaKeyVault
import PooyaProtocol
import PooyaSQLite
import PooyaTesting
import Testing

/// Signed verification receipts: what an approval carries, what the key set checks, and redemption once.
struct ReceiptTests {
    /// The bytes of a compact JWS's segment `index` (0 header, 1 payload), read without checking the signature.
    func segment(_ index: Int, of token: String) throws -> Data {
        let parts = token.split(separator: ".", omittingEmptySubsequences: false)
        var base64 = String(parts[index]).replacingOccurrences(of: "-", with: "+").replacingOccurrences(
            of: "_",
            with: "/"
        )
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        return try #require(Data(base64Encoded: base64))
    }

    func base64URL(_ data: Data) -> String {
        data.base64EncodedString().replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    func approvedReceipt(_ harness: IssuerHarness, transaction: String = "pay-1") async throws -> VerificationReceipt {
        let token = try await harness.provisionedToken()
        return try #require(try await harness.verification(harness.code(token), transaction: transaction).receipt)
    }

    @Test func anApprovalCarriesASignedReceiptOfThePaymentAndARefusalNone() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        let token = try await harness.provisionedToken()
        let code = try harness.code(token)
        let verification = try await harness.verification(code, amount: 2_500_000, transaction: "pay-1")
        let receipt = try #require(verification.receipt)
        let now = harness.clock.now()
        let expected = ReceiptClaims(
            issuer: "pooya",
            cardID: card.id,
            maskedPAN: "610433******0018",
            transactionID: "pay-1",
            amount: 2_500_000,
            merchantID: "merchant-1",
            transactionType: .purchase,
            kind: .second,
            decision: .approved,
            method: .app,
            issuedAt: now,
            expiresAt: now + 600
        )
        #expect(receipt.claims == expected)
        #expect(harness.issuer.receiptKeys().check(receipt.token, now: now) == .valid(expected))
        let header = try JSONDecoder().decode([String: String].self, from: segment(0, of: receipt.token))
        let keyID = try #require(harness.vault.receiptKeys.last?.id)
        #expect(header == ["alg": "EdDSA", "kid": keyID, "typ": "pooya-receipt+jwt"])
        let payload = String(decoding: try segment(1, of: receipt.token), as: UTF8.self)
        #expect(!payload.contains("6104337800000018") && !payload.contains(code))

        let refused = try await harness.verification(try harness.wrongCode(token))
        #expect(refused.decision == .rejected(.invalidCode, attemptsLeft: 2) && refused.receipt == nil)
    }

    @Test func aRetryOfTheSameRequestGetsAReceiptWithTheSameClaims() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let token = try await harness.provisionedToken()
        let code = try harness.code(token)
        let first = try #require(try await harness.verification(code, transaction: "pay-1").receipt)
        harness.clock.advance(by: 5)
        let retry = try #require(try await harness.verification(code, transaction: "pay-1").receipt)
        #expect(retry.claims == first.claims)
        #expect(harness.issuer.receiptKeys().check(retry.token, now: harness.clock.now()) == .valid(first.claims))
    }

    @Test func eachWayOfProvingThePINIsNamed() async throws {
        let harness = try IssuerHarness()
        let card = try await harness.registerCard()
        let pan = try harness.issuer.reference(to: try PAN(parsing: IssuerHarness.pan))
        func method(_ pin: PresentedPIN, amount: Int64 = 1_000, transaction: String) async throws -> ApprovalMethod? {
            let request = VerificationRequest(
                card: pan,
                pin: pin,
                kind: .second,
                amount: amount,
                merchantID: "m",
                transactionID: transaction
            )
            return try await harness.issuer.verify(request).receipt?.claims.method
        }
        #expect(try await method(.staticPIN, transaction: "static") == .staticPIN)

        let token = try await harness.provisionedToken()
        #expect(try await method(.dynamicCode(PresentedCode(typed: harness.code(token))), transaction: "app") == .app)

        let capped = CappedCode(cap: AmountCap(roundingDown: 5_000_000)!, validity: CappedValidity(atMostMinutes: 10)!)
        let cappedCode = try capped.code(
            seed: token.seed,
            algorithm: token.parameters.algorithm,
            at: harness.clock.now()
        )
        #expect(try await method(.dynamicCode(PresentedCode(typed: cappedCode)), transaction: "capped") == .capped)

        let shown = try await harness.issuer.ussdCode(
            cardID: card.id,
            mobile: MobileNumber(parsing: IssuerHarness.mobile)
        )
        #expect(try await method(.dynamicCode(PresentedCode(typed: shown.code)), transaction: "ussd") == .ussd)

        _ = try await harness.issuer.challenge(
            ChallengeRequest(
                card: pan,
                amount: 1_000,
                merchantID: "m",
                merchantName: try MerchantName("فروشگاه"),
                transactionID: "sms"
            )
        )
        try await harness.deliverSMS()
        let sent = try #require(harness.sms.messages.last?.text.firstMatch(of: /([0-9]{7})/)).output.1
        #expect(try await method(.dynamicCode(PresentedCode(typed: String(sent))), transaction: "sms") == .sms)
    }

    @Test func aReceiptIsRedeemedOnceEvenWhenPresentedManyTimesAtOnce() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let receipt = try await approvedReceipt(harness)
        let redemptions = try await withThrowingTaskGroup(of: ReceiptRedemption.self) { group in
            for _ in 0..<20 { group.addTask { try await harness.issuer.redeemReceipt(receipt.token) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let now = harness.clock.now()
        #expect(redemptions.filter { $0 == .redeemed(receipt.claims) }.count == 1)
        #expect(redemptions.filter { $0 == .alreadyRedeemed(receipt.claims, at: now) }.count == 19)
        harness.clock.advance(by: 60)
        #expect(try await harness.issuer.redeemReceipt(receipt.token) == .alreadyRedeemed(receipt.claims, at: now))
    }

    @Test func alteredForeignExpiredMalformedAndForgottenReceiptsAreRefusedSayingWhy() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let receipt = try await approvedReceipt(harness)
        let parts = receipt.token.split(separator: ".").map(String.init)

        var claims = receipt.claims
        claims.amount = 1
        let altered = parts[0] + "." + base64URL(Data(claims.payload)) + "." + parts[2]
        #expect(try await harness.issuer.redeemReceipt(altered) == .invalid(.badSignature))

        let otherBank = try Issuer(store: InMemoryIssuerStore(), vault: TestKeys.randomVault(), clock: harness.clock)
        let foreign = try await otherBankReceipt(otherBank)
        #expect(try await harness.issuer.redeemReceipt(foreign) == .invalid(.unknownKey))

        for malformed in ["", "abc", "a.b.c", parts[0] + "." + parts[1], receipt.token + ".x", "e30.e30.AA"] {
            #expect(try await harness.issuer.redeemReceipt(malformed) == .invalid(.malformed), "\(malformed)")
        }

        _ = try await harness.store.deleteRecords(before: harness.clock.now() + 1, limit: 100)
        #expect(try await harness.issuer.redeemReceipt(receipt.token) == .invalid(.notFound))

        harness.clock.advance(by: 600)
        #expect(try await harness.issuer.redeemReceipt(receipt.token) == .invalid(.expired))
    }

    /// A receipt from another issuer's vault, for a card of its own.
    func otherBankReceipt(_ issuer: Issuer) async throws -> String {
        let pan = try PAN(parsing: IssuerHarness.pan)
        _ = try await issuer.registerCard(pan: pan, mobile: MobileNumber(parsing: IssuerHarness.mobile))
        let request = VerificationRequest(
            card: try issuer.reference(to: pan),
            pin: .staticPIN,
            kind: .second,
            amount: 1,
            merchantID: "m",
            transactionID: "elsewhere"
        )
        return try #require(try await issuer.verify(request).receipt?.token)
    }

    @Test func theApprovalTheRedemptionAndALaterPresentationAreAuditedWithTheReceiptsDigest() async throws {
        let harness = try IssuerHarness()
        try await harness.registerCard()
        let receipt = try await approvedReceipt(harness)
        _ = try await harness.issuer.redeemReceipt(receipt.token)
        _ = try await harness.issuer.redeemReceipt(receipt.token)
        let entries = try await harness.store.auditEntries(after: 0, limit: 100, card: nil)
        let digest = base64URL(Data(SHA256.hash(data: try segment(1, of: receipt.token)).prefix(16)))
        #expect(receipt.claims.digest == digest)
        let named = entries.filter { $0.event.reason?.rawValue == "receipt:" + digest }.map(\.event.action)
        #expect(named == [.verificationApproved, .receiptRedeemed, .receiptPresentedAgain])
        #expect(try await harness.issuer.verifyAuditChain() == .intact(entries: Int64(entries.count)))
    }

    @Test func aRetiredKeyStaysListedUntilTheReceiptsItSignedHaveExpired() async throws {
        let clock = ManualClock()
        let old = try TestKeys.randomReceiptKey(retiredAt: clock.now())
        let new = try TestKeys.randomReceiptKey()
        let vault = try MasterKeyRing(
            masterKeys: [1: SymmetricKey(size: .bits256)],
            currentKeyID: 1,
            fingerprintKey: SymmetricKey(size: .bits256),
            receiptKeys: [old, new]
        )
        let issuer = try Issuer(store: InMemoryIssuerStore(), vault: vault, clock: clock)
        #expect(issuer.receiptKeys().keys == [old.publicKey, new.publicKey])
        let token = try await otherBankReceipt(issuer)
        let header = try JSONDecoder().decode([String: String].self, from: segment(0, of: token))
        #expect(header["kid"] == new.publicKey.id, "the newest key signs")
        clock.advance(by: 599)
        #expect(issuer.receiptKeys().keys == [old.publicKey, new.publicKey])
        clock.advance(by: 1)
        #expect(issuer.receiptKeys().keys == [new.publicKey])
    }
}

/// The keys receipts are checked with, as a JSON Web Key Set.
struct ReceiptKeySetTests {
    @Test func aKeysIdIsItsRFC7638Thumbprint() throws {
        // RFC 8037, appendix A.2 and A.3.
        let x = Data(base64Encoded: "11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")!
        #expect(try ReceiptKey(rawRepresentation: x).id == "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k")
    }

    @Test func claimsWithAnyTextReadBackFromTheirPayloadAndTheirKeysAreInOrder() throws {
        let claims = ReceiptClaims(
            issuer: "bank.example",
            cardID: "crd_1",
            maskedPAN: "610433******0018",
            transactionID: "tx \"quoted\" \\ back/slash\n\t\u{1}",
            amount: -1,
            merchantID: "فروشگاه ۱ 🛒",
            transactionType: .topUp,
            kind: .first,
            decision: .staticPINAllowed,
            method: .staticPIN,
            issuedAt: 0,
            expiresAt: Int64.max
        )
        #expect(try JSONDecoder().decode(ReceiptClaims.self, from: Data(claims.payload)) == claims)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(claims.payload)) as? [String: Any])
        let keys = ["amt", "dec", "exp", "iat", "iss", "knd", "mer", "mth", "pan", "sub", "ttp", "txn"]
        #expect(Set(object.keys) == Set(keys))
        let written = String(decoding: claims.payload, as: UTF8.self)
        let positions = try keys.map { try #require(written.range(of: "\"\($0)\":")).lowerBound }
        #expect(positions == positions.sorted(), "the keys are written in order")
        #expect(written.contains(#"\u0001"#) && written.contains("فروشگاه ۱ 🛒"))
    }

    @Test func theSetRoundTripsThroughItsJWKSAndSkipsWhatIsNotAnEd25519KeyOfItsID() throws {
        let keys = [try TestKeys.randomReceiptKey().publicKey, try TestKeys.randomReceiptKey().publicKey]
        let set = ReceiptKeySet(keys)
        #expect(try ReceiptKeySet(jwks: set.jwks) == set)
        let other = try TestKeys.randomReceiptKey().publicKey.jwk
        var misnamed = keys[0].jwk
        misnamed.x = other.x
        var rsa = keys[0].jwk
        rsa.kty = "RSA"
        let document = try JSONEncoder().encode(["keys": [misnamed, rsa, keys[1].jwk]])
        #expect(try ReceiptKeySet(jwks: document).keys == [keys[1]])
        #expect(throws: KeyVaultError.unavailable("the JSON Web Key Set lists no Ed25519 key")) {
            try ReceiptKeySet(jwks: JSONEncoder().encode(["keys": [rsa]]))
        }
        #expect(throws: KeyVaultError.unavailable("the receipt keys are not a JSON Web Key Set")) {
            try ReceiptKeySet(jwks: Data("[]".utf8))
        }
    }

    @Test func aReceiptKeyShowsNothingButItsID() throws {
        let key = try TestKeys.randomReceiptKey()
        #expect(String(describing: key) == "ReceiptSigningKey(\(key.publicKey.id))")
        var dumped = ""
        dump(key, to: &dumped)
        #expect(!dumped.contains("privateKey"))
    }
}
