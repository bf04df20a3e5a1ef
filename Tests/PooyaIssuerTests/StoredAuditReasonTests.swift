import Foundation
import PooyaIssuer
import Testing

/// A receipt's name in an audit entry's reason is kept as its 16 bytes and reads back as the same text; any other
/// reason, and any receipt name that 16 bytes would not write back the same, is kept as its text.
struct StoredAuditReasonTests {
    @Test func aReceiptsNameIsKeptAsItsSixteenBytes() throws {
        let reason = AuditReason.receipt("wiiZhdxmW7QxImhVIci5bA")
        let (text, receipt) = StoredAuditReason.columns(reason)
        let bytes = try #require(receipt)
        #expect(text == nil && bytes.count == 16 && bytes.first == 0xc2 && bytes.last == 0x6c)
        #expect(StoredAuditReason.reason(text: nil, receipt: bytes) == reason)
    }

    @Test(arguments: [
        "receipt:wiiZhdxmW7QxImhVIci5bB",  // the last character's unused bits are not zero
        "receipt:wiiZhdxmW7QxImhVIci5b",  // 21 characters
        "receipt:wiiZhdxmW7QxImhVIci5bAA",  // 23 characters
        "receipt:wiiZhdxmW7QxImhVIci5b=",  // not the alphabet
        "receipt:wiiZhdxmW7QxImhVIci5b۱",  // a Persian digit
        "Receipt:wiiZhdxmW7QxImhVIci5bA",
        "locked",
    ])
    func anythingElseIsKeptAsText(text: String) {
        let reason = AuditReason(rawValue: text)
        let columns = StoredAuditReason.columns(reason)
        #expect(columns.text == text && columns.receipt == nil)
        #expect(StoredAuditReason.reason(text: columns.text, receipt: columns.receipt) == reason)
    }

    @Test func noReasonIsNeither() {
        #expect(StoredAuditReason.columns(nil) == (nil, nil))
        #expect(StoredAuditReason.reason(text: nil, receipt: nil) == nil)
    }
}
