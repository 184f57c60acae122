import { parseAttemptForm, parseCompletionForm } from "../../src/teams/actions/contactForms.js";

/** Card inputs as the Record attempt and Complete forms send them, parsed as the bot parses a click: for tests calling the service. */
export const attemptForm = (inputs: Record<string, string>) => parseAttemptForm(inputs, "Europe/London");
export const completionForm = (inputs: Record<string, string>) => parseCompletionForm(inputs, "Europe/London");
