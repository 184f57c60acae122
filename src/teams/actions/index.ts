import type { CardAction } from "./action.js";
import { refresh } from "./refresh.js";
import { claim } from "./claim.js";
import { release } from "./release.js";
import { unable } from "./unable.js";
import { attempt, attemptForm } from "./attempt.js";
import { complete, completeForm } from "./complete.js";
import { reassign, reassignForm } from "./reassign.js";
import { guide } from "./guide.js";

/** Every referral card verb. */
export const CARD_ACTIONS: readonly CardAction[] = [refresh, claim, release, unable, attemptForm, attempt, completeForm, complete, reassignForm, reassign, guide];
