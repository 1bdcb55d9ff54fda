// Ticks down every lease countdown: <time datetime="ISO" data-countdown>. The server renders
// the remaining time too, so the page reads right without this script.
(function () {
  "use strict";
  function render(el) {
    var left = Math.floor((Date.parse(el.getAttribute("datetime")) - Date.now()) / 1000);
    if (isNaN(left)) { return; }
    if (left <= 0) { el.textContent = "expired"; el.classList.add("overdue"); return; }
    var minutes = Math.floor(left / 60), seconds = left % 60;
    el.textContent = minutes + ":" + (seconds < 10 ? "0" : "") + seconds + " min";
  }
  function tick() { document.querySelectorAll("time[data-countdown]").forEach(render); }
  document.addEventListener("DOMContentLoaded", function () { tick(); setInterval(tick, 1000); });
})();
