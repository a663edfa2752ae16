// Booth screen: tap products, take the sale. Each sale gets a UUID when it starts; a resend after
// a dropped connection carries the same UUID, so the server records it once.
(function () {
  const root = document.getElementById("booth");
  if (!root) return;
  const lines = new Map();
  let saleId = null;
  let pending = null;
  const status = document.getElementById("booth-status");
  const newId = () => (crypto.randomUUID ? crypto.randomUUID() :
    "10000000-1000-4000-8000-100000000000".replace(/[018]/g, c => (c ^ crypto.getRandomValues(new Uint8Array(1))[0] & 15 >> c / 4).toString(16)));
  function render() {
    const list = document.getElementById("booth-lines");
    list.innerHTML = "";
    let sum = 0;
    lines.forEach((line) => {
      const li = document.createElement("li");
      li.textContent = `${line.name} × ${line.quantity}`;
      list.appendChild(li);
      sum += line.price * line.quantity;
    });
    document.getElementById("booth-sum").textContent = sum.toLocaleString("ko-KR");
  }
  root.querySelectorAll(".booth-product").forEach((button) => {
    button.addEventListener("click", () => {
      if (pending) return;
      if (!saleId) saleId = newId();
      const pk = button.dataset.pk;
      const line = lines.get(pk) || { name: button.dataset.name, price: Number(button.dataset.price), quantity: 0 };
      line.quantity += 1;
      lines.set(pk, line);
      render();
    });
  });
  document.getElementById("booth-clear").addEventListener("click", () => {
    if (pending) return;
    lines.clear(); saleId = null; status.textContent = ""; render();
  });
  async function send(body) {
    const response = await fetch(root.dataset.saleUrl, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-CSRFToken": root.dataset.csrf },
      body: JSON.stringify(body),
    });
    return { status: response.status, data: await response.json() };
  }
  async function take() {
    if (!lines.size && !pending) { status.textContent = root.dataset.msgEmpty; return; }
    if (!pending) {
      const method = root.querySelector("input[name=method]:checked").value;
      pending = { sale_uuid: saleId || newId(), payment_method: method,
        items: Array.from(lines, ([pk, line]) => ({ product: Number(pk), quantity: line.quantity })) };
    }
    try {
      const result = await send(pending);
      if (result.status === 200 || result.status === 201) {
        status.textContent = `${root.dataset.msgOk}: ${result.data.number} (${result.data.total.toLocaleString("ko-KR")})`;
        pending = null; saleId = null; lines.clear(); render();
        document.body.dispatchEvent(new Event("sale-recorded"));
      } else {
        status.textContent = result.data.detail || String(result.status);
        pending = null;
      }
    } catch (error) {
      status.textContent = root.dataset.msgRetry;
      setTimeout(take, 3000);
    }
  }
  document.getElementById("booth-take").addEventListener("click", take);
})();
