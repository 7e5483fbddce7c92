const DEFAULTS = { port: 8765, token: "", blockOn: "error" };
const form = document.getElementById("form");

async function load() {
  const values = await browser.storage.local.get(DEFAULTS);
  for (const key of Object.keys(DEFAULTS)) document.getElementById(key).value = values[key];
}

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  await browser.storage.local.set({
    port: Number(document.getElementById("port").value) || DEFAULTS.port,
    token: document.getElementById("token").value.trim(),
    blockOn: document.getElementById("blockOn").value,
  });
  document.getElementById("saved").hidden = false;
});

load();
