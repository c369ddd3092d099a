// The apology preview's frame grows to the whole email, so the reference and the sign-off
// show without a scrollbar inside the frame (at 1280 px and on a phone alike). The email in
// the frame runs no scripts (sandbox); this page reads its height, which same-origin allows.
// Without this script the frame keeps its CSS height and scrolls.
(function () {
  function fit(frame) {
    var doc = frame.contentDocument;
    if (!doc || !doc.documentElement || doc.URL === "about:blank") return;  // not loaded yet
    // the email's own height, not the frame's: it shrinks again when the window widens
    var height = Math.ceil(doc.documentElement.getBoundingClientRect().height);
    var border = frame.offsetHeight - frame.clientHeight;
    frame.style.height = height + border + "px";
  }
  document.querySelectorAll("iframe.preview-frame").forEach(function (frame) {
    frame.addEventListener("load", function () { fit(frame); });
    window.addEventListener("resize", function () { fit(frame); });
    if (frame.contentDocument && frame.contentDocument.readyState === "complete") fit(frame);
  });
})();
