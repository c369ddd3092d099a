// Keyboard shortcuts of the queue and the case page, listed in the page's help dialog
// (templates/cases/_shortcuts.html, opened with "?").
//   queue: j / k choose the next / previous case (a visible focus on its row or card),
//          Enter opens it, / focuses the search box
//   case:  j / k go to the next / previous section (by its heading), n to the note box,
//          / to the queue's search box
// None fires while typing in a field, nor with Ctrl, Alt or Meta held (the browser's own).
(function () {
  var dialog = document.getElementById("shortcuts-help");
  var list = document.querySelector("[data-shortcut-list]");
  var sections = document.querySelector("[data-shortcut-sections]");
  var search = document.querySelector("[data-shortcut-search]");
  var queue = document.querySelector("[data-queue-url]");  // the case page: where "/" goes
  var SEARCH_KEY = "queue-live-filter";  // live-filters.js focuses this field after loading
  var returnTo = null;

  function typing(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName;
    if (tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable) return true;
    if (tag !== "INPUT") return false;
    // a checkbox or a button takes no text: the keys still work there
    return !/^(checkbox|radio|button|submit|reset)$/.test(target.type);
  }

  function items() {
    if (list) return Array.prototype.slice.call(list.querySelectorAll("tbody tr[data-href]"));
    if (sections) {
      return Array.prototype.slice.call(sections.querySelectorAll("h2")).filter(function (h) {
        return h.offsetParent !== null;  // shown
      });
    }
    return [];
  }

  function move(step) {
    var all = items();
    if (!all.length) return false;
    var current = -1;
    for (var i = 0; i < all.length; i++) {
      if (all[i] === document.activeElement || all[i].contains(document.activeElement)) {
        current = i;
        break;
      }
    }
    var next = current === -1 ? (step > 0 ? 0 : all.length - 1)
      : Math.max(0, Math.min(all.length - 1, current + step));
    var item = all[next];
    if (!item.hasAttribute("tabindex")) item.setAttribute("tabindex", "-1");
    item.focus();
    item.scrollIntoView({block: "nearest"});
    return true;
  }

  function openHelp() {
    if (!dialog || dialog.open) return;
    returnTo = document.activeElement;
    dialog.showModal();
  }

  if (dialog) {
    dialog.addEventListener("close", function () {
      // "close" arrives a moment after the dialog shut: if a key has moved focus on since
      // (Esc then "/" at once), that choice stands.
      var active = document.activeElement;
      var unchosen = !active || active === document.body || dialog.contains(active);
      if (unchosen && returnTo && typeof returnTo.focus === "function" &&
          document.contains(returnTo)) {
        returnTo.focus();
      }
      returnTo = null;
    });
    // a click on the backdrop (outside the box) closes it too
    dialog.addEventListener("click", function (event) {
      if (event.target === dialog) dialog.close();
    });
  }
  document.querySelectorAll("[data-shortcuts-open]").forEach(function (button) {
    button.addEventListener("click", openHelp);
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.altKey || event.metaKey) return;
    if (dialog && dialog.open) return;  // the dialog's own keys (Esc, Tab)
    var target = event.target;
    if (typing(target)) return;
    var key = event.key;
    if (key === "?") {
      openHelp();
    } else if (key === "j" || key === "k") {
      if (!move(key === "j" ? 1 : -1)) return;
    } else if (key === "Enter" && list && target.matches && target.matches("tr[data-href]")) {
      window.location.assign(target.getAttribute("data-href"));
    } else if (key === "/") {
      if (search) {
        search.focus();
        search.select();
      } else if (queue) {
        try { sessionStorage.setItem(SEARCH_KEY, JSON.stringify({id: "id_q"})); } catch (e) { /* */ }
        window.location.assign(queue.getAttribute("data-queue-url"));
      } else {
        return;
      }
    } else if (key === "n") {
      var note = document.querySelector("[data-shortcut-note] textarea");
      if (!note) return;
      note.focus();
      note.scrollIntoView({block: "center"});
    } else {
      return;
    }
    event.preventDefault();
  });
})();
