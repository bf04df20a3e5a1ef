import Foundation
import Synchronization

/// SoftHSM2 (Debian's `softhsm2`) as the tests use it: `scripts/test` makes a token folder in a temporary folder,
/// `SOFTHSM2_TEST_TOKENS` tokens in it (labelled `pooya-test-1`, `-2`…, user PIN ``pin``), and points
/// `SOFTHSM2_CONF` at it before the tests start — the module reads its configuration and tokens once, when it is
/// initialised. Each test takes a token of its own.
public enum SoftHSM {
    /// The module's path, when SoftHSM2 is installed and `scripts/test` made tokens for this run.
    public static let module: String? = {
        let environment = ProcessInfo.processInfo.environment
        guard environment["SOFTHSM2_CONF"] != nil, tokenCount > 0 else { return nil }
        return [
            "/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
            "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/opt/homebrew/lib/softhsm/libsofthsm2.so",
            "/usr/local/lib/softhsm/libsofthsm2.so",
        ].first { FileManager.default.fileExists(atPath: $0) }
    }()

    /// The user PIN of every test token.
    public static let pin = "1234"

    private static let tokenCount = Int(ProcessInfo.processInfo.environment["SOFTHSM2_TEST_TOKENS"] ?? "") ?? 0
    private static let taken = Mutex(0)

    /// A token no other test has taken: its label.
    ///
    /// - Throws: when every token of the run is taken.
    public static func token() throws -> String {
        let number = taken.withLock { count in
            count += 1
            return count
        }
        guard number <= tokenCount else {
            throw CocoaError(.featureUnsupported, userInfo: [NSDebugDescriptionErrorKey: "all test tokens are taken"])
        }
        return "pooya-test-\(number)"
    }
}
