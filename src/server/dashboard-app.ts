import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { serveStatic } from '@hono/node-server/serve-static';
import { Hono, type Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ApiError, RunsPayload } from '../core/index.js';
import { DASHBOARD_API_VERSION, FtdojoError } from '../core/index.js';
import type { BuildRunReportOptions } from '../report/index.js';
import { comparePayload, parseCompareRef } from './compare-view.js';
import { experimentPayload } from './experiment-view.js';
import { leaderboardPayload } from './leaderboard-view.js';
import { createRunCache } from './run-cache.js';
import { runPayload, runsPayload } from './runs-view.js';

export interface DashboardAppOptions {
  /** The ftdojo home whose runs (and bench suites) are shown. */
  home: string;
  /** The built front end (dist/web); without its index.html the page says how to build it. */
  webRoot: string;
  /** Bench suite folders outside `<home>/bench` (`ftdojo bench --out`). */
  suites?: readonly string[];
  diagnose?: BuildRunReportOptions['diagnose'];
  /** How often the live stream looks at the store, in ms. */
  pollMs?: number;
}

const STATUS_OF: Partial<Record<FtdojoError['code'], 400 | 404 | 422>> = { INVALID_INPUT: 400, MISSING_DATA: 404, CORRUPT_DATA: 422, UNSUPPORTED: 422 };

function errorBody(error: string, hint: string): ApiError {
  return { apiVersion: DASHBOARD_API_VERSION, error, hint };
}

/** What changes in the list, without the clock: a running run's minutes tick on the page itself. */
function fingerprint(payload: RunsPayload): string {
  return JSON.stringify({ ...payload, runs: payload.runs.map((row) => ({ ...row, secondsUsed: 0, live: row.live && { ...row.live, budgetLeftSeconds: 0 } })) });
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>ftdojo dashboard</title>
<p>The dashboard's front end is not built. Run <code>npm run build</code> in the ftdojo folder, then start <code>ftdojo ui</code> again.</p>`;

/**
 * The dashboard: a read-only JSON API over the run store and the bench suites, a server-sent
 * event stream of the runs list (live stage, loss and ETA), and the built front end. Only GET;
 * nothing under the home is written.
 */
export function createDashboardApp(options: DashboardAppOptions): Hono {
  const cache = createRunCache(options.home, options.diagnose ? { diagnose: options.diagnose } : {});
  const pollMs = options.pollMs ?? 1000;
  const app = new Hono();

  app.onError((error, c) => {
    if (error instanceof FtdojoError) return c.json(errorBody(error.message, error.hint ?? ''), STATUS_OF[error.code] ?? 500);
    return c.json(
      errorBody(error instanceof Error ? error.message : String(error), 'this is a bug in the dashboard: run `ftdojo ui --debug` and report what it prints'),
      500,
    );
  });
  app.use('*', async (c, next) => {
    if (c.req.method !== 'GET' && c.req.method !== 'HEAD')
      return c.json(errorBody(`${c.req.method} is not allowed`, 'the dashboard only reads the run store'), 405);
    await next();
  });

  app.get('/api/runs', (c) => c.json(runsPayload(cache)));
  app.get('/api/runs/:runId', (c) => c.json(runPayload(cache, c.req.param('runId'))));
  app.get('/api/runs/:runId/experiments/:experimentId', (c) => c.json(experimentPayload(cache, c.req.param('runId'), c.req.param('experimentId'))));
  app.get('/api/compare', (c) => c.json(comparePayload(cache, parseCompareRef(c.req.query('a'), 'a'), parseCompareRef(c.req.query('b'), 'b'))));
  app.get('/api/leaderboard', (c) => c.json(leaderboardPayload(options.home, options.suites)));
  app.get('/api/stream', (c: Context) =>
    streamSSE(c, async (stream) => {
      let closed = false;
      stream.onAbort(() => {
        closed = true;
      });
      let last = '';
      let lastSent = 0;
      let id = 0;
      while (!closed) {
        const payload = runsPayload(cache);
        const print = fingerprint(payload);
        const running = payload.runs.some((row) => row.status === 'running');
        if (print !== last || (running && Date.now() - lastSent >= 5000)) {
          await stream.writeSSE({ event: 'runs', id: String((id += 1)), data: JSON.stringify(payload) });
          last = print;
          lastSent = Date.now();
        }
        await stream.sleep(pollMs);
      }
    }),
  );
  app.all('/api/*', (c) =>
    c.json(
      errorBody(
        `no API route ${c.req.path}`,
        'the routes are /api/runs, /api/runs/<run>, /api/runs/<run>/experiments/<exp>, /api/compare?a=&b=, /api/leaderboard, /api/stream',
      ),
      404,
    ),
  );

  const built = existsSync(join(options.webRoot, 'index.html'));
  if (built) app.use('/*', serveStatic({ root: options.webRoot }));
  app.get('*', (c) => (built ? c.redirect('/') : c.html(NOT_BUILT, 503)));
  return app;
}
