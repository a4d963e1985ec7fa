// The printable summary's "Print" button (inline scripts are ruled out by the content security policy).
document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll("[data-print]").forEach((button) => {
    button.addEventListener("click", () => window.print());
  });
});
