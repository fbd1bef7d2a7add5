import Foundation
import RampartCore
import RampartServices

/// The forms that change the mandate, besides the buttons next to what they change (pause or resume,
/// skip a wave, remove an exemption): exempt an account, move an account to a wave, plan a rollout.
/// The account fields suggest the report's accounts.
enum MandateForms {
    static func render(_ view: MandatePage.View, csrf: String) -> String {
        let options = view.report.rows.sorted { $0.accountId < $1.accountId }.map {
            "<option value=\"\(HTML.escape($0.accountId))\">\(HTML.escape($0.name))</option>"
        }
        return """
            <datalist id="mandate-accounts">\(options.joined())</datalist>
            \(exempt(csrf: csrf))
            \(move(view, csrf: csrf))
            \(plan(view, csrf: csrf))
            """
    }

    static func accountField(_ id: String) -> String {
        """
        <label>Account ID <input name="account" id="\(id)" list="mandate-accounts" required inputmode="numeric" maxlength="12" autocomplete="off"></label>
        """
    }

    static func exempt(csrf: String) -> String {
        """
        <form method="post" action="/console/mandate/exempt" id="exempt-form">
        <h3>Exempt an account</h3>
        \(Layout.csrfField(csrf))
        \(accountField("exempt-account"))
        <label>Reason <input name="reason" id="exempt-reason" required maxlength="256"></label>
        <label>Expires on (optional; from the start of that day, UTC) <input type="date" name="expires" id="exempt-expires"></label>
        <button type="submit" id="exempt-button">Exempt account</button>
        </form>
        """
    }

    static func move(_ view: MandatePage.View, csrf: String) -> String {
        guard let rollout = view.configuration.rollout else { return "" }
        let waves = max(rollout.waves.count, view.report.waves.keys.max() ?? 0)
        guard waves > 0 else { return "" }
        return """
            <form method="post" action="/console/mandate/move" id="move-form">
            <h3>Move an account to a wave</h3>
            \(Layout.csrfField(csrf))
            \(accountField("move-account"))
            <label>Wave <input type="number" name="wave" id="move-wave" required min="1" max="\(waves)"></label>
            <button type="submit" id="move-button">Move account</button>
            </form>
            """
    }

    /// One or two phases; the CLI plans any number.
    static func plan(_ view: MandatePage.View, csrf: String) -> String {
        let rollout = view.configuration.rollout
        let replaces =
            rollout == nil
            ? "Accounts are put into waves now, oldest first; later accounts join as they come."
            : "Replaces the current plan: accounts are put into waves again, oldest first."
        return """
            <form method="post" action="/console/mandate/plan" id="plan-form">
            <h3>Plan a rollout</h3>
            \(Layout.csrfField(csrf))
            <p class="facts">\(replaces)</p>
            \(phase(1, legend: "First phase"))
            \(phase(2, legend: "Second phase (optional)"))
            <label>Wave size (accounts) <input type="number" name="wave-size" id="plan-wave-size" required min="1" max="100000" value="\(rollout?.waveSize ?? 100)"></label>
            <label>Days between waves <input type="number" name="interval" id="plan-interval" required min="1" max="365" value="\(rollout?.waveIntervalDays ?? 7)"></label>
            <label class="check"><input type="checkbox" name="dry-run" id="plan-dry-run" value="1"> Dry run: prompt and block no one, record what would happen</label>
            <button type="submit" id="plan-button">Plan rollout</button>
            </form>
            """
    }

    static func phase(_ number: Int, legend: String) -> String {
        let kinds = AccountKind.allCases.map { kind in
            """
            <label class="check"><input type="checkbox" name="phase\(number)-\(kind.rawValue)" id="phase\(number)-\(kind.rawValue)" value="1"> \(kind.rawValue)</label>
            """
        }
        return """
            <fieldset><legend>\(legend)</legend>\(kinds.joined())
            <label>Starts on (UTC) <input type="date" name="phase\(number)-start" id="phase\(number)-start"></label></fieldset>
            """
    }
}
