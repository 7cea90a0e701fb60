import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { forwardingSession } from '../core/index.js';
import type { HostedSession } from '../doors/index.js';
import { createSessionRegistry } from '../doors/index.js';
import type { FakeDojoSession } from './fake-dojo-session.js';
import { createFakeDojoSession } from './fake-dojo-session.js';

export interface FakeOpened {
  fake: FakeDojoSession;
  refusals: string[];
  closedWith: string[];
}

/**
 * TEST DOUBLE: a door's session registry whose sessions are fake dojo sessions (no Python), each
 * with its own folder under `root` and an agent workspace; it records refusals and closes.
 */
export function fakeDoorRegistry(root: string, options: { idleSeconds?: number; now?: () => number } = {}) {
  const opened = new Map<string, FakeOpened>();
  let count = 0;
  const registry = createSessionRegistry({
    ...options,
    opener: (request, client) => {
      count += 1;
      const dir = join(root, `s${count}-${Math.random().toString(36).slice(2)}`);
      mkdirSync(join(dir, 'agent'), { recursive: true });
      const fake = createFakeDojoSession({ sessionId: `session-${count}`, workspace: dir, task: request.task ?? 'user-task' });
      const record: FakeOpened = { fake, refusals: [], closedWith: [] };
      opened.set(fake.sessionId, record);
      let settle!: () => void;
      const done = new Promise<void>((resolve) => (settle = resolve));
      const hosted: HostedSession = {
        session: forwardingSession(fake, { finish: async (finish) => fake.finish(finish).finally(() => settle()) }),
        agentWorkspace: join(dir, 'agent'),
        close: async (reason) => {
          record.closedWith.push(`${client.name}: ${reason}`);
          settle();
        },
        noteRefusal: (kind) => record.refusals.push(kind),
        done,
      };
      return Promise.resolve(hosted);
    },
  });
  return { registry, opened };
}
