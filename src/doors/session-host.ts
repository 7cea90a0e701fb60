import type { DojoSession } from '../core/index.js';
import { FtdojoError } from '../core/index.js';

/** Who is at the door: the MCP client's name (its initialize message), or the REST caller's. */
export interface DoorClient {
  name: string;
}

/** What an outside agent may ask for when it opens a session (the core open request, less its envelope). */
export interface DoorOpenRequest {
  task?: string | undefined;
  taskFile?: string | undefined;
  profile?: 'mini' | 'paper' | undefined;
  budgetSeconds: number;
  seed?: number | undefined;
  evalLimit?: number | null | undefined;
  /** The name the attempt gets on the leaderboard (default: the client's name). */
  agent?: string | undefined;
}

/** A session the door serves, with the harness's hold on its attempt. */
export interface HostedSession {
  session: DojoSession;
  /** The agent's own folder: files it submits by path are read from here; null when it can only send files inline. */
  agentWorkspace: string | null;
  /** Ends the attempt (idle, shutdown): the session is closed with this reason and the attempt recorded. */
  close(reason: string): Promise<void>;
  /** A refusal the door made before the session saw the act (a path outside the workspace), for the audit. */
  noteRefusal(kind: string): void;
  /** Settles once the attempt is over: closed, scored on the held-out split and recorded. */
  done: Promise<unknown>;
}

export type SessionOpener = (request: DoorOpenRequest, client: DoorClient) => Promise<HostedSession>;

export interface SessionSummary {
  sessionId: string;
  client: string;
  openedAt: string;
  idleSeconds: number;
  ended: boolean;
}

/** The sessions behind one door: MCP over stdio or HTTP and the REST API all ask here. */
export interface SessionHost {
  open(request: DoorOpenRequest, client: DoorClient): Promise<HostedSession>;
  /** A session by id (an act on it counts as activity); refused with UNKNOWN_SESSION otherwise. */
  get(sessionId: string): HostedSession;
  list(): SessionSummary[];
  /** Ends every attempt still open (the server stops) and waits until each is recorded. */
  closeAll(reason: string): Promise<void>;
}

interface Entry {
  hosted: HostedSession;
  client: string;
  openedAt: number;
  lastActivity: number;
  ended: boolean;
}

export interface SessionRegistryOptions {
  opener: SessionOpener;
  /** A session with no act for this long is closed and recorded (default 15 minutes). */
  idleSeconds?: number;
  /** At most this many sessions open at once (they share the machine; default 4). */
  maxSessions?: number;
  now?: () => number;
  /** Told when a session is closed for idleness (the server logs it). */
  onIdleClose?: (sessionId: string, idleSeconds: number) => void;
}

export const DEFAULT_IDLE_SECONDS = 15 * 60;

/**
 * Many sessions at once, each its own attempt (workspace, budget, experiments). A session idle
 * past the timeout is closed through its attempt, so it is recorded like any other, never leaked;
 * a finished one stays known (its acts are then refused as SESSION_CLOSED by the session itself).
 */
export function createSessionRegistry(options: SessionRegistryOptions): SessionHost & { sweep(): Promise<void>; stop(): void } {
  const now = options.now ?? Date.now;
  const idleSeconds = options.idleSeconds ?? DEFAULT_IDLE_SECONDS;
  const maxSessions = options.maxSessions ?? 4;
  const entries = new Map<string, Entry>();
  const open = () => [...entries.values()].filter((entry) => !entry.ended);

  async function sweep(): Promise<void> {
    const closing = open()
      .map((entry) => ({ entry, idle: (now() - entry.lastActivity) / 1000 }))
      .filter(({ idle }) => idle >= idleSeconds);
    await Promise.all(
      closing.map(async ({ entry, idle }) => {
        entry.ended = true;
        options.onIdleClose?.(entry.hosted.session.sessionId, Math.round(idle));
        await entry.hosted.close(`closed by the door after ${Math.round(idle)} s without an act (idle timeout ${idleSeconds} s)`);
      }),
    );
  }
  const timer = setInterval(() => void sweep(), Math.min(30_000, Math.max(1000, (idleSeconds * 1000) / 4)));
  timer.unref();

  return {
    async open(request, client) {
      if (open().length >= maxSessions)
        throw new FtdojoError('BUSY', `${maxSessions} sessions are open on this door already`, {
          hint: 'finish one (finish_session) or start the server with a higher --max-sessions',
          retryable: true,
        });
      const hosted = await options.opener(request, client);
      const entry: Entry = { hosted, client: client.name, openedAt: now(), lastActivity: now(), ended: false };
      entries.set(hosted.session.sessionId, entry);
      void hosted.done.finally(() => (entry.ended = true));
      return hosted;
    },
    get(sessionId) {
      const entry = entries.get(sessionId);
      if (!entry)
        throw new FtdojoError('UNKNOWN_SESSION', `no session ${JSON.stringify(sessionId)} on this door`, {
          hint: 'open one with open_session and use the sessionId it returns',
        });
      entry.lastActivity = now();
      return entry.hosted;
    },
    list: () =>
      [...entries.values()].map((entry) => ({
        sessionId: entry.hosted.session.sessionId,
        client: entry.client,
        openedAt: new Date(entry.openedAt).toISOString(),
        idleSeconds: Math.round((now() - entry.lastActivity) / 1000),
        ended: entry.ended,
      })),
    async closeAll(reason) {
      clearInterval(timer);
      await Promise.all(
        [...entries.values()].map(async (entry) => {
          if (!entry.ended) {
            entry.ended = true;
            await entry.hosted.close(reason);
          }
          await entry.hosted.done.catch(() => undefined);
        }),
      );
    },
    sweep,
    stop: () => clearInterval(timer),
  };
}

/**
 * A door bound to one attempt the harness opened (a `cmd:` agent on the leaderboard): open_session
 * hands back that attempt's session, whatever task it names, and no other session exists.
 */
export function boundSessionHost(hosted: HostedSession, client = 'bound'): SessionHost {
  const openedAt = new Date().toISOString();
  return {
    open: () => Promise.resolve(hosted),
    get(sessionId) {
      if (sessionId !== hosted.session.sessionId)
        throw new FtdojoError('UNKNOWN_SESSION', `no session ${JSON.stringify(sessionId)} here: this door serves session ${hosted.session.sessionId} only`, {
          hint: `use sessionId "${hosted.session.sessionId}" (open_session returns it too)`,
        });
      return hosted;
    },
    list: () => [{ sessionId: hosted.session.sessionId, client, openedAt, idleSeconds: 0, ended: false }],
    closeAll: async (reason) => {
      await hosted.close(reason);
      await hosted.done.catch(() => undefined);
    },
  };
}
