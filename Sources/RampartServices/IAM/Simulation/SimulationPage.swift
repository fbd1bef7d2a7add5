import RampartCore

/// Which results of a simulation one call evaluates. The full list (every action on every resource) can
/// run to millions of entries for a request of a few hundred kilobytes, so only the page asked for is ever
/// computed: it starts at the marker's position and holds at most `MaxItems` results, fewer when the
/// policies in play are large enough that `MaxItems` evaluations of them would exceed one call's work
/// budget. A short page is still a correct IAM page (IsTruncated with a Marker), and every client follows
/// the marker.
struct SimulationPage: Equatable {
    /// The positions of the results this call returns.
    var window: Range<Int>
    /// The marker of the next page; nil when this page is the last.
    var nextMarker: String?

    /// Policy characters one call may evaluate in all (evaluations × characters per evaluation). A small
    /// policy fills a 1,000-result page in a few milliseconds; the largest request the AWS route reads
    /// (2 MiB of policy) still answers in well under a second with a short page.
    static let workBudget = 1 << 24

    /// `total` results, `costPerResult` policy characters evaluated for each. A marker holds the decimal
    /// position of the first result not yet returned (`PageMarker`); anything else is "Invalid Marker.".
    init(total: Int, costPerResult: Int, marker: String?, maxItems: Int?, list: String = "Simulate") throws(AWSError) {
        var start = 0
        if let marker {
            let text = try PageMarker.position(in: marker, list: list)
            guard text.utf8.count <= 10, let position = Int(text), position >= 0 else { throw PageMarker.invalid }
            start = min(position, total)
        }
        let affordable = max(1, Self.workBudget / max(1, costPerResult))
        let size = min(maxItems ?? Limits.defaultMaxItems, affordable)
        let end = start + min(size, total - start)
        window = start..<end
        nextMarker = end < total ? PageMarker.issue(position: String(end), list: list) : nil
    }
}
