// The queue's bulk bar, enhanced. Without this script it is a plain form: tick cases, choose
// a target, press the action's button; the server says what was done or what is missing.
// With it: "Choose all on this page" appears, a live count says how many are chosen, the
// action buttons stay disabled until one case is, an action without its target asks for
// it before anything is sent, and Enter in the tag box adds the tag.
(function () {
  var form = document.getElementById("bulk-form");
  var bar = form && form.querySelector("[data-bulk-bar]");
  if (!bar) return;
  var all = document.getElementById("bulk-all");
  var count = document.getElementById("bulk-count");
  var buttons = bar.querySelectorAll("button[data-bulk-needs]");

  function boxes() {
    return Array.prototype.slice.call(form.querySelectorAll('input[type="checkbox"][name="case"]'));
  }

  function update() {
    var list = boxes();
    var chosen = list.filter(function (box) { return box.checked; }).length;
    count.textContent = chosen === 0 ? "None chosen" : chosen + " chosen";
    buttons.forEach(function (button) { button.disabled = chosen === 0; });
    all.checked = chosen > 0 && chosen === list.length;
    all.indeterminate = chosen > 0 && chosen < list.length;
    all.disabled = list.length === 0;
  }

  all.closest("[data-bulk-all]").hidden = false;
  all.addEventListener("change", function () {
    boxes().forEach(function (box) { box.checked = all.checked; });
    update();
  });
  // any change of a row's box, whoever made it (a click, a keyboard shortcut's click())
  form.addEventListener("change", function (event) {
    if (event.target.name === "case") update();
  });

  form.addEventListener("submit", function (event) {
    var button = event.submitter;
    var field = button && document.getElementById(button.getAttribute("data-bulk-needs") || "");
    if (field && !field.value.trim()) {
      event.preventDefault();
      field.setCustomValidity(button.getAttribute("data-bulk-ask") || "This is needed.");
      field.reportValidity();
    }
  });
  bar.addEventListener("input", function (event) {
    if (event.target.setCustomValidity) event.target.setCustomValidity("");
  });
  bar.addEventListener("change", function (event) {
    if (event.target.setCustomValidity) event.target.setCustomValidity("");
  });
  bar.querySelectorAll("[data-bulk-enter]").forEach(function (field) {
    field.addEventListener("keydown", function (event) {
      if (event.key !== "Enter") return;
      event.preventDefault();
      var button = document.getElementById(field.getAttribute("data-bulk-enter"));
      if (button && !button.disabled) button.click();
    });
  });

  update();
})();
