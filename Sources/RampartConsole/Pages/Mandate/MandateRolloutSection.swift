import Foundation
import RampartCore
import RampartServices

/// The staged rollout: its phases, wave size and interval, how many waves, whether it rehearses, whether
/// it is paused (with the button that pauses or resumes it), then the counts of each wave.
enum MandateRolloutSection {
    static func render(_ view: MandatePage.View, csrf: String) -> String {
        guard let rollout = view.configuration.rollout else {
            return """
                <p class="facts" id="no-rollout">No rollout is planned: every account of a kind in scope is subject to the mandate now. Plan one below, or with <code>rampart admin mandate plan</code>.</p>
                """
        }
        let phases = rollout.phases.enumerated().map { index, phase in
            let kinds = phase.kinds.sorted().map(\.rawValue).joined(separator: ", ")
            return "<li id=\"phase-\(index + 1)\">\(kinds) from \(MandatePage.time(phase.start))</li>"
        }
        let waves = max(rollout.waves.count, view.report.waves.keys.max() ?? 0)
        let dryRun: String
        if rollout.dryRun {
            dryRun = "yes: nobody is prompted or blocked; what would happen is recorded"
        } else if !rollout.dryRunWaves.isEmpty {
            let waves = rollout.dryRunWaves.sorted().map(String.init).joined(separator: ", ")
            dryRun =
                rollout.dryRunWaves.count == 1
                ? "wave \(waves) rehearses; the others enforce" : "waves \(waves) rehearse; the others enforce"
        } else {
            dryRun = "no: the waves enforce"
        }
        let state =
            rollout.pausedAt.map {
                "<span class=\"status status-due\">PAUSED</span> since \(MandatePage.time($0)): no wave starts until it resumes, and waves that have not started move later by the pause"
            } ?? "<span class=\"status status-compliant\">RUNNING</span>"
        let days = rollout.waveIntervalDays
        return """
            <dl class="pairs" id="rollout">
            <dt>State</dt><dd id="rollout-state">\(state)</dd>
            <dt>Phases</dt><dd><ol class="phases" id="phases">\(phases.joined())</ol></dd>
            <dt>Wave size</dt><dd id="wave-size">at most \(rollout.waveSize) account\(rollout.waveSize == 1 ? "" : "s")</dd>
            <dt>Wave interval</dt><dd id="wave-interval">\(days) day\(days == 1 ? "" : "s") between the starts of consecutive waves</dd>
            <dt>Waves</dt><dd id="wave-count">\(waves)</dd>
            <dt>Dry run</dt><dd id="dry-run">\(dryRun)</dd>
            <dt>Planned</dt><dd>\(MandatePage.time(rollout.plannedAt))</dd>
            </dl>
            \(pauseOrResume(rollout, csrf: csrf))
            <h3>Waves</h3>
            \(MandateCounts.waves(view, rollout, csrf: csrf))
            """
    }

    static func pauseOrResume(_ rollout: Rollout, csrf: String) -> String {
        let (action, label, note) =
            rollout.pausedAt == nil
            ? ("pause", "Pause rollout", "Stops waves from starting; those that have started go on.")
            : ("resume", "Resume rollout", "Waves that had not started move later by the pause's length.")
        return """
            <form method="post" action="/console/mandate/\(action)" id="\(action)-rollout" class="inline">
            \(Layout.csrfField(csrf))
            <button type="submit" id="\(action)-button">\(label)</button>
            <span class="facts">\(note)</span>
            </form>
            """
    }
}
