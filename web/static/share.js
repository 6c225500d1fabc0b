// Optional enhancement: a "copy link" button on group pages. Without JavaScript it stays hidden.
(function () {
  var box = document.querySelector("[data-share]");
  if (!box || !navigator.clipboard) return;
  var button = box.querySelector("[data-copy-link]");
  var done = box.querySelector("[data-copied]");
  box.hidden = false;
  button.addEventListener("click", function () {
    // The public address from the server (GROEPENWIJZER_BASE_URL), not whatever host is in the bar.
    var link = new URL(box.dataset.url || "", window.location.href).href;
    navigator.clipboard.writeText(link).then(function () {
      done.hidden = false;
      done.setAttribute("role", "status");
    });
  });
})();
