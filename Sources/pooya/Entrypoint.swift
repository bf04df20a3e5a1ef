import ArgumentParser
import PooyaCLI

/// The `pooya` executable: everything it does lives in `PooyaCLI`.
@main
enum Entrypoint {
    static func main() async {
        await Pooya.main()
    }
}
