import PooyaProtocol
import Testing

struct TehranTimeTests {
    @Test func anInstantReadsAsTheJalaliDateOnTehransClock() {
        // 2026-12-07T10:32:00Z is 14:02 in Tehran (+03:30), on 16 Azar 1405.
        #expect(TehranTime.dateAndTime(1_796_639_520) == "1405/09/16 14:02")
        #expect(TehranTime.date(1_796_639_520) == "1405/09/16")
    }

    @Test func justAfterMidnightInTehranIsAlreadyTheNextDayThoughUTCIsNot() {
        // 2026-12-06T21:00:00Z: still the 6th in UTC, 00:30 on the 7th (16 Azar) in Tehran.
        #expect(TehranTime.dateAndTime(1_796_590_800) == "1405/09/16 00:30")
    }

    @Test func theYearTurnsAtTehransMidnightOfNowruz() {
        // 2026-03-20T20:29:00Z is 23:59 on 29 Esfand 1404 in Tehran; a minute later it is 1 Farvardin 1405.
        #expect(TehranTime.dateAndTime(1_774_038_540) == "1404/12/29 23:59")
        #expect(TehranTime.dateAndTime(1_774_038_600) == "1405/01/01 00:00")
    }
}
