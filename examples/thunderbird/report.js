// Shows one report from background.js and sends back the choice.
const id = Number(new URLSearchParams(location.search).get("id"));

function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text) node.textContent = text; // textContent: reply text is never parsed as HTML
  if (className) node.className = className;
  return node;
}

async function choose(send) {
  await browser.runtime.sendMessage({ type: "decide", id, send });
  window.close();
}

async function show() {
  const report = await browser.runtime.sendMessage({ type: "report", id });
  if (!report) return window.close();
  document.getElementById("title").textContent = report.subject ? `replylint: ${report.subject}` : "replylint";
  const summary = document.getElementById("summary");
  if (report.problem) {
    summary.textContent = `replylint could not check this message: ${report.problem}. ` +
      "Is `replylint serve` running on the port set in this add-on's options?";
  } else if (report.blocked) {
    summary.textContent = "Not sent: fix the problems marked error, then send again.";
  } else {
    summary.textContent = "Worth a second look before this goes out:";
  }
  const list = document.getElementById("findings");
  for (const f of report.findings) {
    const item = el("div", null, `finding ${f.severity}`);
    item.append(el("div", `${f.code} ${f.name} [${f.severity}]`, "where"));
    if (f.evidence && f.evidence.reply) item.append(el("q", f.evidence.reply));
    item.append(el("div", f.message));
    item.append(el("div", `line ${f.line}, column ${f.column}`, "where"));
    list.append(item);
  }
  const send = document.getElementById("send");
  send.hidden = Boolean(report.blocked);
  send.addEventListener("click", () => choose(true));
  document.getElementById("edit").addEventListener("click", () => choose(false));
}

show();
