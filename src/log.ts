import pino from "pino";

/**
 * The one logger. Log ids and counts, never free text a user typed: a command or card may carry case details.
 * The redaction list is a second line of defence for fields that must never leave the process.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): pino.Logger {
  return pino(
    {
      level,
      base: { app: "reassure" },
      redact: {
        paths: ["password", "*.password", "authorization", "*.authorization", "headers.authorization", "text", "*.text"],
        censor: "[redacted]",
      },
    },
    destination,
  );
}

export type Logger = pino.Logger;
