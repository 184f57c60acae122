import type { Command } from "./command.js";
import { helpCommand } from "./help.js";
import { wardBind } from "./wardBind.js";
import { wardUnbind } from "./wardUnbind.js";
import { wardList } from "./wardList.js";
import { wardMode } from "./wardMode.js";
import { roleGrant } from "./roleGrant.js";
import { roleRevoke } from "./roleRevoke.js";
import { roleList } from "./roleList.js";
import { allocate } from "./allocate.js";
import { mine } from "./mine.js";
import { guide } from "./guide.js";
import { coordinationBind, inspectorsBind } from "./coordinationBind.js";
import { wardSla } from "./wardSla.js";
import { outcome } from "./outcome.js";
import { wardSupervise } from "./wardSupervise.js";
import { status } from "./status.js";
import { stats } from "./stats.js";

// Each command's handler is typed by its own arguments; the registry only needs the common shape.
const others = [mine, guide, allocate, outcome, status, stats, wardBind, wardUnbind, wardList, wardMode, wardSla, wardSupervise, coordinationBind, inspectorsBind, roleGrant, roleRevoke, roleList] as unknown as Command<never>[];

/** Every chat command, in the order `help` lists them. */
export const COMMANDS: readonly Command<never>[] = [helpCommand(others) as unknown as Command<never>, ...others];
