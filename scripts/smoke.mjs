#!/usr/bin/env node
// End-to-end smoke test of the built bot, as a new user would try it: `npm start` on a fresh data folder, the health
// endpoints, a Teams-shaped "@Reassure help" whose reply must arrive at a loopback fake connector, then SIGTERM.
// Used by .ci/run after `npm ci`; exits non-zero with the reason on any failure.
import { spawn } from "node:child_process";
import { createServer } from "node:http";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

// A free port, so the smoke test never talks to another process that happens to hold 3978.
const port = await new Promise((resolve) => {
  const probe = createServer();
  probe.listen(0, "127.0.0.1", () => {
    const { port: free } = probe.address();
    probe.close(() => resolve(free));
  });
});
const dataDir = mkdtempSync(join(tmpdir(), "reassure-smoke-"));
const fail = (message) => {
  console.error(`smoke: FAILED — ${message}`);
  process.exit(1);
};

const replies = [];
const connector = createServer((req, res) => {
  let body = "";
  req.on("data", (c) => (body += c));
  req.on("end", () => {
    replies.push({ method: req.method, url: req.url, body: body ? JSON.parse(body) : undefined });
    res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ id: "reply-1" }));
  });
});
await new Promise((resolve) => connector.listen(0, "127.0.0.1", resolve));
const serviceUrl = `http://127.0.0.1:${connector.address().port}/`;

const bot = spawn(process.execPath, ["dist/src/main.js"], {
  env: { ...process.env, DATABASE_URL: `file:${join(dataDir, "reassure.db")}`, PORT: String(port), LOG_LEVEL: "info" },
  stdio: ["ignore", "pipe", "pipe"],
});
let log = "";
bot.stdout.on("data", (d) => (log += d));
bot.stderr.on("data", (d) => (log += d));
const exited = new Promise((resolve) => bot.on("exit", (code, signal) => resolve({ code, signal })));

const base = `http://127.0.0.1:${port}`;
const started = Date.now();
let ready;
while (Date.now() - started < 60_000) {
  ready = await fetch(`${base}/readyz`).then((r) => r.status, () => 0);
  if (ready === 200) break;
  await new Promise((r) => setTimeout(r, 200));
}
if (ready !== 200) fail(`/readyz never answered 200 (last ${ready}). Log:\n${log}`);
console.log(`smoke: ready in ${Date.now() - started} ms`);
if ((await fetch(`${base}/healthz`)).status !== 200) fail("/healthz did not answer 200");
if (!log.includes("LOCAL MODE")) fail("no local-mode warning was logged");
// A deprecation warning at start is the first sign of a dependency that the next Node will break (restify 11 on Node 24).
if (/DeprecationWarning|\[DEP\d+\]/.test(log)) fail(`a deprecation warning was printed at start on Node ${process.version}. Log:\n${log}`);
console.log(`smoke: started on Node ${process.version} without deprecation warnings`);

const activity = {
  type: "message",
  id: "smoke-1",
  channelId: "msteams",
  serviceUrl,
  text: "<at>Reassure</at> help",
  from: { id: "29:smoke-user", name: "Smoke Test", aadObjectId: "00000000-0000-4000-8000-000000000001" },
  recipient: { id: "28:reassure-bot", name: "Reassure" },
  conversation: { id: "19:smoke@thread.tacv2;messageid=smoke-1", conversationType: "channel", tenantId: "00000000-0000-4000-8000-0000000000aa" },
  entities: [{ type: "mention", text: "<at>Reassure</at>", mentioned: { id: "28:reassure-bot", name: "Reassure" } }],
  channelData: { team: { id: "19:team@thread.tacv2" }, channel: { id: "19:smoke@thread.tacv2" }, tenant: { id: "00000000-0000-4000-8000-0000000000aa" } },
};
const posted = await fetch(`${base}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(activity) });
if (posted.status !== 200) fail(`/api/messages answered ${posted.status}`);
const reply = replies.find((r) => r.method === "POST" && r.url.endsWith("/activities/smoke-1"));
if (!reply) fail(`no reply reached the fake connector: ${JSON.stringify(replies)}`);
if (!String(reply.body.text).includes("/help")) fail(`the reply is not the help text: ${reply.body.text}`);
console.log("smoke: @Reassure help answered through the connector");

bot.kill("SIGTERM");
const { code } = await exited;
if (code !== 0) fail(`exit code ${code} after SIGTERM. Log:\n${log}`);
if (!log.includes('"msg":"stopped"')) fail("no clean shutdown logged");
console.log("smoke: stopped cleanly on SIGTERM");
connector.close();
