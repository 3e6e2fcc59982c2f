document.querySelectorAll("form").forEach(function (form) {
  form.addEventListener("submit", function () {
    var button = form.querySelector("button[type=submit]");
    var status = document.getElementById("progression");
    if (button) { button.disabled = true; }
    if (status) { status.textContent = "Traitement en cours… les fichiers sont lus et contrôlés, cela peut prendre une minute."; }
  });
});
