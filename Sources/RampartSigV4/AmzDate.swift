import Foundation
import RampartCore

/// A request time as SigV4 signs it: ISO 8601 basic format (`20150830T123600Z`), UTC, whole seconds.
///
/// The string to sign carries this text, so parsing is strict and must round-trip: a value such
/// as `20150230T000000Z` (30 February) is refused instead of being normalised to 2 March, which
/// would sign different text than the client did. Dates are computed with the civil-calendar
/// algorithms from Howard Hinnant's "chrono-Compatible Low-Level Date Algorithms" rather than
/// `gmtime`/`timegm`, so no C library behaviour leaks in.
struct AmzDate: Sendable, Equatable {
    let date: Date
    /// `yyyyMMdd'T'HHmmss'Z'`
    let text: String

    /// `yyyyMMdd`, the date part of a credential scope.
    var day: String { String(text.prefix(8)) }

    /// Formats `date`, dropping fractions of a second. Years outside 0000...9999 are clamped.
    init(_ date: Date) {
        let interval = date.timeIntervalSince1970
        let seconds = Int64(min(max(interval.rounded(.down), Self.earliest), Self.latest))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = Self.civil(fromDays: days)
        var bytes = [UInt8]()
        bytes.reserveCapacity(16)
        func digits(_ value: Int64, _ count: Int) {
            var divisor: Int64 = 1
            for _ in 1..<count { divisor *= 10 }
            while divisor > 0 {
                bytes.append(UInt8(ascii: "0") + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(year, 4)
        digits(month, 2)
        digits(day, 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, 2)
        digits(secondOfDay / 60 % 60, 2)
        digits(secondOfDay % 60, 2)
        bytes.append(UInt8(ascii: "Z"))
        self.date = Date(timeIntervalSince1970: TimeInterval(seconds))
        self.text = String(decoding: bytes, as: UTF8.self)
    }

    /// Parses `X-Amz-Date` (or a `Date` header that uses the same form).
    init(basicFormat text: String) throws(AWSError) {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z"),
            let year = Self.number(bytes[0..<4]), let month = Self.number(bytes[4..<6]),
            let day = Self.number(bytes[6..<8]), let hour = Self.number(bytes[9..<11]),
            let minute = Self.number(bytes[11..<13]), let second = Self.number(bytes[13..<15]),
            let date = Self.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { throw AWSError.malformedDate(text) }
        self.date = date
        self.text = text
    }

    /// Parses an HTTP `Date` header (`Sun, 30 Aug 2015 12:36:00 GMT`), which SigV4 accepts when
    /// there is no `X-Amz-Date`. botocore writes it with `email.utils.formatdate`, whose zone is
    /// `-0000`, so numeric zones are read too. The string to sign then carries the basic format.
    init(httpDate text: String) throws(AWSError) {
        var fields = text.split(separator: " ", omittingEmptySubsequences: true)
        if let first = fields.first, first.hasSuffix(",") { fields.removeFirst() }
        guard fields.count == 5,
            let day = Self.number(fields[0].utf8[...]),
            let month = Self.months.firstIndex(of: fields[1].lowercased()).map({ Int64($0) + 1 }),
            let year = Self.number(fields[2].utf8[...]), fields[2].utf8.count == 4,
            let offset = Self.zoneOffset(fields[4])
        else { throw AWSError.malformedDate(text) }
        let clock = fields[3].split(separator: ":", omittingEmptySubsequences: false)
        guard clock.count == 3, clock.allSatisfy({ $0.utf8.count == 2 }),
            let hour = Self.number(clock[0].utf8[...]), let minute = Self.number(clock[1].utf8[...]),
            let second = Self.number(clock[2].utf8[...]),
            let local = Self.date(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        else { throw AWSError.malformedDate(text) }
        self.init(local.addingTimeInterval(TimeInterval(-offset)))
    }

    // MARK: - Calendar arithmetic

    private static let months = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
    private static let earliest: TimeInterval = -62_167_219_200  // 0000-01-01T00:00:00Z
    private static let latest: TimeInterval = 253_402_300_799  // 9999-12-31T23:59:59Z

    private static func number<Digits: Collection<UInt8>>(_ digits: Digits) -> Int64? {
        guard !digits.isEmpty, digits.count <= 9 else { return nil }
        var value: Int64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            value = value * 10 + Int64(byte - UInt8(ascii: "0"))
        }
        return value
    }

    /// Seconds east of UTC for `GMT`, `UTC`, `Z` or `±HHMM`.
    private static func zoneOffset(_ zone: Substring) -> Int64? {
        if zone == "GMT" || zone == "UTC" || zone == "Z" { return 0 }
        let bytes = Array(zone.utf8)
        guard bytes.count == 5, bytes[0] == UInt8(ascii: "+") || bytes[0] == UInt8(ascii: "-"),
            let hours = number(bytes[1..<3]), let minutes = number(bytes[3..<5]), hours < 24, minutes < 60
        else { return nil }
        let offset = hours * 3600 + minutes * 60
        return bytes[0] == UInt8(ascii: "-") ? -offset : offset
    }

    /// The instant, or nil when any field is out of range (no normalisation, no leap seconds).
    private static func date(year: Int64, month: Int64, day: Int64, hour: Int64, minute: Int64, second: Int64)
        -> Date?
    {
        guard (0...9999).contains(year), (1...12).contains(month), day >= 1,
            day <= daysIn(month: month, year: year), hour < 24, minute < 60, second < 60
        else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    private static func daysFromCivil(year: Int64, month: Int64, day: Int64) -> Int64 {
        Int64(CivilDate.days(year: Int(year), month: Int(month), day: Int(day)))
    }

    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let date = CivilDate.from(days: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }
}
