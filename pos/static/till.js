// The till screen: keyboard-and-scanner first, touch friendly. Everything goes through the JSON API
// (/api/caisse, documented at /api/openapi.json); device events arrive by server-sent events so a
// scan reaches the till whatever has the focus.
(function () {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const CARD = /^[A-Za-z]{1,4}[-\s]?\d{3,10}$/;
  // The payment in flight survives a reload or a power cut of the screen: on load it is resumed.
  const PENDING = "gers.caisse.paiement-en-cours";
  let mode = "epicerie";
  let shown = null;  // the basket version and total this screen shows: payment covers exactly those
  let sessionId = null;
  let weighProduct = null;  // the by-weight article waiting for the scale
  let pendingOverride = null;  // the refused request, replayed with the coordinator's override

  function call(path, data, method) {
    const options = { method: method || (data === undefined ? "GET" : "POST"),
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json" } };
    if (data !== undefined) options.body = JSON.stringify(Object.assign({ mode: mode }, data));
    const url = "/api/caisse" + path + (options.method === "GET" ? (path.includes("?") ? "&" : "?") + "mode=" + mode : "");
    return fetch(url, options).then(async (response) => {
      let payload = {};
      try { payload = await response.json(); } catch (e) { payload = { error: "Réponse illisible du serveur." }; }
      return { ok: response.ok, status: response.status, data: payload };
    }).catch(() => ({ ok: false, status: 0, data: { error: "Le poste ne répond pas : vérifiez qu'il est allumé." } }));
  }

  function say(text, ok) {
    const box = $("message");
    box.textContent = text || "";
    box.classList.toggle("ok", !!ok);
  }

  function refocus() {
    if (!document.querySelector("dialog[open]")) $("scan").focus();
  }

  // --- rendering -----------------------------------------------------------------------------
  function render(state) {
    if (!state || !state.basket) return;
    if (state.session) sessionId = state.session.id;
    const basket = state.basket;
    shown = { version: basket.version, total: basket.to_pay.value };
    const body = $("lines").querySelector("tbody");
    body.replaceChildren(...basket.lines.map(lineRow));
    $("market-value").textContent = basket.market_value.display;
    $("to-pay").textContent = basket.to_pay.display;
    renderHousehold(basket.household, basket.exception);
    if (state.printer) renderPrinter(state.printer);
  }

  function cell(text, className) {
    const td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function lineRow(line) {
    const tr = document.createElement("tr");
    tr.dataset.line = line.id;
    tr.append(cell(line.description + (line.override ? " (dérogation)" : "")));
    const qty = document.createElement("td");
    qty.className = "qty";
    if (line.editable) {
      qty.append(button("−", () => setQuantity(line, line.quantity - 1), "Retirer un"),
        document.createTextNode(" " + line.quantity + " "), button("+", () => setQuantity(line, line.quantity + 1), "Ajouter un"));
    } else {
      qty.textContent = line.weight || String(line.quantity);
    }
    tr.append(qty, cell(line.market_value.display, "num"),
      cell(line.fse_plus ? "gratuit (FSE+)" : line.price.display, "num" + (line.fse_plus ? " free" : "")));
    const remove = document.createElement("td");
    remove.append(button("Retirer", () => act(() => call("/lignes/" + line.id, {}, "DELETE")), "Retirer " + line.description));
    tr.append(remove);
    return tr;
  }

  function button(label, onClick, title) {
    const b = document.createElement("button");
    b.type = "button";
    b.className = "button small";
    b.textContent = label;
    if (title) b.setAttribute("aria-label", title);
    b.addEventListener("click", onClick);
    return b;
  }

  function renderHousehold(household, exception) {
    const box = $("household");
    box.replaceChildren();
    if (!household) {
      box.innerHTML = mode === "vesti" ? '<p class="muted">Vesti-boutique : carte du foyer facultative.</p>'
        : mode === "fse" ? '<p class="muted">Distribution gratuite FSE+ : scannez la carte du foyer, puis les produits FSE+.</p>'
        : '<p class="muted">Scannez la carte du foyer.</p>';
      $("allowance-left").textContent = "—";
      return;
    }
    const head = document.createElement("p");
    head.className = "card";
    head.textContent = "Carte " + household.card_number + " · " + household.composition;
    const access = document.createElement("p");
    access.textContent = household.access + (household.access_ends_on ? " jusqu'au " + household.access_ends_on : "") +
      (household.rate_percent ? " · participation " + household.rate_percent : "");
    box.append(head, access);
    if (household.quotas.length) {
      const quotas = document.createElement("p");
      quotas.textContent = "Quotas restants : " + household.quotas.map((q) => q.category + " " + q.left + "/" + q.limit).join(", ");
      box.append(quotas);
    }
    household.warnings.concat(exception ? ["Accès exceptionnel : " + exception] : []).forEach((text) => {
      const warning = document.createElement("p");
      warning.className = "warning";
      warning.textContent = text;
      box.append(warning);
    });
    $("allowance-left").textContent = household.allowance_left
      ? household.allowance_left.display + " jusqu'au " + household.period_ends_on : "—";
  }

  function renderPrinter(printer) {
    const badge = $("printer-status");
    badge.textContent = printer.message + (printer.pending ? " (" + printer.pending + " en attente)" : "");
    badge.classList.toggle("warn", !["ok", "paper_low"].includes(printer.state));
  }

  // Legal for trade: the scale's own digits, in French notation ("00.640 kg" -> "0,640 kg").
  function scaleWeight(display) {
    const match = /^(-?)\s*(\d+)(?:\.(\d+))?\s*([a-zA-Z]+)$/.exec((display || "").trim());
    if (!match) return display || "";
    return match[1] + (match[2].replace(/^0+(?=\d)/, "")) + (match[3] ? "," + match[3] : "") + " " + match[4];
  }

  function renderScale(event) {
    const badge = $("scale-status");
    badge.textContent = event.priceable ? "Balance : " + scaleWeight(event.display) : event.message;
    badge.classList.toggle("warn", !event.priceable);
  }

  // --- actions -------------------------------------------------------------------------------
  // Actions run one after the other: a burst of scans is never dropped nor raced.
  let queue = Promise.resolve();

  function act(send) {
    const run = async () => {
      const result = await send({});
      if (result.ok) {
        say(result.data.warnings && result.data.warnings.length ? result.data.warnings.join(" ") : "", true);
        render(result.data);
      } else if (result.data.needs_override || (result.data.details && result.data.details.needs_exception)) {
        askOverride(result.data.error, send);
      } else {
        say(result.data.error || "Action impossible.");
        if (result.data.details && result.data.details.needs_weight) weighProduct = result.data.details.product_id;
      }
      refocus();
      return result;
    };
    const done = queue.then(run);
    queue = done.catch(() => null);
    return done;
  }

  function handleCode(raw) {
    const code = raw.trim();
    if (!code) return;
    if (CARD.test(code)) {
      const send = (extra) => call("/foyer", Object.assign({ card_number: code }, extra));
      act(send);
    } else {
      const send = (extra) => call("/scan", Object.assign({ code: code }, extra));
      act(send);
    }
  }

  function setQuantity(line, quantity) {
    if (quantity < 1) return act(() => call("/lignes/" + line.id, {}, "DELETE"));
    const send = (extra) => call("/lignes/" + line.id, Object.assign({ quantity: quantity }, extra));
    return act(send);
  }

  function weigh(productId) {
    const target = productId || weighProduct;
    if (!target) { say("Choisissez d'abord l'article à peser (Rechercher ou scan)."); openDialog("find-dialog"); return; }
    const send = (extra) => call("/pesee", Object.assign({ product_id: target }, extra));
    act(send).then((result) => { if (result && result.ok) weighProduct = null; });
  }

  function askOverride(message, replay) {
    pendingOverride = replay;
    $("override-reason-text").textContent = message;
    $("override-form").reset();
    openDialog("override-dialog");
    $("override-username").focus();
  }

  function openDialog(id) {
    const dialog = $(id);
    if (!dialog.open) dialog.showModal();
  }

  function closeDialogs() {
    document.querySelectorAll("dialog[open]").forEach((d) => d.close());
    refocus();
  }

  // --- payment -------------------------------------------------------------------------------
  let idempotencyKey = null;

  function openPayment() {
    const toPay = $("to-pay").textContent;
    $("pay-total").textContent = toPay;
    $("pay-form").reset();
    $("pay-error").textContent = "";
    $("pay-change").textContent = "";
    // A payment whose answer never came keeps its key: trying again finds it instead of paying twice.
    const pending = JSON.parse(localStorage.getItem(PENDING) || "null");
    idempotencyKey = pending ? pending.key : (crypto.randomUUID ? crypto.randomUUID() : String(Date.now()) + Math.random());
    $("pay-confirm").disabled = false;
    openDialog("pay-dialog");
    $("pay-cash").focus();
  }

  async function confirmPayment(event) {
    event.preventDefault();
    const button = $("pay-confirm");
    if (button.disabled) return;
    button.disabled = true;  // a double click sends nothing twice (and the key would catch it anyway)
    const tenders = [
      { method: "cash", amount: $("pay-cash").value },
      { method: "card", amount: $("pay-card").value, reference: $("pay-card-ref").value },
      { method: "cheque", amount: $("pay-cheque").value },
    ].filter((t) => t.amount.trim() !== "");
    const data = { tenders: tenders, idempotency_key: idempotencyKey,
      basket_version: shown ? shown.version : "", expected_total: shown ? shown.total : null };
    if ($("stop") && $("stop").value) data.stop_id = $("stop").value;  // a van: the stop chosen by the cashier
    localStorage.setItem(PENDING, JSON.stringify({ key: idempotencyKey, mode: mode }));
    const result = await call("/valider", data);
    if (!result.ok) {
      if (result.status === 422) localStorage.removeItem(PENDING);  // refused: nothing was recorded
      $("pay-error").textContent = result.data.error;
      if (result.data.details && result.data.details.stale_basket) {
        await refresh();  // show what the basket holds now, and its total
        $("pay-total").textContent = $("to-pay").textContent;
      }
      button.disabled = false;
      return;
    }
    $("pay-dialog").close();
    saleDone(result.data, "");
  }

  function saleDone(data, prefix) {
    localStorage.removeItem(PENDING);
    const change = data.change.value !== "0.00" ? "Rendu : " + data.change.value.replace(".", ",") + " €. " : "";
    say(prefix + "Vente n° " + data.sale.sequence + " enregistrée. " + change + data.receipt.message + " " +
      data.warnings.join(" "), true);
    refresh();
  }

  // After a reload or a power cut during « Valider »: the server says whether the sale was recorded
  // (and prints its receipt if it never left), or that the basket is still to be paid.
  async function resumePayment() {
    const pending = JSON.parse(localStorage.getItem(PENDING) || "null");
    if (!pending) return;
    const result = await call("/valider", { idempotency_key: pending.key, resume: true, tenders: [], mode: pending.mode });
    if (result.ok) saleDone(result.data, "Paiement repris après interruption. ");
    else if (result.status === 422) { localStorage.removeItem(PENDING); say(result.data.error); }
  }

  // --- returns, closing --------------------------------------------------------------------
  let saleForReturn = null;

  async function findSale() {
    const result = await call("/ventes?numero=" + encodeURIComponent($("returns-number").value));
    const box = $("returns-sale");
    box.replaceChildren();
    if (!result.ok) { box.textContent = result.data.error; saleForReturn = null; return; }
    saleForReturn = result.data;
    result.data.lines.forEach((line) => {
      const label = document.createElement("label");
      label.textContent = line.description + " (vendu " + (line.weight || line.quantity) + ", " + line.price.display + ")";
      const input = document.createElement("input");
      input.type = "number"; input.min = "0"; input.max = String(line.quantity); input.value = "0";
      input.dataset.line = line.id;
      label.append(input);
      box.append(label);
    });
  }

  async function giveBack(whole) {
    if (!saleForReturn) { $("returns-sale").textContent = "Cherchez d'abord la vente."; return; }
    const reason = $("returns-reason").value;
    const lines = {};
    $("returns-sale").querySelectorAll("input[data-line]").forEach((input) => { lines[input.dataset.line] = Number(input.value); });
    const path = "/ventes/" + saleForReturn.id + (whole ? "/annulation" : "/retour");
    const result = await call(path, whole ? { reason: reason } : { reason: reason, lines: lines });
    if (!result.ok) { $("returns-sale").textContent = result.data.error; return; }
    closeDialogs();
    const refund = result.data.entry.refund;
    const back = refund && refund.value !== "0.00" ? "À rembourser : " + refund.display + ". " : "";
    say((whole ? "Vente annulée" : "Retour enregistré") + " (n° " + result.data.entry.sequence + "). " + back +
      result.data.receipt.message, true);
    refresh();
  }

  function renderZ(figures) {
    const body = $("z-figures").querySelector("tbody");
    body.replaceChildren(...figures.filter((row) => row.label).map((row) => {
      const tr = document.createElement("tr");
      if (row.bold) tr.className = "strong";
      tr.append(cell(row.label), cell(row.value, "num"));
      return tr;
    }));
    $("z-figures").hidden = false;
  }

  // The Z is final: its figures are shown first, and only a second, explicit tap records it.
  async function previewZ(event) {
    event.preventDefault();
    const result = await call("/session/apercu-z", { counted_cash: $("close-counted").value });
    if (!result.ok) { $("z-report").textContent = result.data.error; return; }
    renderZ(result.data.figures);
    $("z-report").textContent = "Vérifiez les chiffres puis confirmez : la clôture est définitive.";
    $("close-confirm").hidden = false;
  }

  async function closeSession() {
    const button = $("close-confirm");
    if (button.disabled) return;
    button.disabled = true;
    const result = await call("/session/cloture", { counted_cash: $("close-counted").value, session_id: sessionId });
    button.disabled = false;
    if (!result.ok) { $("z-report").textContent = result.data.error; return; }
    const z = result.data.z_report;
    renderZ(result.data.figures);
    $("z-report").textContent = "Clôture n° " + z.sequence + " enregistrée (empreinte " + z.hash + "). " + result.data.receipt.message;
    button.hidden = true;
    $("close-preview").hidden = true;
    $("checkout").hidden = true;
    $("opening").hidden = false;
  }

  async function refresh() {
    const result = await call("/etat");
    if (result.ok) render(result.data);
  }

  // --- wiring --------------------------------------------------------------------------------
  $("opening-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = event.target.querySelector("button[type=submit]");
    if (button.disabled) return;
    button.disabled = true;  // a double tap opens one session (the server joins it anyway)
    const result = await call("/session", { opening_float: $("opening-float").value });
    button.disabled = false;
    if (!result.ok) { say(result.data.error); return; }
    if (result.data.already_open) say("La caisse était déjà ouverte : vous la rejoignez.", true);
    $("opening").hidden = true;
    $("checkout").hidden = false;
    render(result.data);
    refocus();
  });
  $("scan").addEventListener("keydown", (event) => {
    if (event.key === "Enter" || event.key === "Tab") {
      event.preventDefault();
      const value = event.target.value;
      event.target.value = "";
      handleCode(value);
    }
  });
  document.querySelectorAll(".mode").forEach((tab) => tab.addEventListener("click", () => {
    mode = tab.dataset.mode;
    document.querySelectorAll(".mode").forEach((t) => t.setAttribute("aria-selected", String(t === tab)));
    $("garments").hidden = mode !== "vesti";
    say("");
    refresh().then(refocus);
  }));
  document.querySelectorAll(".garment").forEach((b) => b.addEventListener("click", () => {
    const send = (extra) => call("/vetement", Object.assign({ garment_type_id: b.dataset.id }, extra));
    act(send);
  }));
  $("pay").addEventListener("click", openPayment);
  $("pay-form").addEventListener("submit", confirmPayment);
  $("pay-cash").addEventListener("input", () => {
    const total = Number($("to-pay").textContent.replace(/[^\d,]/g, "").replace(",", "."));
    const given = Number($("pay-cash").value.replace(",", "."));
    $("pay-change").textContent = given > total ? "À rendre : " + (given - total).toFixed(2).replace(".", ",") + " €" : "";
  });
  $("weigh").addEventListener("click", () => weigh());
  $("find").addEventListener("click", () => { openDialog("find-dialog"); $("find-text").focus(); });
  $("find-text").addEventListener("input", async (event) => {
    const result = await call("/recherche?q=" + encodeURIComponent(event.target.value));
    const list = $("find-results");
    list.replaceChildren();
    (result.ok ? result.data : []).forEach((product) => {
      const item = document.createElement("li");
      item.append(button(product.name + (product.by_weight ? " (au poids)" : ""), () => {
        $("find-dialog").close();
        if (product.by_weight) { weighProduct = product.id; weigh(product.id); }
        else {
          const send = (extra) => call("/article", Object.assign({ product_id: product.id }, extra));
          act(send);
        }
      }));
      list.append(item);
    });
  });
  $("manual").addEventListener("click", () => { $("manual-form").reset(); openDialog("manual-dialog"); });
  $("manual-form").addEventListener("submit", (event) => {
    event.preventDefault();
    $("manual-dialog").close();
    const data = { category_id: $("manual-category").value, description: $("manual-description").value,
      market_value: $("manual-value").value };
    const send = (extra) => call("/manuel", Object.assign({}, data, extra));
    act(send);
  });
  $("override-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const replay = pendingOverride;
    $("override-dialog").close();
    if (!replay) return;
    const override = { username: $("override-username").value, pin: $("override-pin").value, reason: $("override-reason").value };
    act((extra) => replay(Object.assign({ override: override }, extra)));
  });
  $("clear").addEventListener("click", () => act(() => call("/vider", {})));
  $("returns").addEventListener("click", () => {
    $("returns-form").reset(); $("returns-sale").replaceChildren(); saleForReturn = null; openDialog("returns-dialog");
  });
  $("returns-find").addEventListener("click", findSale);
  $("returns-confirm").addEventListener("click", () => giveBack(false));
  $("void-confirm").addEventListener("click", () => giveBack(true));
  // The last sale comes from the journal, so a reloaded or restarted till still finds it.
  $("reprint").addEventListener("click", async () => {
    const result = await call("/ventes/derniere/reimpression", {});
    say(result.ok ? "Vente n° " + result.data.entry.sequence + " : " + result.data.receipt.message : result.data.error, result.ok);
  });
  $("close").addEventListener("click", () => {
    $("close-form").reset(); $("z-report").textContent = ""; $("z-figures").hidden = true;
    $("close-confirm").hidden = true; $("close-preview").hidden = false; openDialog("close-dialog");
  });
  $("close-form").addEventListener("submit", previewZ);
  $("close-counted").addEventListener("input", () => { $("close-confirm").hidden = true; });
  $("close-confirm").addEventListener("click", closeSession);
  document.querySelectorAll("[data-close]").forEach((b) => b.addEventListener("click", closeDialogs));
  document.addEventListener("keydown", (event) => {
    if (event.key === "F2") { event.preventDefault(); openPayment(); }
    else if (event.key === "F4") { event.preventDefault(); weigh(); }
    else if (event.key === "F6") { event.preventDefault(); $("find").click(); }
    else if (!document.querySelector("dialog[open]") && event.key.length === 1 && document.activeElement.tagName !== "INPUT") {
      $("scan").focus();  // a keyboard-wedge scanner types here whatever had the focus
    }
  });

  // Device hub events: scans from a grabbed scanner, scale readings, printer states.
  if (window.EventSource) {
    const events = new EventSource("/api/appareils/evenements");
    events.onopen = () => { document.documentElement.dataset.devices = "connected"; };
    events.onmessage = (message) => {
      const event = JSON.parse(message.data);
      if (event.type === "scan" && !$("checkout").hidden) handleCode(event.data);
      else if (event.type === "weight") renderScale(event);
      else if (event.type === "printer") renderPrinter({ state: event.state, message: event.message, pending: event.pending_jobs });
    };
  }
  if (!$("checkout").hidden) refresh().then(resumePayment).then(refocus);
})();
