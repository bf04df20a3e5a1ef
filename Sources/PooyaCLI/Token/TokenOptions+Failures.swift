import ArgumentParser
import Foundation
import OneTimePassword
import PooyaAuthenticator
import PooyaProtocol
#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

extension TokenOptions {
    /// Runs a `pooya token` command's work and tells the cardholder, in their language, why it failed: one sentence
    /// on standard error (`خطا: …` in Persian, `Error: …` in English), exit status 1, or 64 for a wrong use of the
    /// command's options.
    func reporting(_ work: () async throws -> Void) async throws {
        do {
            try await work()
        } catch let exit as ExitCode {
            throw exit
        } catch let misuse as ValidationError {
            printError(say("خطا: ", "Error: ") + misuse.message)
            throw ExitCode.validationFailure
        } catch {
            printError(say("خطا: ", "Error: ") + explain(error))
            throw ExitCode.failure
        }
    }

    /// What went wrong, in the language of `--lang`; never a secret (the errors named here carry none).
    func explain(_ error: any Error) -> String {
        switch error {
        case let failure as CommandFailure: failure.description
        case let problem as IssuerProblem:
            // The issuer answered in the language asked of it (`Accept-Language`); its detail is the whole sentence.
            say(
                problem.detail.isEmpty ? problem.title : problem.detail,
                problem.detail.isEmpty ? problem.title : problem.detail
            )
        case let vault as VaultError: say(vault.persianDescription, vault.description)
        case let typo as ActivationCodeError: say(typo.persianDescription, typo.description)
        case let handshake as ProvisioningError: say(handshake.persianDescription, handshake.description)
        case is URLError:
            say(
                "به سرویس بانک نرسیدیم؛ اینترنت و نشانی --server را بررسی کنید",
                "the bank's service could not be reached: check the connection and --server"
            )
        case is DecodingError:
            say(
                "پاسخ سرویس بانک خوانا نبود؛ نشانی --server را بررسی کنید",
                "the bank's answer could not be read: check --server"
            )
        case let otp as OTPError: say("این توکن رمز نمی‌سازد (\(otp))", "this token cannot make codes: \(otp)")
        default: say("کار انجام نشد (\(error))", "\(error)")
        }
    }
}
