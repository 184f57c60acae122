import { StringDecoder } from "node:string_decoder";

/**
 * Why a physical line cannot be read as CSV. csv-parse's own error recovery is not line-based: an
 * unclosed quote swallows the following lines into one field and the error surfaces lines later.
 * No intake column can hold a newline, so each physical line is checked here and a broken one is
 * replaced by a one-field marker line; the rows after it are then read normally.
 */
export type LineFault = "unclosed-quote" | "stray-quote" | "binary" | "too-long";

/** NUL never passes through from the input (a line holding one is itself marked "binary"). */
const MARK = "\u0000";

export function lineFaultOf(record: readonly string[]): LineFault | undefined {
  const only = record.length === 1 ? record[0] : undefined;
  return only !== undefined && only.startsWith(MARK) ? (only.slice(MARK.length) as LineFault) : undefined;
}

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;

/** RFC 4180 quoting, strictly (as csv-parse without relax_quotes), within one line. */
export function faultIn(line: string): LineFault | undefined {
  if (line.includes(MARK)) return "binary";
  if (!line.includes('"')) return undefined;
  let state = FIELD_START;
  for (const ch of line) {
    if (state === FIELD_START) state = ch === '"' ? QUOTED : ch === "," ? FIELD_START : UNQUOTED;
    else if (state === UNQUOTED) {
      if (ch === '"') return "stray-quote";
      if (ch === ",") state = FIELD_START;
    } else if (state === QUOTED) {
      if (ch === '"') state = AFTER_QUOTE;
    } else if (ch === '"') state = QUOTED;
    else if (ch === ",") state = FIELD_START;
    else return "stray-quote";
  }
  return state === QUOTED ? "unclosed-quote" : undefined;
}

/**
 * Re-frames text pushed in arbitrary chunks into "\n"-terminated lines (CRLF and a leading BOM
 * removed), each either sound CSV or a marker. Memory is bounded by `maxLineLength`: an overlong line
 * is dropped as it streams in, not collected.
 */
export function createLineGuard(maxLineLength: number): { push(text: string): string; end(): string } {
  let carry = "";
  let overflowing = false;
  let atStart = true;

  const finish = (line: string): string => {
    if (overflowing || line.length > maxLineLength + 1) return `${MARK}too-long\n`;
    const text = line.endsWith("\r") ? line.slice(0, -1) : line;
    const fault = faultIn(text);
    return fault === undefined ? `${text}\n` : `${MARK}${fault}\n`;
  };

  return {
    push(chunk: string): string {
      let text = chunk;
      if (atStart && text !== "") {
        if (text.startsWith("\uFEFF")) text = text.slice(1);
        atStart = false;
      }
      let out = "";
      let from = 0;
      for (let nl = text.indexOf("\n"); nl !== -1; nl = text.indexOf("\n", from)) {
        out += finish(carry + text.slice(from, nl));
        carry = "";
        overflowing = false;
        from = nl + 1;
      }
      if (!overflowing) {
        carry += text.slice(from);
        if (carry.length > maxLineLength + 1) {
          overflowing = true;
          carry = "";
        }
      }
      return out;
    },
    end(): string {
      return carry === "" && !overflowing ? "" : finish(carry);
    },
  };
}

export async function* guardCsvLines(
  source: AsyncIterable<string | Uint8Array> | Iterable<string | Uint8Array>,
  maxLineLength: number,
): AsyncGenerator<string> {
  const decoder = new StringDecoder("utf8");
  const guard = createLineGuard(maxLineLength);
  for await (const chunk of source) {
    const lines = guard.push(typeof chunk === "string" ? chunk : decoder.write(chunk));
    if (lines !== "") yield lines;
  }
  const last = guard.push(decoder.end()) + guard.end();
  if (last !== "") yield last;
}
