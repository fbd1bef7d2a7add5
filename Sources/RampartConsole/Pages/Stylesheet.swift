/// The console's one stylesheet, served from /console/assets/console.css (the CSP allows no inline style).
enum Stylesheet {
    static let css = """
        body { font-family: system-ui, sans-serif; background: #f4f5f7; color: #16191f; margin: 0; }
        main { max-width: 32rem; margin: 3rem auto; background: #fff; padding: 2rem; border-radius: 8px;
               box-shadow: 0 1px 4px rgba(0, 0, 0, .15); }
        h1 { font-size: 1.5rem; margin-top: 0; }
        h2 { font-size: 1.1rem; }
        form { margin: 1.5rem 0; }
        label { display: block; margin: .75rem 0; }
        input { display: block; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem; }
        button { background: #0b5fff; color: #fff; border: 0; padding: .6rem 1.2rem; border-radius: 4px; }
        .error { background: #fde8e8; border-left: 4px solid #d13212; padding: .75rem; }
        .notice { background: #e8f1fd; border-left: 4px solid #0b5fff; padding: .75rem; }
        dt { font-weight: 600; margin-top: .5rem; }
        dd { margin: 0; word-break: break-all; }
        main.wide { max-width: 60rem; }
        .console-header { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem 1.5rem;
                          background: #232f3e; color: #fff; padding: .6rem 1.5rem; }
        .console-header a { color: #fff; margin-right: 1rem; }
        .console-header nav { flex: 1 1 auto; display: flex; flex-wrap: nowrap; gap: .25rem 0; font-size: .95rem; }
        .console-header > nav { flex-basis: 100%; }
        .console-header > .who { order: -1; flex-basis: 100%; justify-content: flex-end; font-size: .9rem; }
        .console-header nav.own { flex: 0 0 auto; gap: .75rem; }
        .console-header nav.own a { margin-right: 0; }
        .console-header nav a { white-space: nowrap; }
        .console-header .who { display: flex; flex-wrap: wrap; align-items: center; gap: .5rem .75rem;
                               margin-left: auto; }
        .console-header form { margin: 0; }
        .console-header button { padding: .35rem .8rem; background: #fff; color: #232f3e; }
        .identity { font-weight: 600; }
        .console-header a.verify { background: #f2a100; color: #16191f; padding: .25rem .6rem; border-radius: 4px;
          margin-right: 0; text-decoration: none; font-weight: 600; }
        .identity.switched { background: #f2a100; color: #16191f; padding: .25rem .6rem; border-radius: 4px; }
        .tree, .tree ul { list-style: none; padding-left: 1.25rem; }
        .tree { padding-left: 0; }
        .tree li { margin: .4rem 0; }
        .unit > .unit-name, .root-name { font-weight: 600; }
        .account { border-left: 3px solid #d5dbdb; padding: .3rem .6rem; }
        .account.management { border-left-color: #0b5fff; }
        .badge { background: #0b5fff; color: #fff; font-size: .75rem; padding: .1rem .4rem; border-radius: 3px; }
        .facts { color: #545b64; font-size: .9rem; }
        .forms { display: flex; flex-wrap: wrap; gap: 0 2rem; }
        .forms form { flex: 1 1 14rem; margin-top: 0; }
        select { display: block; width: 100%; padding: .45rem; margin-top: .25rem; }
        main.full { max-width: 88rem; margin: 2rem auto; }
        label.check { display: flex; align-items: center; gap: .4rem; margin: .4rem 0; }
        label.check input { display: inline; width: auto; margin: 0; }
        fieldset { border: 1px solid #d5dbdb; border-radius: 4px; margin: .75rem 0; padding: .25rem .75rem; }
        form.inline { display: flex; flex-wrap: wrap; align-items: flex-end; gap: .5rem 1rem; margin: 1rem 0; }
        form.inline label { margin: 0; }
        form.row-action { margin: 0; }
        button.secondary { background: #fff; color: #0b5fff; border: 1px solid #0b5fff; padding: .25rem .6rem;
                           white-space: nowrap; }
        .pairs { display: grid; grid-template-columns: max-content 1fr; gap: .35rem 1.5rem; }
        .pairs dt, .pairs dd { margin: 0; }
        .pairs dd { word-break: normal; overflow-wrap: anywhere; }
        .pairs ol { margin: 0; padding-left: 1.25rem; }
        .table-scroll { overflow-x: auto; }
        table { border-collapse: collapse; width: 100%; font-size: .88rem; }
        th, td { text-align: left; padding: .35rem .5rem; border-bottom: 1px solid #e9ebed; vertical-align: top; }
        th { background: #f4f5f7; font-weight: 600; }
        td code, td time { white-space: nowrap; }
        td.status-cell { min-width: 12rem; }
        .counts { display: flex; flex-wrap: wrap; gap: .5rem; list-style: none; padding: 0; margin: 1rem 0; }
        .counts .count { border: 1px solid #d5dbdb; border-radius: 6px; padding: .4rem .8rem; min-width: 6.5rem; }
        .count-number { display: block; font-size: 1.4rem; font-weight: 600; }
        .count-label { font-size: .75rem; font-weight: 600; letter-spacing: .02em; }
        .counts.posture a { color: inherit; text-decoration: none; display: block; }
        .counts.posture .facts { display: block; font-size: .75rem; }
        .trend { margin: .5rem 0; max-width: 680px; }
        .legend { display: flex; gap: 1rem; list-style: none; padding: 0; margin: .3rem 0; font-size: .85rem; }
        .status { font-size: .75rem; font-weight: 600; padding: .1rem .4rem; border-radius: 3px; white-space: nowrap; }
        .status-detail { display: block; color: #545b64; font-size: .82rem; margin-top: .15rem; }
        .status-compliant { background: #e6f4ea; color: #1d6b0f; }
        .status-due, .status-in-grace { background: #fff4e5; color: #8a4b00; }
        .status-blocked { background: #fde8e8; color: #b0250c; }
        .status-scheduled { background: #e8f1fd; color: #0b4fcc; }
        .status-exempt, .status-out-of-scope { background: #eceff1; color: #414750; }
        .events { border-top: 1px solid #e9ebed; font-size: .88rem; margin: 1rem 0; }
        .event-head, .event > summary { display: grid; gap: .25rem .75rem; padding: .45rem .5rem .45rem 1.75rem;
            grid-template-columns: 9.5rem minmax(0, .9fr) minmax(0, 1.1fr) minmax(0, 1.1fr) minmax(0, 1.5fr)
                                   minmax(0, .9fr) minmax(6.5rem, 1fr); }
        .event-head { background: #f4f5f7; font-weight: 600; border-bottom: 1px solid #e9ebed; }
        .event { border-bottom: 1px solid #e9ebed; }
        .event > summary { cursor: pointer; list-style: none; position: relative; }
        .event > summary::-webkit-details-marker { display: none; }
        .event > summary::before { content: "\\25B8"; position: absolute; left: .6rem; top: .45rem; color: #545b64; }
        .event[open] > summary::before { content: "\\25BE"; }
        .event > summary:hover, .event[open] > summary { background: #f4f8ff; }
        .event > summary > span { min-width: 0; overflow-wrap: break-word; }
        .event .line, .event .event-source { display: block; }
        .event .event-source { color: #545b64; font-size: .8rem; }
        .cell-label { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
                      white-space: nowrap; }
        .error-badge { background: #fde8e8; color: #b0250c; font-weight: 600; font-size: .8rem; padding: .1rem .35rem;
                       border-radius: 3px; white-space: nowrap; }
        .event-json { background: #f4f5f7; border: 1px solid #e9ebed; border-radius: 4px; margin: 0 .5rem .75rem 1.75rem;
                      padding: .75rem; overflow: auto; max-height: 36rem; font-size: .8rem; line-height: 1.35; }
        .pager { display: flex; gap: 1.5rem; margin: 1rem 0; }
        form.inline select { width: auto; }
        .mfa-identifier { display: block; color: #545b64; font-size: .8rem; overflow-wrap: anywhere; }
        #recent-sign-ins td.mfa { width: 45%; }
        #recent-sign-ins td.when time { white-space: normal; }
        #recent-sign-ins td.when span { white-space: nowrap; }
        .skip-link { position: absolute; left: -999px; top: .5rem; background: #fff; color: #0b5fff; padding: .5rem 1rem;
                     z-index: 10; border-radius: 4px; }
        .skip-link:focus { left: .5rem; }
        a:focus-visible, button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible,
        summary:focus-visible, pre:focus-visible { outline: 3px solid #f2a100; outline-offset: 2px; }
        .console-header nav a.current { text-decoration: none; border-bottom: 3px solid #f2a100; font-weight: 600; }
        .account-label { color: #d5dbdb; }
        .crumbs ol { list-style: none; display: flex; flex-wrap: wrap; gap: .25rem; padding: 0; margin: 0 0 .5rem;
                     font-size: .88rem; }
        .crumbs li + li::before { content: "\\203A"; margin-right: .25rem; color: #545b64; }
        .tabs { display: flex; flex-wrap: wrap; gap: .25rem; border-bottom: 2px solid #d5dbdb; margin: 1.5rem 0 1rem; }
        .tabs a { padding: .45rem .9rem; color: #0b4fcc; text-decoration: none; border-radius: 4px 4px 0 0; }
        .tabs a.current { background: #e8f1fd; color: #16191f; font-weight: 600; border-bottom: 3px solid #0b5fff;
                          margin-bottom: -2px; }
        textarea { display: block; width: 100%; box-sizing: border-box; padding: .5rem; margin-top: .25rem;
                   font-family: ui-monospace, monospace; font-size: .85rem; }
        .policy-json { background: #f4f5f7; border: 1px solid #e9ebed; border-radius: 4px; padding: .75rem;
                       overflow: auto; font-size: .8rem; }
        .buttons { display: flex; gap: .75rem; margin-top: .75rem; }
        button.secondary.danger, button.danger { background: #d13212; color: #fff; border: 0; }
        .danger-zone { border-top: 1px solid #e9ebed; padding-top: 1rem; margin-top: 2rem; }
        .danger-zone a { color: #b0250c; }
        td form.row-action { display: inline; }
        form.inline input:not([type=checkbox]) { width: auto; min-width: 16rem; }
        form.inline > label[for], form.inline > select { align-self: center; margin-top: 0; }
        #users td:first-child a { font-weight: 600; }
        .user-status + .status-detail { margin-bottom: .25rem; }
        a.button { display: inline-block; background: #0b5fff; color: #fff; padding: .6rem 1.2rem; border-radius: 4px;
                   text-decoration: none; }
        .confirm { background: #fff8e6; border-left: 4px solid #f2a100; padding: .25rem .75rem; margin: 1rem 0; }
        .warning { background: #fff8e6; border-left: 4px solid #f2a100; padding: .75rem; }
        main.wide { box-sizing: border-box; width: calc(100% - 2rem); }
        button, a.button { font-size: .95rem; }
        .buttons { align-items: center; }
        #devices td time { white-space: normal; }
        #devices code.serial { white-space: normal; word-break: break-all; font-size: .78rem; color: #545b64; }
        #devices td.actions { min-width: 15rem; }
        #devices td.actions form.inline { margin: 0 0 .4rem; flex-wrap: nowrap; gap: .4rem; }
        #devices td.actions form.inline input:not([type=checkbox]) { min-width: 0; width: 9rem; margin: 0;
                                                                     padding: .3rem; }
        label.choice { display: flex; gap: .6rem; align-items: flex-start; margin: .9rem 0; }
        label.choice input { width: auto; margin-top: .2rem; }
        #password-rules { font-size: .88rem; color: #3b4148; }
        #password-rules ul, #password-rules p { margin: .25rem 0; }
        #recovery-codes { columns: 2; font-size: 1.05rem; }
        @media print {
            .console-header, .skip-link, #codes-actions, #codes-saved, #codes-status { display: none; }
            main { box-shadow: none; margin: 0; }
        }
        @media (max-width: 56rem) {
            .event-head { display: none; }
            .event > summary { grid-template-columns: 1fr 1fr; }
            .event > summary > .error-code:not(:has(.error-badge)) { display: none; }
            .cell-label { position: static; width: auto; height: auto; clip: auto; color: #545b64; font-size: .75rem;
                          display: block; }
        }
        """
}
