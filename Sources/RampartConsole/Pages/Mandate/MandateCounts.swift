import Foundation
import RampartCore
import RampartServices

/// How many accounts stand where: every status over all accounts, and the statuses a wave can hold,
/// wave by wave, with a button to skip each wave that has not started.
enum MandateCounts {
    /// The statuses of accounts in a wave: exempt and out-of-scope accounts are in none.
    static let waveStatuses: [MandateAssessment.Status] = [.compliant, .due, .inGrace, .blocked, .scheduled]

    static func overall(_ report: MandateReport) -> String {
        let items = MandateAssessment.Status.allCases.map { status in
            """
            <li class="count \(MandateStatusBadge.cssClass(status))" id="count-\(status.rawValue)"><span class="count-number">\(report.counts[status] ?? 0)</span> <span class="count-label">\(status.rawValue)</span></li>
            """
        }
        return """
            <ul class="counts" id="counts"><li class="count" id="count-TOTAL"><span class="count-number">\(report.rows.count)</span> <span class="count-label">accounts</span></li>\(items.joined())</ul>
            """
    }

    static func waves(_ view: MandatePage.View, _ rollout: Rollout, csrf: String) -> String {
        let report = view.report
        guard !report.waves.isEmpty else {
            return
                "<p class=\"facts\" id=\"no-waves\">No account is in a wave: no account is of a kind the phases bring in.</p>"
        }
        let heads = waveStatuses.map { "<th>\(MandateStatusBadge.render($0))</th>" }.joined()
        let rows = report.waves.keys.sorted().map { wave in
            let entry = report.waves[wave]!
            let cells = waveStatuses.map { "<td class=\"wave-count\">\(entry.counts[$0] ?? 0)</td>" }.joined()
            let total = entry.counts.values.reduce(0, +)
            let dryRun = rollout.dryRun || rollout.dryRunWaves.contains(wave) ? "yes" : "no"
            return """
                <tr id="wave-\(wave)"><td>\(wave)</td><td class="wave-start">\(start(entry.start, paused: rollout.pausedAt != nil))</td>\(cells)<td>\(total)</td><td>\(dryRun)</td><td>\(skip(wave, start: entry.start, now: view.now, csrf: csrf))</td></tr>
                """
        }
        return """
            <div class="table-scroll"><table id="waves">
            <thead><tr><th>Wave</th><th>Starts (UTC)</th>\(heads)<th>Accounts</th><th>Dry run</th><th></th></tr></thead>
            <tbody>\(rows.joined())</tbody>
            </table></div>
            """
    }

    /// A wave's start; while the rollout is paused, a wave that has not started has none.
    static func start(_ start: Date?, paused: Bool) -> String {
        guard let start else { return paused ? "not until the rollout resumes" : "—" }
        return MandatePage.time(start, zone: false)
    }

    /// The button that moves a wave that has not started to the end of its phase.
    static func skip(_ wave: Int, start: Date?, now: Date, csrf: String) -> String {
        if let start, start <= now { return "" }
        return """
            <form method="post" action="/console/mandate/skip-wave" class="row-action">\(Layout.csrfField(csrf))<input type="hidden" name="wave" value="\(wave)"><button type="submit" class="secondary" id="skip-wave-\(wave)">Skip wave \(wave)</button></form>
            """
    }
}
