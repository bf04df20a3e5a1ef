import PooyaPostgres
import Testing

/// Reading `store.url`: what it sets, what it refuses, and that the password never shows.
struct PostgresSettingsTests {
    @Test("a full URL sets every field; the defaults are TLS required and 20 connections")
    func aFullURL() throws {
        let settings = try PostgresSettings(
            url: "postgresql://pooya:s3cret@db.bank.example:6432/issuer?sslmode=verify-full&pool=40&connect_timeout=3"
        )
        #expect(settings.host == "db.bank.example")
        #expect(settings.port == 6432)
        #expect(settings.user == "pooya")
        #expect(settings.password == "s3cret")
        #expect(settings.database == "issuer")
        #expect(settings.tls == .verifyFull)
        #expect(settings.poolSize == 40)
        #expect(settings.connectTimeout == .seconds(3))
        let defaults = try PostgresSettings(url: "postgres://pooya@127.0.0.1/pooya")
        #expect(defaults.port == 5432)
        #expect(defaults.tls == .require)
        #expect(defaults.poolSize == 20)
        #expect(defaults.password == nil)
    }

    @Test(
        "a URL that is wrong is refused, saying what to fix and never the password",
        arguments: [
            "mysql://pooya:s3cret@host/db", "postgresql://pooya:s3cret@/db", "postgresql://:s3cret@host/db",
            "postgresql://pooya:s3cret@host", "postgresql://pooya:s3cret@host/db?sslmode=maybe",
            "postgresql://pooya:s3cret@host/db?pool=0", "postgresql://pooya:s3cret@host/db?poll=4",
        ]
    )
    func wrongURLs(url: String) {
        #expect {
            try PostgresSettings(url: url)
        } throws: { error in
            "\(error)".count > 10 && !"\(error)".contains("s3cret")
        }
    }

    @Test("the description, debug description and dump show the password as ***")
    func thePasswordNeverShows() throws {
        let settings = try PostgresSettings(url: "postgresql://pooya:s3cret@db/issuer?sslmode=disable")
        var dumped = ""
        dump(settings, to: &dumped)
        for text in ["\(settings)", String(reflecting: settings), dumped] {
            #expect(!text.contains("s3cret"))
            #expect(text.contains("postgresql://pooya:***@db:5432/issuer"))
        }
    }
}
