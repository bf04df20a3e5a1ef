import Foundation

/// The per-user folders the defaults live in, as the XDG base directory specification has them: `$XDG_DATA_HOME`,
/// else `$HOME/.local/share`; on macOS `$HOME/Library/Application Support`. `$HOME` comes first, then the account's
/// home directory, so a service account or a test can move everything by setting it.
enum UserFolders {
    /// The folder per-user data goes in: `…/pooya` for the service's data, `…/pooya/tokens.vault` for the vault.
    static var data: String {
        let environment = ProcessInfo.processInfo.environment
        let home =
            environment["HOME"].flatMap { $0.isEmpty ? nil : $0 }
            ?? FileManager.default.homeDirectoryForCurrentUser.path
        #if os(macOS)
            return "\(home)/Library/Application Support"
        #else
            return environment["XDG_DATA_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? "\(home)/.local/share"
        #endif
    }

    /// Pooya's own folder in ``data``: the service's default data folder, and where the vault lives.
    static var pooya: String {
        #if os(macOS)
            "\(data)/Pooya"
        #else
            "\(data)/pooya"
        #endif
    }
}
