import CPKCS11
import Foundation
import PooyaIssuer
import Synchronization

/// One token of a PKCS#11 module, loaded at run time, with a few logged-in read-write sessions. A session carries one
/// operation's state, so each is used by one call at a time; calls take the sessions in turn, so that as many run at
/// once as there are sessions. The function list is the module's, never written after loading.
final class PKCS11Token: @unchecked Sendable {
    /// Sessions opened per token: calls beyond this many at once wait for one.
    static let sessionCount = 4

    private let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>
    private let sessions: [Session]
    private let turn = Atomic<Int>(0)

    /// Loads `module`, finds the token labelled `label`, opens its sessions and logs in with `pin`.
    ///
    /// - Throws: ``KeyVaultError/unavailable(_:)`` naming what failed, never the PIN.
    init(module: String, label: String, pin: String) throws(KeyVaultError) {
        let list = try Self.loaded(module)
        functions = list
        let slot = try Self.slot(labelled: label, in: list)
        var opened: [Session] = []
        for _ in 0..<Self.sessionCount {
            var session: CK_SESSION_HANDLE = 0
            let rv = list.pointee.C_OpenSession!(
                slot,
                CK_FLAGS(CKF_SERIAL_SESSION | CKF_RW_SESSION),
                nil,
                nil,
                &session
            )
            guard rv == CKR_OK else { throw Self.failure("C_OpenSession", rv) }
            opened.append(Session(handle: session))
        }
        // A login holds for every session of the application with the token.
        var pinBytes = Array(pin.utf8)
        let loggedIn = list.pointee.C_Login!(
            opened[0].handle,
            CK_USER_TYPE(CKU_USER),
            &pinBytes,
            CK_ULONG(pinBytes.count)
        )
        guard loggedIn == CKR_OK || loggedIn == CKR_USER_ALREADY_LOGGED_IN else {
            throw Self.failure("C_Login", loggedIn)
        }
        sessions = opened
    }

    deinit {
        for session in sessions { _ = functions.pointee.C_CloseSession!(session.handle) }
    }

    /// A session, and the lock that keeps it to one call at a time.
    private final class Session: Sendable {
        let handle: CK_SESSION_HANDLE
        let lock = Mutex(())

        init(handle: CK_SESSION_HANDLE) { self.handle = handle }
    }

    /// The modules loaded and initialised in this process, by path: `C_Initialize` runs once per module, never
    /// concurrently.
    private static let modules = Mutex<[String: UnsafeMutablePointer<CK_FUNCTION_LIST>]>([:])

    private static func loaded(_ module: String) throws(KeyVaultError) -> UnsafeMutablePointer<CK_FUNCTION_LIST> {
        try modules.withLock { modules throws(KeyVaultError) in
            if let list = modules[module] { return list }
            guard let library = dlopen(module, RTLD_NOW) else {
                throw .unavailable("the PKCS#11 module \(module) cannot be loaded")
            }
            guard let symbol = dlsym(library, "C_GetFunctionList") else {
                throw .unavailable("\(module) is not a PKCS#11 module")
            }
            typealias GetFunctionList =
                @convention(c) (
                    UnsafeMutablePointer<UnsafeMutablePointer<CK_FUNCTION_LIST>?>?
                ) -> CK_RV
            var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
            let getFunctionList = unsafeBitCast(symbol, to: GetFunctionList.self)
            guard getFunctionList(&list) == CKR_OK, let list else {
                throw .unavailable("\(module) gave no PKCS#11 function list")
            }
            var arguments = CK_C_INITIALIZE_ARGS(
                CreateMutex: nil,
                DestroyMutex: nil,
                LockMutex: nil,
                UnlockMutex: nil,
                flags: CK_FLAGS(CKF_OS_LOCKING_OK),
                pReserved: nil
            )
            let initialised = list.pointee.C_Initialize!(&arguments)
            guard initialised == CKR_OK || initialised == CKR_CRYPTOKI_ALREADY_INITIALIZED else {
                throw failure("C_Initialize", initialised)
            }
            modules[module] = list
            return list
        }
    }

    private static func slot(labelled label: String, in list: UnsafeMutablePointer<CK_FUNCTION_LIST>)
        throws(KeyVaultError) -> CK_SLOT_ID
    {
        var count: CK_ULONG = 0
        var listed = list.pointee.C_GetSlotList!(CK_BBOOL(CK_TRUE), nil, &count)
        guard listed == CKR_OK else { throw failure("C_GetSlotList", listed) }
        var slots = [CK_SLOT_ID](repeating: 0, count: Int(count))
        listed = list.pointee.C_GetSlotList!(CK_BBOOL(CK_TRUE), &slots, &count)
        guard listed == CKR_OK else { throw failure("C_GetSlotList", listed) }
        for slot in slots.prefix(Int(count)) {
            var info = CK_TOKEN_INFO()
            guard list.pointee.C_GetTokenInfo!(slot, &info) == CKR_OK else { continue }
            let padded = withUnsafeBytes(of: info.label) { String(decoding: $0, as: UTF8.self) }
            if padded.trimmingCharacters(in: .whitespaces) == label { return slot }
        }
        throw .unavailable("no PKCS#11 token is labelled \(label)")
    }

    static func failure(_ call: String, _ value: CK_RV) -> KeyVaultError {
        .unavailable("PKCS#11 \(call) failed (CKR 0x\(String(value, radix: 16)))")
    }

    /// Runs `body` with the function list and the next session in turn, alone on it.
    func call<Result>(
        _ body: (CK_FUNCTION_LIST, CK_SESSION_HANDLE) throws(KeyVaultError) -> Result
    ) throws(KeyVaultError) -> Result {
        let session = sessions[turn.wrappingAdd(1, ordering: .relaxed).oldValue % sessions.count]
        return try session.lock.withLock { _ throws(KeyVaultError) in try body(functions.pointee, session.handle) }
    }

    /// The objects matching `template`.
    func objects(_ template: Template) throws(KeyVaultError) -> [CK_OBJECT_HANDLE] {
        try call { functions, session throws(KeyVaultError) in
            let started = template.withAttributes { functions.C_FindObjectsInit!(session, $0, $1) }
            guard started == CKR_OK else { throw Self.failure("C_FindObjectsInit", started) }
            defer { _ = functions.C_FindObjectsFinal!(session) }
            var found: [CK_OBJECT_HANDLE] = []
            var batch = [CK_OBJECT_HANDLE](repeating: 0, count: 32)
            while true {
                var count: CK_ULONG = 0
                let rv = functions.C_FindObjects!(session, &batch, CK_ULONG(batch.count), &count)
                guard rv == CKR_OK else { throw Self.failure("C_FindObjects", rv) }
                if count == 0 { return found }
                found += batch.prefix(Int(count))
            }
        }
    }

    /// The value of attribute `type` of `object`, or `nil` when it has none or may not be read.
    func attribute(_ type: CK_ATTRIBUTE_TYPE, of object: CK_OBJECT_HANDLE) throws(KeyVaultError) -> [UInt8]? {
        try call { functions, session throws(KeyVaultError) in
            var query = CK_ATTRIBUTE(type: type, pValue: nil, ulValueLen: 0)
            guard functions.C_GetAttributeValue!(session, object, &query, 1) == CKR_OK,
                query.ulValueLen != CK_ULONG.max
            else { return nil }
            var value = [UInt8](repeating: 0, count: Int(query.ulValueLen))
            let rv = value.withUnsafeMutableBytes { buffer in
                var read = CK_ATTRIBUTE(type: type, pValue: buffer.baseAddress, ulValueLen: CK_ULONG(buffer.count))
                return functions.C_GetAttributeValue!(session, object, &read, 1)
            }
            return rv == CKR_OK ? value : nil
        }
    }

    /// A new secret key made inside the token.
    func generateKey(_ mechanism: CK_MECHANISM_TYPE, _ template: Template) throws(KeyVaultError) -> CK_OBJECT_HANDLE {
        try call { functions, session throws(KeyVaultError) in
            var mechanism = CK_MECHANISM(mechanism: mechanism, pParameter: nil, ulParameterLen: 0)
            var key: CK_OBJECT_HANDLE = 0
            let rv = template.withAttributes { functions.C_GenerateKey!(session, &mechanism, $0, $1, &key) }
            guard rv == CKR_OK else { throw Self.failure("C_GenerateKey", rv) }
            return key
        }
    }

    /// A new key pair made inside the token.
    func generateKeyPair(
        _ mechanism: CK_MECHANISM_TYPE,
        public publicTemplate: Template,
        private privateTemplate: Template
    )
        throws(KeyVaultError)
    {
        try call { functions, session throws(KeyVaultError) in
            var mechanism = CK_MECHANISM(mechanism: mechanism, pParameter: nil, ulParameterLen: 0)
            var publicKey: CK_OBJECT_HANDLE = 0
            var privateKey: CK_OBJECT_HANDLE = 0
            let rv = publicTemplate.withAttributes { publicAttributes, publicCount in
                privateTemplate.withAttributes { privateAttributes, privateCount in
                    functions.C_GenerateKeyPair!(
                        session,
                        &mechanism,
                        publicAttributes,
                        publicCount,
                        privateAttributes,
                        privateCount,
                        &publicKey,
                        &privateKey
                    )
                }
            }
            guard rv == CKR_OK else { throw Self.failure("C_GenerateKeyPair", rv) }
        }
    }

    /// Sets `object`'s label.
    func relabel(_ object: CK_OBJECT_HANDLE, as label: String) throws(KeyVaultError) {
        try call { functions, session throws(KeyVaultError) in
            let rv = Template([(CK_ATTRIBUTE_TYPE(CKA_LABEL), .text(label))]).withAttributes {
                functions.C_SetAttributeValue!(session, object, $0, $1)
            }
            guard rv == CKR_OK else { throw Self.failure("C_SetAttributeValue", rv) }
        }
    }

    /// Destroys `object` in the token.
    func destroy(_ object: CK_OBJECT_HANDLE) throws(KeyVaultError) {
        try call { functions, session throws(KeyVaultError) in
            let rv = functions.C_DestroyObject!(session, object)
            guard rv == CKR_OK else { throw Self.failure("C_DestroyObject", rv) }
        }
    }

    /// A new object from `template` (a key a ceremony brings, say).
    func create(_ template: Template) throws(KeyVaultError) {
        try call { functions, session throws(KeyVaultError) in
            var object: CK_OBJECT_HANDLE = 0
            let rv = template.withAttributes { functions.C_CreateObject!(session, $0, $1, &object) }
            guard rv == CKR_OK else { throw Self.failure("C_CreateObject", rv) }
        }
    }

    /// What `operation` (encrypt, decrypt or sign) makes of `input` under `key` with `mechanism` and its parameter.
    ///
    /// - Returns: `nil` when the token refuses the input: a ciphertext that does not decrypt, or a length the mechanism
    ///   does not take.
    func run(
        _ operation: Operation,
        _ mechanism: CK_MECHANISM_TYPE,
        parameter: [UInt8]? = nil,
        key: CK_OBJECT_HANDLE,
        input: [UInt8]
    ) throws(KeyVaultError) -> [UInt8]? {
        try call { functions, session throws(KeyVaultError) in
            var parameterBytes = parameter ?? []
            let started = parameterBytes.withUnsafeMutableBytes { buffer in
                var mechanism = CK_MECHANISM(
                    mechanism: mechanism,
                    pParameter: parameter == nil ? nil : buffer.baseAddress,
                    ulParameterLen: CK_ULONG(buffer.count)
                )
                return switch operation {
                case .encrypt: functions.C_EncryptInit!(session, &mechanism, key)
                case .decrypt: functions.C_DecryptInit!(session, &mechanism, key)
                case .sign: functions.C_SignInit!(session, &mechanism, key)
                }
            }
            guard started == CKR_OK else { throw Self.failure("\(operation) init", started) }
            var input = input
            var output = [UInt8](repeating: 0, count: input.count + 256)
            var length = CK_ULONG(output.count)
            let rv =
                switch operation {
                case .encrypt: functions.C_Encrypt!(session, &input, CK_ULONG(input.count), &output, &length)
                case .decrypt: functions.C_Decrypt!(session, &input, CK_ULONG(input.count), &output, &length)
                case .sign: functions.C_Sign!(session, &input, CK_ULONG(input.count), &output, &length)
                }
            // A ciphertext that does not decrypt (SoftHSM2 answers a wrong GCM tag with CKR_GENERAL_ERROR, others
            // with CKR_ENCRYPTED_DATA_INVALID) and input of a length the mechanism refuses are answers, not failures.
            if operation == .decrypt && rv != CKR_OK { return nil }
            if rv == CKR_DATA_LEN_RANGE || rv == CKR_ENCRYPTED_DATA_LEN_RANGE { return nil }
            guard rv == CKR_OK else { throw Self.failure("\(operation)", rv) }
            return Array(output.prefix(Int(length)))
        }
    }

    /// What ``run(_:_:parameter:key:input:)`` does.
    enum Operation: CustomStringConvertible {
        case encrypt, decrypt, sign

        var description: String {
            switch self {
            case .encrypt: "C_Encrypt"
            case .decrypt: "C_Decrypt"
            case .sign: "C_Sign"
            }
        }
    }
}
