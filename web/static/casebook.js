// Case-book page: move and remove cards without reloading the page, so the reader keeps their
// place; the forms still work without JavaScript.
(function () {
  const root = document.getElementById("casebook");
  if (!root) return;
  root.addEventListener("submit", async (event) => {
    const form = event.target;
    if (!form.classList.contains("item-actions")) return;
    event.preventDefault();
    const data = new FormData(form);
    if (event.submitter) data.set(event.submitter.name, event.submitter.value);
    const resp = await fetch(form.getAttribute("action"), { method: "POST", body: new URLSearchParams(data), redirect: "follow" });
    if (!resp.ok) { form.submit(); return; }
    const page = new DOMParser().parseFromString(await resp.text(), "text/html");
    const fresh = page.getElementById("casebook");
    if (fresh) root.innerHTML = fresh.innerHTML; // same scroll position: nothing navigated
    window.casegraphCasebookUpdated = (window.casegraphCasebookUpdated || 0) + 1;
  });
})();
