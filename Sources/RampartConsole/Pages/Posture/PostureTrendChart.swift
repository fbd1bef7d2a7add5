import Foundation
import RampartCore

/// The 90-day trend as an inline SVG drawn on the server (the CSP allows no script): the share of
/// principals that must have MFA and have it, and the phishing-resistant share, one point a day the
/// figures were computed; a day without an entry breaks the line rather than inventing a value.
enum PostureTrendChart {
    static let width = 640.0
    static let height = 200.0
    static let left = 44.0
    static let right = 12.0
    static let top = 12.0
    static let bottom = 28.0

    struct Series: Sendable {
        var id: String
        var label: String
        var color: String
        var value: @Sendable (PostureHistory.Day) -> Double?
    }

    static let series = [
        Series(id: "trend-mfa", label: "Have MFA", color: "#1d8102") { share($0.withMFA, of: $0.mustHaveMFA) },
        Series(id: "trend-phishing-resistant", label: "Phishing-resistant", color: "#0b5fff") {
            share($0.phishingResistant, of: $0.mustHaveMFA)
        },
    ]

    static func share(_ part: Int, of whole: Int) -> Double? {
        whole == 0 ? nil : Double(part) * 100 / Double(whole)
    }

    static func render(_ history: PostureHistory, now: Date) -> String {
        let days = PostureHistory.kept
        let first = now.addingTimeInterval(-Double(days - 1) * 86_400)
        let plotWidth = width - left - right
        let plotHeight = height - top - bottom
        var index: [String: Int] = [:]
        for offset in 0..<days {
            index[PostureHistory.dayString(first.addingTimeInterval(Double(offset) * 86_400))] = offset
        }
        func x(_ offset: Int) -> Double { left + plotWidth * Double(offset) / Double(days - 1) }
        func y(_ percent: Double) -> Double { top + plotHeight * (1 - percent / 100) }
        var shapes: [String] = []
        for percent in [0.0, 50, 100] {
            shapes.append(
                "<line x1=\"\(left)\" y1=\(q(y(percent))) x2=\(q(width - right)) y2=\(q(y(percent))) stroke=\"#d5dbdb\" stroke-width=\"1\"/>"
            )
            shapes.append(
                "<text x=\"\(left - 6)\" y=\(q(y(percent) + 4)) text-anchor=\"end\" font-size=\"11\" fill=\"#545b64\">\(Int(percent))%</text>"
            )
        }
        shapes.append(
            "<text x=\"\(left)\" y=\(q(height - 8)) font-size=\"11\" fill=\"#545b64\">\(PostureHistory.dayString(first))</text>"
        )
        shapes.append(
            "<text x=\(q(width - right)) y=\(q(height - 8)) text-anchor=\"end\" font-size=\"11\" fill=\"#545b64\">\(PostureHistory.dayString(now))</text>"
        )
        for series in series {
            // Runs of consecutive days with a value: one polyline each, a dot for a lone day.
            var runs: [[(Int, Double)]] = []
            var last: Int?
            for day in history.days {
                guard let offset = index[day.day], let value = series.value(day) else { continue }
                if let last, offset == last + 1 {
                    runs[runs.count - 1].append((offset, value))
                } else {
                    runs.append([(offset, value)])
                }
                last = offset
            }
            for (number, run) in runs.enumerated() {
                let id = "\(series.id)-\(number)"
                if run.count == 1 {
                    shapes.append(
                        "<circle id=\"\(id)\" class=\"\(series.id)\" cx=\(q(x(run[0].0))) cy=\(q(y(run[0].1))) r=\"3\" fill=\"\(series.color)\" data-value=\"\(Int(run[0].1.rounded()))\"/>"
                    )
                } else {
                    let points = run.map { "\(fmt(x($0.0))),\(fmt(y($0.1)))" }.joined(separator: " ")
                    shapes.append(
                        "<polyline id=\"\(id)\" class=\"\(series.id)\" points=\"\(points)\" fill=\"none\" stroke=\"\(series.color)\" stroke-width=\"2\"/>"
                    )
                    // A dot a day, so that a short run is seen on a 90-day axis.
                    for (offset, value) in run {
                        shapes.append(
                            "<circle cx=\(q(x(offset))) cy=\(q(y(value))) r=\"2.5\" fill=\"\(series.color)\"/>")
                    }
                }
            }
        }
        let legend = series.map {
            "<li><span class=\"swatch\" data-color=\"\($0.color)\"><svg width=\"12\" height=\"12\" aria-hidden=\"true\"><rect width=\"12\" height=\"12\" fill=\"\($0.color)\"/></svg></span> \(HTML.escape($0.label))</li>"
        }.joined()
        return """
            <figure class="trend" id="trend">
            <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \(fmt(width)) \(fmt(height))" width="100%" role="img" aria-labelledby="trend-title"><title id="trend-title">Share of principals with MFA over the last \(days) days</title>\(shapes.joined())</svg>
            <figcaption><ul class="legend">\(legend)</ul>\(history.days.isEmpty ? "" : "<span class=\"facts\" id=\"trend-days\">\(history.days.count) day(s) recorded</span>")</figcaption>
            </figure>
            """
    }

    static func fmt(_ value: Double) -> String {
        let rounded = (value * 10).rounded() / 10
        return rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)
    }

    static func q(_ value: Double) -> String { "\"\(fmt(value))\"" }
}
