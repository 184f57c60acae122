import { hostname } from "node:os";
import type { Config } from "../../config/env.js";

/**
 * The outbox worker's name in its leases, the same across restarts of this instance and different from every other
 * instance running at once on the database: a restarted instance takes back the items it held at once, and no live
 * instance ever takes another's.
 *
 * INSTANCE_ID when set (containers sharing a host name, or a platform's stable replica name). Otherwise host name, address
 * and port: the operating system lets one process at a time listen on an address and port, so two live instances on one
 * machine cannot share it, and a restarted one (same port) gets its old name back. Not an id kept in the data folder:
 * two instances on one PostgreSQL database can run from one folder (or one image with the file baked in) and would
 * then share it, each taking the other's items while both are alive.
 */
export function workerIdentity(config: Pick<Config, "host" | "port" | "outbox">): string {
  return config.outbox.instanceId ?? `${hostname()}/${config.host}:${config.port}`;
}
