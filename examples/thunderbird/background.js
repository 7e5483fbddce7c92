// Lint each message with a local `replylint serve` just before Thunderbird sends it.
// Errors hold the message back; warnings and a server that cannot be reached ask first.

const DEFAULTS = { port: 8765, token: "", blockOn: "error" };

// Reports the popup window shows, and the sends waiting on its answer, by id.
const reports = new Map();
const waiting = new Map();
let nextId = 1;

async function settings() {
  return Object.assign({}, DEFAULTS, await browser.storage.local.get(DEFAULTS));
}

async function lint(details, options) {
  // HTML replies go as HTML so the quoted history (a cite blockquote) becomes the context.
  const body = details.isPlainText
    ? { reply: details.plainTextBody || "", path: "reply.txt" }
    : { reply: details.body || "", path: "reply.html" };
  body.fail_on = options.blockOn; // the server answers with its verdict at this level
  const headers = { "Content-Type": "application/json" };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  const response = await fetch(`http://127.0.0.1:${options.port}/v1/lint`, {
    method: "POST",
    headers,
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15000),
  });
  const data = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error(data.error || `server answered ${response.status}`);
  if (data.errors && data.errors.length) throw new Error(data.errors.map((e) => e.reason).join("; "));
  return data;
}

// Opens the report and resolves to true (send) or false (keep editing).
async function ask(report) {
  const id = nextId++;
  reports.set(id, report);
  const answer = new Promise((resolve) => waiting.set(id, resolve));
  const win = await browser.windows.create({
    url: `report.html?id=${id}`, type: "popup", width: 640, height: 520,
  });
  report.windowId = win.id;
  const send = await answer;
  reports.delete(id);
  return send;
}

function decide(id, send) {
  const resolve = waiting.get(id);
  if (resolve) {
    waiting.delete(id);
    resolve(send);
  }
}

browser.runtime.onMessage.addListener((message) => {
  if (message.type === "report") return Promise.resolve(reports.get(message.id));
  if (message.type === "decide") decide(message.id, message.send);
  return undefined;
});

// Closing the report window counts as "keep editing": nothing is sent without a yes.
browser.windows.onRemoved.addListener((windowId) => {
  for (const [id, report] of reports) {
    if (report.windowId === windowId) decide(id, false);
  }
});

browser.compose.onBeforeSend.addListener(async (tab, details) => {
  const options = await settings();
  let result;
  try {
    result = await lint(details, options);
  } catch (error) {
    const send = await ask({ subject: details.subject, problem: String(error.message || error), findings: [] });
    return { cancel: !send };
  }
  const findings = result.findings || [];
  if (!findings.length) return { cancel: false };
  // The server decides what blocks (verdict): the add-on does not re-implement fail-on.
  const verdict = result.verdict || { blocked: false, blocking: [] };
  const blocking = verdict.blocking.map((i) => findings[i]);
  if (verdict.blocked) {
    browser.notifications.create({
      type: "basic",
      title: "replylint: message not sent",
      message: blocking.length ? `${verdict.reason}, e.g. ${blocking[0].message}` : verdict.reason,
    });
    // Shown without a send button: fix the reply, then send again.
    ask({ subject: details.subject, findings, blocked: true });
    return { cancel: true };
  }
  const send = await ask({ subject: details.subject, findings, blocked: false });
  return { cancel: !send };
});
