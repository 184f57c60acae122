import { Databases } from "./lib/databases.js";
import { cardFixture, STACK_WARD } from "./suites/cardActions.js";
import { referralPool } from "./lib/referralFixture.js";
import { cardAction } from "../test/helpers/activities.js";
import { profiled, profileMarkdown } from "./lib/profiler.js";

const dbs = await Databases.open({ postgres: false });
const db = await dbs.create("sqlite", "probe");
const store = await db.open();
const f = await cardFixture(store, db.url);
await f.bot.worker.stop();
const pool = await referralPool(store, STACK_WARD.code, f.people);
async function click(e: (typeof pool)[number]) {
  const t0 = performance.now();
  const r = await fetch(`${f.bot.server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(cardAction(f.connector.url, e.user, { verb: e.next, data: { verb: e.next, referralId: e.referralId, version: e.version } }, e)) });
  const text = await r.text();
  e.version = Number(/"version":(\d+)/.exec(text)![1]);
  e.next = e.next === "claim" ? "release" : "claim";
  return performance.now() - t0;
}
const times: number[] = [];
for (let i = 0; i < 40; i++) times.push(await click(pool[i % 10]!));
console.log("worker stopped, sequential click ms:", times.map((t) => t.toFixed(1)).join(" "));
const p = await profiled("probe-clicks", async () => { for (let i = 0; i < 60; i++) await click(pool[i % 10]!); });
console.log(profileMarkdown("clicks", p.summary));
await f.bot.stop(); await f.connector.stop(); await db.drop(); await dbs.close();
