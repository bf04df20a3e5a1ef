import OneTimePassword
import Testing

struct CodeMatcherTests {
    static let secret = Array("12345678901234567890".utf8)
    static let now: Int64 = 1_742_558_400  // step 29_042_640 of 60 s
    let totp: TOTP

    init() throws {
        totp = try TOTP(secret: Self.secret, digits: 7, period: 60)
    }

    @Test func theCurrentCodeMatchesTheCurrentStep() throws {
        let step = try totp.step(at: Self.now)
        #expect(try totp.matchingStep(for: totp.code(step: step), at: Self.now) == step)
    }

    @Test func thePreviousStepIsAcceptedWithTheDefaultWindowButNotTheOneBefore() throws {
        let step = try totp.step(at: Self.now)
        #expect(try totp.matchingStep(for: totp.code(step: step - 1), at: Self.now) == step - 1)
        #expect(try totp.matchingStep(for: totp.code(step: step - 2), at: Self.now) == nil)
        #expect(try totp.matchingStep(for: totp.code(step: step + 1), at: Self.now) == nil)
    }

    @Test func aWiderWindowAcceptsDriftBothWays() throws {
        let step = try totp.step(at: Self.now)
        let window = StepWindow(behind: 2, ahead: 1)
        #expect(try totp.matchingStep(for: totp.code(step: step - 2), at: Self.now, window: window) == step - 2)
        #expect(try totp.matchingStep(for: totp.code(step: step + 1), at: Self.now, window: window) == step + 1)
    }

    @Test func aCodeAtOrBeforeTheLastAcceptedStepIsNeverAcceptedAgain() throws {
        let step = try totp.step(at: Self.now)
        let code = totp.code(step: step)
        #expect(try totp.matchingStep(for: code, at: Self.now, lastAcceptedStep: step) == nil)
        #expect(try totp.matchingStep(for: code, at: Self.now + 30, lastAcceptedStep: step) == nil)
        #expect(try totp.matchingStep(for: totp.code(step: step - 1), at: Self.now, lastAcceptedStep: step - 1) == nil)
        #expect(try totp.matchingStep(for: code, at: Self.now, lastAcceptedStep: step - 1) == step)
    }

    @Test func aLastAcceptedStepAfterTheWindowAcceptsNothing() throws {
        let step = try totp.step(at: Self.now)
        #expect(try totp.matchingStep(for: totp.code(step: step), at: Self.now, lastAcceptedStep: .max) == nil)
        #expect(try totp.matchingStep(for: totp.code(step: step), at: Self.now, lastAcceptedStep: step + 5) == nil)
    }

    @Test func whenTwoStepsShareACodeTheLaterOneWins() {
        // Steps 3 and 5 both give "1234567": taking 3 would leave 5 open for the same digits.
        let codes: [UInt64: String] = [3: "1234567", 4: "7654321", 5: "1234567"]
        let step = CodeMatcher.matchingStep(for: "1234567", among: 3...5) { codes[$0]! }
        #expect(step == 5)
    }

    @Test func everyCandidateIsComputedWhereverTheMatchIs() {
        let codes = (0...9).map { String(repeating: String($0), count: 7) }
        for presented in [codes[0], codes[9], codes[5], "0000001"] {
            var computed: [UInt64] = []
            _ = CodeMatcher.matchingStep(for: presented, among: 0...9) { step in
                computed.append(step)
                return codes[Int(step)]
            }
            #expect(computed == Array(0...9))
        }
    }

    @Test func persianAndArabicIndicDigitsMatchTheirLatinCode() throws {
        let step = try totp.step(at: Self.now)
        #expect(totp.code(step: step) == "7903762")
        #expect(try totp.matchingStep(for: "۷۹۰۳۷۶۲", at: Self.now) == step)
        #expect(try totp.matchingStep(for: "٧٩٠٣٧٦٢", at: Self.now) == step)
        #expect(try totp.matchingStep(for: "79۰3٧62", at: Self.now) == step)
    }

    @Test(arguments: ["", "790376", "79037620", "7903 762", "79037a2", "+903762", "７９０３７６２"])
    func somethingThatIsNotACodeOfTheRightLengthMatchesNothing(presented: String) throws {
        #expect(try totp.matchingStep(for: presented, at: Self.now) == nil)
    }

    @Test func theWindowIsClippedAtStepZero() throws {
        let code = try totp.code(at: 0)
        #expect(try totp.matchingStep(for: code, at: 59, window: .init(behind: 5, ahead: 0)) == 0)
    }

    @Test func theMatcherAgreesWithABruteForceSearch() throws {
        var random = SeededGenerator(seed: 1)
        for _ in 0..<300 {
            let totp = try TOTP(secret: random.bytes(count: 20), digits: 6, period: 30)
            let time = Int64.random(in: 10_000...2_000_000_000, using: &random)
            let current = try totp.step(at: time)
            let target = current + UInt64.random(in: 0...6, using: &random) - 3
            let code = totp.code(step: target)
            let lastAccepted: UInt64? = Bool.random(using: &random) ? current - 1 : nil
            let window = StepWindow(behind: 2, ahead: 1)
            let expected = (current - 2...current + 1)
                .filter { step in lastAccepted.map { step > $0 } ?? true }
                .last { totp.code(step: $0) == code }
            #expect(
                try totp.matchingStep(for: code, at: time, window: window, lastAcceptedStep: lastAccepted) == expected
            )
        }
    }
}

struct ConstantTimeTests {
    /// Bytes that count how many of them were read.
    final class CountingBytes: Collection {
        let bytes: [UInt8]
        private(set) var reads = 0
        init(_ text: String) { bytes = Array(text.utf8) }
        var startIndex: Int { 0 }
        var endIndex: Int { bytes.count }
        func index(after index: Int) -> Int { index + 1 }
        subscript(position: Int) -> UInt8 {
            reads += 1
            return bytes[position]
        }
    }

    @Test func equalBytesAreEqual() {
        #expect(ConstantTime.equals(Array("1234567".utf8), Array("1234567".utf8)))
        #expect(ConstantTime.equals([UInt8](), [UInt8]()))
    }

    @Test func differentBytesOrLengthsAreNot() {
        #expect(!ConstantTime.equals(Array("1234567".utf8), Array("1234568".utf8)))
        #expect(!ConstantTime.equals(Array("1234567".utf8), Array("123456".utf8)))
    }

    @Test(arguments: ["0234567", "1234560", "9999999", "1234567"])
    func everyByteIsReadWhereverTheFirstDifferenceIs(guess: String) {
        let expected = CountingBytes("1234567")
        _ = ConstantTime.equals(expected, Array(guess.utf8))
        #expect(expected.reads == 7)
    }
}
