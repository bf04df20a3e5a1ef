/// A command that could not do its work, with the sentence a person needs: printed as `Error: …`, exit status 1,
/// without the usage text that a mistyped option gets.
struct CommandFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) {
        self.description = description
    }
}
