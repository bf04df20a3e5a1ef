/// What a payment is, as a gateway's code SMS names it and its verification must repeat: the Central Bank's rule
/// since 1399 has the SMS name the transaction's type, amount and payee, and refuse a payment that differs in any.
public enum TransactionType: String, Sendable, Hashable, CaseIterable, Codable {
    /// A purchase from a merchant; what a verification that names no type is.
    case purchase
    /// A bill payment.
    case bill
    /// A mobile top-up.
    case topUp = "top_up"
    /// A card-to-card or account transfer.
    case transfer

    /// The word the SMS starts its payee line with.
    var persianName: String {
        switch self {
        case .purchase: "خرید"
        case .bill: "قبض"
        case .topUp: "شارژ"
        case .transfer: "انتقال"
        }
    }
}
