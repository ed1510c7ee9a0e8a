// The class dashboard's live updates (docs/adr/0017): the element with data-live-events names the server-sent events
// stream; on a "changed" event the page is reloaded, at most once every few seconds and never while a filter has focus.
(function () {
  "use strict";
  var status = document.querySelector("[data-live-events]");
  if (!status || typeof EventSource === "undefined") {
    return;
  }

  var minimumGapMs = 3000;
  var loadedAt = Date.now();
  var pending = false;

  function reloadSoon() {
    if (pending) {
      return;
    }
    pending = true;
    var wait = Math.max(0, loadedAt + minimumGapMs - Date.now());
    window.setTimeout(function tryReload() {
      var active = document.activeElement;
      if (active && (active.tagName === "SELECT" || active.tagName === "INPUT" || active.tagName === "TEXTAREA")) {
        window.setTimeout(tryReload, 1000);
        return;
      }
      window.location.reload();
    }, wait);
  }

  var source = new EventSource(status.getAttribute("data-live-events"));
  source.addEventListener("open", function () {
    status.textContent = status.getAttribute("data-live-text") || "Live";
  });
  source.addEventListener("changed", reloadSoon);
  source.addEventListener("error", function () {
    status.textContent = status.getAttribute("data-offline-text") || "Reconnecting…";
  });
})();
