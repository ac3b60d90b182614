// Live result of the eligibility calculator: the server computes it with the same rule it stores.
(function () {
  const form = document.getElementById("request-form");
  const out = document.getElementById("assessment");
  if (!form || !out) return;
  const token = document.querySelector('meta[name="csrf-token"]').content;
  let pending = null;
  function update() {
    const data = new FormData(form);
    if (pending) pending.abort();
    pending = new AbortController();
    fetch(form.dataset.preview, {method: "POST", body: data, headers: {"X-CSRFToken": token},
                                 signal: pending.signal})
      .then((r) => r.json())
      .then((body) => {
        if (body.errors) {
          out.textContent = Object.values(body.errors).join(" ");
          out.className = "assessment over";
        } else {
          out.textContent = body.explanation;
          out.className = body.below ? "assessment" : "assessment over";
        }
      })
      .catch(() => {});
  }
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  update();
})();
