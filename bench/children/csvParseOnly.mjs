import { createReadStream } from "node:fs";
import { parse } from "csv-parse";

// Baseline for the import benchmark: the same file through csv-parse alone, with the options the intake uses
// (src/intake/csvRows.ts), streamed, every record counted and dropped. Plain JavaScript, so it runs with or without
// tsx, like the command it is compared with. Prints the record count.
const file = process.argv[2];
if (!file) throw new Error("usage: csvParseOnly.mjs <file>");
const parser = createReadStream(file).pipe(parse({ info: true, relax_column_count: true, skip_empty_lines: true, record_delimiter: "\n" }));
let records = 0;
for await (const _ of parser) records++;
console.log(JSON.stringify({ records }));
