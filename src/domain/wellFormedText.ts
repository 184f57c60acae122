// Half of a UTF-16 surrogate pair on its own is not text: no keyboard types it, a JSON escape can, and the database
// layer cannot store it (the write fails). Text from outside is checked for it before anything is written.
const LONE_SURROGATE = /\p{Cs}/u;

export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}
