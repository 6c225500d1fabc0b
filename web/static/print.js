// The advice's "Afdrukken" button: only shown when JavaScript runs (without it,
// the browser's own print command does the same).
document.querySelectorAll(".print-button").forEach(function (button) {
  button.hidden = false;
  button.addEventListener("click", function () { window.print(); });
});
