// Optional enhancement: a "copy link" button on group pages. Without JavaScript it stays hidden.
(function () {
  var box = document.querySelector("[data-share]");
  if (!box || !navigator.clipboard) return;
  var button = box.querySelector("[data-copy-link]");
  var done = box.querySelector("[data-copied]");
  box.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(window.location.href).then(function () {
      done.hidden = false;
      done.setAttribute("role", "status");
    });
  });
})();
