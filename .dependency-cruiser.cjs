// The layer rules of docs/ARCHITECTURE.md, enforced by test/unit/architecture.test.ts (npm test).
/** Packages that tie code to Teams, the Bot Framework, a database or HTTP: none of them may reach the pure layers. */
const INFRASTRUCTURE = "^(botbuilder|botframework-[a-z-]+|@microsoft/teams-ai|@prisma/.*|prisma|restify|pg|better-sqlite3|pino)($|/)";

/** The bot, the command line, the Prisma CLI's configuration, and the scripts and benchmarks run through npm. */
const ENTRY_POINTS = "^(src/main\\.ts|src/cli/main\\.ts|prisma/[a-z]+/prisma\\.config\\.ts|scripts/.+\\.(ts|mjs)|bench/.+\\.ts)$";

module.exports = {
  forbidden: [
    {
      name: "no-cycles",
      comment: "An import cycle makes load order matter and layers meaningless: break it with a type module or a port.",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
    {
      name: "pure-domain-and-stats",
      comment: "src/domain and src/stats hold the rules and the numbers: no Teams, storage, HTTP or other outer layer.",
      severity: "error",
      from: { path: "^src/(domain|stats)/" },
      to: { path: ["^src/(teams|store|server|cli|simulation|outbound|export|config)/", "^src/(app|main|services|jobs|paths)\\.ts$", INFRASTRUCTURE], dependencyTypesNot: ["type-only"] },
    },
    {
      name: "stats-depend-on-nothing",
      comment: "The statistics are checked against R on their own: they import no other part of the application.",
      severity: "error",
      from: { path: "^src/stats/" },
      to: { path: "^src/", pathNot: "^src/stats/" },
    },
    {
      name: "teams-through-services",
      comment: "The Teams layer translates activities and cards into service calls; storage is the services' business.",
      severity: "error",
      from: { path: "^src/teams/" },
      to: { path: ["^src/store/", "^@prisma/", "^prisma$"] },
    },
    {
      name: "handlers-see-services-only",
      comment:
        "Commands, card actions, views and events get the services (BotDeps), never the store port or the composition root. " +
        "The outbox runner in src/teams/outbox still owns its storage work and is the one exception.",
      severity: "error",
      from: { path: "^src/teams/", pathNot: "^src/teams/outbox/" },
      to: { path: ["^src/domain/ports\\.ts$", "^src/services\\.ts$"] },
    },
    {
      name: "no-dead-modules",
      comment: "Every module is reachable from the bot, the command line or a script; anything else is dead code.",
      severity: "error",
      from: { path: ENTRY_POINTS },
      to: { path: "^src/", pathNot: ["^src/store/generated/", "\\.d\\.ts$", ENTRY_POINTS], reachable: false },
    },
  ],
  options: {
    doNotFollow: { path: ["node_modules", "^src/store/generated/"] },
    exclude: { path: ["^src/store/generated/"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    moduleSystems: ["es6", "cjs"],
  },
};
