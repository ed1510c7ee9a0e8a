// The class dashboard's live updates (docs/adr/0017): the element with data-live-events names the server-sent events
// stream; on a "changed" event the page is fetched again in the background and each [data-live-part] element (the
// lists and the heatmap) is swapped for its new version: no reload, so a filter being changed, the scroll position and
// the focus (restored by id) stay. At most one fetch every few seconds; changes in between are folded into the next.
(function () {
  "use strict";
  var status = document.querySelector("[data-live-events]");
  if (!status || typeof EventSource === "undefined" || typeof DOMParser === "undefined") {
    return;
  }

  var announce = document.getElementById("live-updated");
  var minimumGapMs = 2000;
  var lastFetch = 0;
  var timer = null;
  var busy = false;
  var pending = false;

  function swap(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var focusedId = document.activeElement && document.activeElement.id;
    var swapped = 0;
    document.querySelectorAll("[data-live-part]").forEach(function (part) {
      var replacement = part.id && fresh.getElementById(part.id);
      if (replacement) {
        part.replaceWith(document.importNode(replacement, true));
        swapped++;
      }
    });
    if (focusedId && document.activeElement === document.body) {
      var target = document.getElementById(focusedId);
      if (target) {
        target.focus({ preventScroll: true });
      }
    }
    status.textContent = status.getAttribute("data-live-text") || "Live";
    if (swapped > 0 && announce) {
      announce.textContent = "Updated at " + new Date().toLocaleTimeString();
    }
  }

  function refresh() {
    timer = null;
    busy = true;
    pending = false;
    lastFetch = Date.now();
    fetch(window.location.href, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (response) {
        if (response.redirected || !response.ok) {
          throw new Error("The dashboard answered " + response.status);
        }
        return response.text();
      })
      .then(swap)
      .catch(function () {
        status.textContent = status.getAttribute("data-offline-text") || "Reconnecting…";
      })
      .finally(function () {
        busy = false;
        if (pending) {
          schedule();
        }
      });
  }

  function schedule() {
    if (busy) {
      pending = true;
      return;
    }
    if (timer !== null) {
      return;
    }
    timer = window.setTimeout(refresh, Math.max(0, lastFetch + minimumGapMs - Date.now()));
  }

  var source = new EventSource(status.getAttribute("data-live-events"));
  source.addEventListener("open", function () {
    status.textContent = status.getAttribute("data-live-text") || "Live";
  });
  source.addEventListener("changed", schedule);
  source.addEventListener("error", function () {
    status.textContent = status.getAttribute("data-offline-text") || "Reconnecting…";
  });
})();
