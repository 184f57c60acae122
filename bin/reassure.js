#!/usr/bin/env node
// The `reassure` command: runs the compiled CLI (built by `npm ci` through the prepare script).
import "../dist/src/cli/main.js";
