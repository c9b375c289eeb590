#!/usr/bin/env node
// The installed entry point: runs the compiled CLI (npm start / npm test build it first).
import('../dist/src/app/cli/main.js').catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND') {
    process.stderr.write('tapeline: not built yet; run `npm run build` (or `npm start`) first\n');
    process.exit(2);
  }
  throw err;
});
