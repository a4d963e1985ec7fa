// Small behaviours that a strict content security policy rules out as inline scripts.
document.addEventListener("DOMContentLoaded", () => {
  // Buttons that ask before a destructive action: <button data-confirm="...">.
  document.body.addEventListener("click", (event) => {
    const button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // Wide tables scroll inside their own box, so the page is never wider than the screen; their headers stay
  // visible (CSS: .table-box). A box that scrolls can be reached with the keyboard.
  const boxTables = (root) => {
    root.querySelectorAll("table.grid").forEach((table) => {
      let box = table.parentElement;
      if (!box.classList.contains("table-box")) {
        box = document.createElement("div");
        box.className = "table-box";
        table.before(box);
        box.appendChild(table);
      }
      if (box.scrollWidth > box.clientWidth || box.scrollHeight > box.clientHeight) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        const caption = table.closest("section, main")?.querySelector("h1, h2");
        box.setAttribute("aria-label", table.getAttribute("aria-label") || caption?.textContent?.trim() || "table");
      }
    });
  };
  boxTables(document);
  document.body.addEventListener("htmx:afterSwap", (event) => boxTables(event.target.parentElement || document));

  // The browser's own "Please fill out this field" follows the browser's language; the page's language wins.
  const messages = document.documentElement.dataset;
  document.addEventListener(
    "invalid",
    (event) => {
      const field = event.target;
      const v = field.validity;
      field.setCustomValidity("");
      if (v.valueMissing) field.setCustomValidity(messages.msgRequired || "");
      else if (v.typeMismatch || v.badInput || v.patternMismatch) field.setCustomValidity(messages.msgFormat || "");
      else if (v.rangeUnderflow || v.rangeOverflow || v.stepMismatch) field.setCustomValidity(messages.msgRange || "");
      else if (v.tooLong || v.tooShort) field.setCustomValidity(messages.msgLength || "");
    },
    true,
  );
  document.addEventListener("input", (event) => event.target.setCustomValidity?.(""), true);
  document.addEventListener("change", (event) => event.target.setCustomValidity?.(""), true);
});
