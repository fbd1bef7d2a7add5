/// The console's page script, served from /console/assets/page.js (the CSP allows no inline script):
/// times in the browser's time zone, and the recovery codes' copy, download and print buttons. Every
/// page works without it: times stay in UTC and the codes stay on the page to write down.
enum PageScript {
    static let source = """
        "use strict";
        (function () {
          // A `<time class="local">` shows date and minute in the browser's zone; other `<time>`s with a
          // day only (administrator tables) show the day there. The UTC text stays as the tooltip.
          var times = document.querySelectorAll("time[datetime]");
          for (var i = 0; i < times.length; i++) {
            var element = times[i], when = new Date(element.getAttribute("datetime"));
            if (isNaN(when.getTime())) { continue; }
            element.title = element.getAttribute("datetime");
            if (element.classList.contains("local")) {
              element.textContent = when.toLocaleString(undefined, {
                year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
                timeZoneName: "short" });
            } else if (element.textContent.length === 10) {
              element.textContent = when.toLocaleDateString(undefined, { year: "numeric", month: "short", day: "numeric" });
            }
          }
          var list = document.getElementById("recovery-codes");
          if (!list) { return; }
          var status = document.getElementById("codes-status");
          function text() {
            var codes = list.querySelectorAll(".recovery-code"), lines = [];
            for (var j = 0; j < codes.length; j++) { lines.push(codes[j].textContent); }
            return "Rampart recovery codes (each works once)\\n" + lines.join("\\n") + "\\n";
          }
          function say(message) { if (status) { status.textContent = message; } }
          var actions = document.getElementById("codes-actions");
          if (actions) { actions.hidden = false; }
          var copy = document.getElementById("copy-codes");
          if (copy) {
            copy.addEventListener("click", function () {
              var done = function () { say("The codes were copied to the clipboard."); };
              if (navigator.clipboard && navigator.clipboard.writeText) {
                navigator.clipboard.writeText(text()).then(done, function () { say("Copying was refused: select the codes and copy them."); });
              } else {
                say("Copying is not available here: select the codes and copy them.");
              }
            });
          }
          var download = document.getElementById("download-codes");
          if (download) {
            download.addEventListener("click", function () {
              var link = document.createElement("a");
              link.href = URL.createObjectURL(new Blob([text()], { type: "text/plain" }));
              link.download = "rampart-recovery-codes.txt";
              link.id = "codes-file";
              link.hidden = true;
              document.body.appendChild(link);
              link.click();
              say("The codes were saved as rampart-recovery-codes.txt.");
            });
          }
          var print = document.getElementById("print-codes");
          if (print) { print.addEventListener("click", function () { window.print(); }); }
        })();
        """
}
