import Foundation

/// ISO-8601 UTC timestamps formatted by hand: ISO8601DateFormatter is four times slower
/// and timestamps are on every list response's hot path.
public enum Timestamp {
    /// `2026-11-23T09:03:46Z`, as IAM and STS return times.
    public static func iso8601(_ date: Date) -> String {
        var seconds = time_t(date.epochSecondsInFourDigitYears)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var bytes = [UInt8]()
        bytes.reserveCapacity(20)
        func two(_ value: Int32) {
            bytes.append(UInt8(48 + value / 10))
            bytes.append(UInt8(48 + value % 10))
        }
        let year = parts.tm_year + 1900
        two(year / 100)
        two(year % 100)
        bytes.append(45)
        two(parts.tm_mon + 1)
        bytes.append(45)
        two(parts.tm_mday)
        bytes.append(84)
        two(parts.tm_hour)
        bytes.append(58)
        two(parts.tm_min)
        bytes.append(58)
        two(parts.tm_sec)
        bytes.append(90)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// `Mon, 23 Nov 2026 09:03:46 GMT`, the HTTP `Date` header's form (RFC 9110 IMF-fixdate).
    public static func httpDate(epochSeconds: Int) -> String {
        var seconds = time_t(epochSeconds)
        var parts = tm()
        gmtime_r(&seconds, &parts)
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return
            "\(days[Int(parts.tm_wday)]), \(two(parts.tm_mday)) \(months[Int(parts.tm_mon)]) \(parts.tm_year + 1900) "
            + "\(two(parts.tm_hour)):\(two(parts.tm_min)):\(two(parts.tm_sec)) GMT"
    }

    /// Parses `YYYY-MM-DDThh:mm:ssZ` (fractional seconds allowed) and the compact SigV4 form
    /// `YYYYMMDDThhmmssZ`. Returns nil for anything else.
    public static func parse(_ text: String) -> Date? {
        let digits = Array(text.utf8)
        var values = [Int32]()
        var current: Int32 = 0
        var count = 0
        var fieldLengths = [Int]()
        for byte in digits {
            if byte >= 48 && byte <= 57 {
                // No field is longer than the compact date's eight digits; a longer run of digits
                // (an account id in any timestamp parameter) would overflow `current`.
                guard count < 8 else { return nil }
                current = current * 10 + Int32(byte - 48)
                count += 1
            } else if byte == 46 {
                break
            } else {
                if count > 0 {
                    values.append(current)
                    fieldLengths.append(count)
                }
                current = 0
                count = 0
            }
        }
        if count > 0 {
            values.append(current)
            fieldLengths.append(count)
        }
        if fieldLengths == [8, 6] {
            let date = values[0]
            let time = values[1]
            values = [date / 10000, date / 100 % 100, date % 100, time / 10000, time / 100 % 100, time % 100]
        }
        guard values.count >= 6 else { return nil }
        var parts = tm()
        parts.tm_year = values[0] - 1900
        parts.tm_mon = values[1] - 1
        parts.tm_mday = values[2]
        parts.tm_hour = values[3]
        parts.tm_min = values[4]
        parts.tm_sec = values[5]
        guard (1...12).contains(values[1]), (1...31).contains(values[2]), values[3] < 24, values[4] < 60,
            values[5] < 61
        else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(timegm(&parts)))
    }
}
