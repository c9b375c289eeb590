/**
 * Static files of the dashboard (`GET /`): plain HTML/CSS/JS modules served straight from the source folder
 * `src/actors/gateway/dashboard/` (no build step: the compiled gateway resolves that folder relative to itself),
 * and uPlot from `node_modules/uplot/dist/` (no CDN). Files are read once at start and served from memory.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { TapelineError } from '../../runtime/errors.js';

export interface StaticFile {
  body: Buffer;
  contentType: string;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

/** `dist/src/actors/gateway/` → the repo's `src/actors/gateway/dashboard/`; running from `src` (tsx) also works. */
export function dashboardDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [
    join(here, 'dashboard'),
    join(here, '..', '..', '..', '..', 'src', 'actors', 'gateway', 'dashboard'),
  ];
  const found = candidates.find((c) => existsSync(join(c, 'index.html')));
  if (!found)
    throw new TapelineError(
      'TL_GATEWAY_DASHBOARD_MISSING',
      `dashboard files not found; looked in ${candidates.join(', ')}`,
    );
  return found;
}

function uplotDir(): string {
  const require = createRequire(import.meta.url);
  return dirname(require.resolve('uplot'));
}

/** URL path → file, for every file the page needs. */
export function loadDashboardFiles(): Map<string, StaticFile> {
  const files = new Map<string, StaticFile>();
  const dir = dashboardDir();
  for (const name of readdirSync(dir)) {
    const type = TYPES[extname(name)];
    if (type) files.set(`/dashboard/${name}`, { body: readFileSync(join(dir, name)), contentType: type });
  }
  const index = files.get('/dashboard/index.html');
  if (index) files.set('/', index);
  const uplot = uplotDir();
  for (const name of ['uPlot.esm.js', 'uPlot.min.css']) {
    files.set(`/vendor/uplot/${name}`, {
      body: readFileSync(join(uplot, name)),
      contentType: TYPES[extname(name)] ?? 'application/octet-stream',
    });
  }
  return files;
}
