import PooyaAPI
import PooyaIssuer
import PooyaProtocol

extension Components.Schemas.PINKind {
    init(_ kind: PINKind) { self = kind == .first ? .first : .second }

    var domain: PINKind { self == .first ? .first : .second }
}

extension Components.Schemas.Channel {
    init(_ channel: ActivationChannel) {
        switch channel {
        case .atm: self = .atm
        case .internetBank: self = .internetBank
        case .branch: self = .branch
        }
    }

    var domain: ActivationChannel {
        switch self {
        case .atm: .atm
        case .internetBank: .internetBank
        case .branch: .branch
        }
    }
}

extension Components.Schemas.TransactionType {
    init(_ type: TransactionType) {
        switch type {
        case .purchase: self = .purchase
        case .bill: self = .bill
        case .topUp: self = .topUp
        case .transfer: self = .transfer
        }
    }

    /// The domain's transaction type.
    var domain: TransactionType {
        switch self {
        case .purchase: .purchase
        case .bill: .bill
        case .topUp: .topUp
        case .transfer: .transfer
        }
    }
}

extension Components.Schemas.VerificationRequest.PinBlockFormatPayload {
    /// The domain's PIN block format.
    var domain: PINBlockFormat {
        switch self {
        case .iso0: .iso0
        case .iso3: .iso3
        case .iso4: .iso4
        }
    }
}
