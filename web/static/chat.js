// Optional enhancement for the chat: Enter sends the message, Shift + Enter starts a new line.
// Without JavaScript the box is a plain textarea and the "Verstuur" button sends.
(function () {
  var box = document.getElementById("message");
  var send = document.getElementById("send");
  var hint = document.getElementById("enter-hint");
  if (!box || !send || !box.form || !box.form.requestSubmit) return;
  if (hint) {
    hint.hidden = false;
    box.setAttribute("aria-describedby", box.getAttribute("aria-describedby") + " enter-hint");
  }
  box.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) return;
    event.preventDefault();
    if (box.value.trim()) box.form.requestSubmit(send);
  });
})();
