/**
 * The dashboard's server (`ftdojo ui`): a read-only HTTP API over the run store and the bench
 * suites, a live stream of the runs list, and the built front end (web/ → dist/web). The API's
 * types are in core (dashboard-contract.ts), the only thing the front end imports.
 */
export { createDashboardApp, type DashboardAppOptions } from './dashboard-app.js';
export { serveDashboard, type DashboardServer, type ServeDashboardOptions } from './serve-dashboard.js';
export { createRunCache, type CachedRun, type RunCache } from './run-cache.js';
export { runsPayload, runPayload } from './runs-view.js';
export { experimentPayload } from './experiment-view.js';
export { comparePayload, parseCompareRef } from './compare-view.js';
export { leaderboardPayload, benchDirectory } from './leaderboard-view.js';
export { defaultWebRoot } from './web-root.js';
