// The brochure's print button: the browser's own print dialog (A4 layout comes from site.css).
document.querySelectorAll("[data-xyhf-print]").forEach((button) => {
  button.addEventListener("click", () => window.print());
});
