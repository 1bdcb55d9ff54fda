// Never lose a verdict: mirror what is typed to localStorage, restore it if the server's
// draft is older (an autosave refused after the lease expired, a crash, a closed tab).
// The server-side draft stays the source; this copy only covers what it has not saved yet.
(function () {
  "use strict";

  // Scroll the article, not the page, so the highlighted claim is in view from the start.
  var mark = document.getElementById("this-claim");
  var pane = mark && mark.closest(".article-pane");
  if (pane && pane.scrollHeight > pane.clientHeight) {
    pane.scrollTop = Math.max(0, mark.offsetTop - pane.clientHeight / 3);
  }

  // After evidence is added or removed in place, the swap has removed the focused button: put
  // the focus back in the URL field, ready for the next link. (Not the autofocus attribute:
  // Chromium would apply it again whenever nothing has focus, e.g. after Escape.)
  document.addEventListener("htmx:afterSettle", function () {
    var field = document.querySelector("[data-refocus]");
    if (!field) return;
    field.removeAttribute("data-refocus");
    field.focus();
  });

  var form = document.getElementById("verdict-form");
  if (!form || !window.localStorage) return;
  var key = form.dataset.draftKey;
  var FIELDS = ["rating", "conclusion", "explanation", "claimant"];

  function values() {
    var out = {};
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) out[name] = field.value;
    });
    return out;
  }

  function stored() {
    try {
      return JSON.parse(localStorage.getItem(key) || "null");
    } catch (error) {
      return null;
    }
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  form.addEventListener("input", function () {
    localStorage.setItem(key, JSON.stringify({ values: values(), at: Date.now() }));
  });

  // A successful autosave: the server has what this browser holds, unless more was typed since.
  document.body.addEventListener("htmx:afterRequest", function (event) {
    if (!event.detail.successful || !form.contains(event.detail.elt)) return;
    var copy = stored();
    if (copy && same(copy.values, values())) localStorage.removeItem(key);
  });

  // A form that leaves the page (the verdict, release, skip, dismiss...) waits for an autosave
  // already on its way, and no autosave starts after it. Otherwise the server could take the
  // verdict or the release first and refuse the late autosave (the claim is no longer held), and
  // the page would show "Not saved" as it left. The verdict sends every field itself.
  var saving = new Set();
  var leaving = false;
  var waiting = null; // the form submitted while an autosave was on its way, and its button
  document.body.addEventListener("htmx:beforeRequest", function (event) {
    if (leaving && form.contains(event.detail.elt)) event.preventDefault();
  });
  document.body.addEventListener("htmx:beforeSend", function (event) {
    if (form.contains(event.detail.elt)) saving.add(event.detail.xhr);
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    saving.delete(event.detail.xhr);
    if (waiting && saving.size === 0) submitNow();
  });
  function submitNow() {
    var submission = waiting;
    waiting = null;
    saving.clear();
    submission.form.requestSubmit(submission.submitter);
  }
  document.addEventListener("submit", function (event) {
    if (event.defaultPrevented) return; // htmx sends this form itself: the page stays
    leaving = true;
    if (saving.size === 0) return;
    event.preventDefault();
    if (waiting) return;
    waiting = { form: event.target, submitter: event.submitter };
    window.setTimeout(function () {
      if (waiting) submitNow(); // a server that never answers does not hold the page back
    }, 10000);
  });

  function restore() {
    var copy = stored();
    if (!copy || !copy.values) return;
    var serverSavedAt = Number(form.dataset.serverSavedAt || 0);
    if (copy.at <= serverSavedAt || same(copy.values, values())) {
      localStorage.removeItem(key); // the server's copy is as new or newer
      return;
    }
    FIELDS.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && name in copy.values) field.value = copy.values[name];
    });
    var note = document.getElementById("draft-restored");
    if (note) note.hidden = false;
    // Save it now if this reviewer may (htmx listens for input on the form).
    var first = form.querySelector("textarea, input[type=text]");
    if (first && !first.disabled) {
      window.setTimeout(function () {
        first.dispatchEvent(new Event("input", { bubbles: true }));
      }, 0);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", restore);
  } else {
    restore();
  }
})();
