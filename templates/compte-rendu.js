{#- The search box and the folding of the compte-rendu (compte-rendu.html). The page's
    Content-Security-Policy allows this script by its SHA-256 hash (filter `csp_hash`): any other
    script, inline or not, is refused. -#}
{% raw %}
(() => {
  "use strict";
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  const rows = Array.from(document.querySelectorAll("tr.ligne"));
  const texts = rows.map((row) => fold(row.textContent));
  const sections = Array.from(document.querySelectorAll(".cr-section"));
  const input = document.getElementById("recherche");
  const counter = document.getElementById("compteur");
  const label = (shown, total) =>
    `${shown} ${shown > 1 ? "lignes affichées" : "ligne affichée"} sur ${total}`;

  const setOpen = (button, open) => {
    button.setAttribute("aria-expanded", String(open));
    button.textContent = open ? "Replier" : "Déplier";
    document.getElementById(button.getAttribute("aria-controls")).hidden = !open;
  };
  for (const button of document.querySelectorAll(".bascule")) {
    button.hidden = false;
    button.addEventListener("click", () =>
      setOpen(button, button.getAttribute("aria-expanded") !== "true"));
  }

  const filter = () => {
    const words = fold(input.value).split(/\s+/).filter(Boolean);
    let shown = 0;
    rows.forEach((row, i) => {
      const match = words.every((word) => texts[i].includes(word));
      row.hidden = !match;
      shown += match ? 1 : 0;
    });
    for (const section of sections) {
      const all = section.querySelectorAll("tr.ligne").length;
      const visible = section.querySelectorAll("tr.ligne:not([hidden])").length;
      const none = section.querySelector(".filtre-vide");
      if (none) none.hidden = !(all && !visible);
      const button = section.querySelector(".bascule");
      if (words.length && visible && button) setOpen(button, true);
    }
    counter.textContent = label(shown, rows.length);
  };
  input.addEventListener("input", filter);
  document.querySelector(".recherche").hidden = false;
  filter();
})();
{% endraw %}
