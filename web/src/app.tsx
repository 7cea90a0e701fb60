import { useLive } from './live.js';
import { ComparePage } from './pages/compare/compare-page.js';
import { LeaderboardPage } from './pages/leaderboard/leaderboard-page.js';
import { RunPage } from './pages/run/run-page.js';
import { RunsPage } from './pages/runs/runs-page.js';
import { href, useRoute, type Route } from './router.js';

function Nav({ route }: { route: Route }) {
  const live = useLive();
  const runsActive = route.page === 'runs' || route.page === 'run' || route.page === 'compare';
  return (
    <header class="topnav">
      <a class="brand" href={href.runs()}>
        ftdojo
      </a>
      <nav>
        <a href={href.runs()} class={runsActive ? 'active' : ''}>
          Runs
        </a>
        <a href={href.leaderboard()} class={route.page === 'leaderboard' ? 'active' : ''}>
          Leaderboard
        </a>
      </nav>
      <span
        class={`live-indicator ${live.connected ? 'on' : 'off'}`}
        data-testid="live-indicator"
        title={live.connected ? 'the runs list streams from the server' : 'the stream is closed; the browser is reconnecting'}
      >
        {live.connected ? 'live' : 'reconnecting'}
      </span>
    </header>
  );
}

function Page({ route }: { route: Route }) {
  switch (route.page) {
    case 'runs':
      return <RunsPage />;
    case 'run':
      return <RunPage key={route.runId} runId={route.runId} experimentId={route.experimentId} />;
    case 'compare':
      return <ComparePage a={route.a} b={route.b} />;
    case 'leaderboard':
      return <LeaderboardPage />;
    case 'not-found':
      return (
        <div class="error-box" data-testid="error">
          <div class="error-message">no page {route.hash}</div>
          <div class="error-hint">
            the pages are <a href={href.runs()}>Runs</a> and <a href={href.leaderboard()}>Leaderboard</a>
          </div>
        </div>
      );
  }
}

export function App() {
  const route = useRoute();
  return (
    <>
      <Nav route={route} />
      <main>
        <Page route={route} />
      </main>
    </>
  );
}
