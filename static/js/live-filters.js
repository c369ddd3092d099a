// The queue's filters apply as they change: a drop-down or a checkbox at once, the search
// box after a pause in typing. The page loads again with the new filters (the same GET the
// form's "Apply filters" button sends without scripts), then puts focus back on the field
// that changed, the caret where it was, and reads out the new count (aria-live).
(function () {
  var form = document.querySelector("form[data-live-filters]");
  if (!form) return;
  var KEY = "queue-live-filter";  // sessionStorage: the field that changed, across the load
  var PAUSE = 400;  // ms of no typing before the search applies
  var timer = null;
  form.classList.add("is-live");  // shows "Filters apply as you change them."

  function apply(field, replace) {
    var state = {id: field.id};
    if (typeof field.selectionStart === "number") {
      state.start = field.selectionStart;
      state.end = field.selectionEnd;
    }
    try { sessionStorage.setItem(KEY, JSON.stringify(state)); } catch (e) { /* private mode */ }
    var params = new URLSearchParams(new FormData(form));
    var url = (form.getAttribute("action") || window.location.pathname) + "?" + params;
    // typing replaces the history entry: Back goes to the queue before the search, not to
    // every pause in it
    if (replace) window.location.replace(url); else window.location.assign(url);
  }

  form.addEventListener("change", function (event) {
    var field = event.target;
    if (field.type === "search" || field.type === "text") return;  // typing has its own pace
    window.clearTimeout(timer);
    apply(field, false);
  });

  var lastSearch = {};
  form.querySelectorAll("input[type=search]").forEach(function (box) {
    lastSearch[box.id] = box.value;
    box.addEventListener("input", function (event) {
      if (event.isComposing) return;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (box.value.trim() === (lastSearch[box.id] || "").trim()) return;
        apply(box, true);
      }, PAUSE);
    });
  });
  form.addEventListener("submit", function () { window.clearTimeout(timer); });

  // After a live change: focus where the agent was, and announce the result count.
  var saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(KEY) || "null");
    sessionStorage.removeItem(KEY);
  } catch (e) { saved = null; }
  if (!saved || !saved.id) return;
  var field = document.getElementById(saved.id);
  if (field) {
    field.focus();
    if (typeof saved.start === "number" && typeof field.setSelectionRange === "function") {
      var end = Math.min(saved.end, field.value.length);
      field.setSelectionRange(Math.min(saved.start, end), end);
    }
  }
  var count = document.getElementById("queue-count");
  if (count) {
    // A live region is read out when its text changes after the page loaded.
    var text = count.textContent;
    count.textContent = "";
    window.setTimeout(function () { count.textContent = text; }, 250);
  }
})();
