// The "Print" buttons of reports (data-print): a script file, as the Content-Security-Policy allows no inline handlers.
document.addEventListener("click", function (event) {
  if (event.target instanceof Element && event.target.closest("[data-print]")) {
    window.print();
  }
});
