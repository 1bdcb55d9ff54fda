// Keyboard shortcuts for every desk page, bound from data-key attributes (no per-page code).
//
// <button data-key="n"> is clicked when "n" is pressed; a field with data-key="e" is focused.
// Combinations are written "ctrl+enter" (Ctrl or Cmd). Single keys are ignored while typing in
// a field, so a reviewer can write an "n" in a note; combinations work everywhere. Escape leaves
// the field (a select or textarea keeps its own use of Escape only while it is open).
(function () {
  "use strict";

  function isTyping(target) {
    if (!(target instanceof Element)) return false;
    return target.isContentEditable || target.matches("input, textarea, select");
  }

  function comboOf(event) {
    var key = event.key === " " ? "space" : event.key.toLowerCase();
    return (event.ctrlKey || event.metaKey ? "ctrl+" : "") + (event.shiftKey && key.length > 1 ? "shift+" : "") + key;
  }

  function visible(element) {
    return element.getClientRects().length > 0 && !element.closest("[hidden], fieldset[disabled]");
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.isComposing || event.altKey) return;
    if (["Control", "Meta", "Shift", "Alt"].indexOf(event.key) !== -1) return;
    var combo = comboOf(event);
    var modified = event.ctrlKey || event.metaKey;
    if (combo === "escape" && isTyping(event.target)) {
      event.target.blur();
      return;
    }
    if (!modified && isTyping(event.target)) return;
    var candidates = document.querySelectorAll('[data-key="' + CSS.escape(combo) + '"]');
    var target = Array.prototype.find.call(candidates, function (el) {
      return !el.disabled && visible(el);
    });
    if (!target) return;
    event.preventDefault();
    if (target.matches("input, textarea, select")) {
      target.focus();
    } else {
      target.click();
    }
  });
})();
