// The question page without a mouse: after an answer, focus goes to the verdict (read out with its feedback), and
// the next Tab goes to "Next question" unless a second try is offered. Enter on an option checks the answer. Keys (off with the page's switch, remembered
// in this browser, as single-key shortcuts must be for people who use speech input): 1–9 pick an option, N the next
// question, H a hint. Keys never act while a text field has focus.
(function () {
  "use strict";
  var storageKey = "masterypath.keys";
  var toggle = document.getElementById("keys-toggle");
  var legend = document.getElementById("keys-legend");

  function keysOn() {
    try {
      return window.localStorage.getItem(storageKey) !== "off";
    } catch (e) {
      return true;
    }
  }

  function showState() {
    if (!toggle) {
      return;
    }
    var on = keysOn();
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    toggle.textContent = on ? "Turn keyboard shortcuts off" : "Turn keyboard shortcuts on";
    if (legend) {
      legend.hidden = !on;
    }
  }

  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener("click", function () {
      try {
        window.localStorage.setItem(storageKey, keysOn() ? "off" : "on");
      } catch (e) {
        return;
      }
      showState();
    });
    showState();
  }

  var verdict = document.getElementById("verdict");
  var next = document.getElementById("next");
  var retryForm = document.getElementById("retry-form");
  if (verdict) {
    var retryInput = retryForm && retryForm.querySelector("input[type=text], input[type=radio], input[type=checkbox]");
    verdict.focus();
    verdict.addEventListener("keydown", function (event) {
      if (event.key === "Tab" && !event.shiftKey && !retryInput && next) {
        event.preventDefault();
        next.focus();
      }
    });
  }

  function typing(element) {
    if (!element) {
      return false;
    }
    var tag = element.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" || (tag === "INPUT" && element.type !== "radio" && element.type !== "checkbox") || element.isContentEditable;
  }

  document.addEventListener("keydown", function (event) {
    var active = document.activeElement;
    if (event.key === "Enter" && active && active.form && (active.type === "radio" || active.type === "checkbox")) {
      event.preventDefault();
      active.form.requestSubmit();
      return;
    }
    if (!keysOn() || event.altKey || event.ctrlKey || event.metaKey || typing(document.activeElement)) {
      return;
    }
    var key = event.key.toLowerCase();
    if (key === "n" && next) {
      event.preventDefault();
      next.click();
      return;
    }
    if (key === "h") {
      var hint = document.getElementById("hint");
      if (hint) {
        event.preventDefault();
        hint.click();
      }
      return;
    }
    if (key >= "1" && key <= "9") {
      var form = retryForm || document.getElementById("answer-form");
      var options = form ? form.querySelectorAll("input[name=response]") : [];
      var option = options[Number(key) - 1];
      if (option && (option.type === "radio" || option.type === "checkbox")) {
        event.preventDefault();
        option.checked = option.type === "radio" ? true : !option.checked;
        option.focus();
      }
    }
  });
})();
