import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonValue, PoolReadRequest, PoolRowsMessage } from '../../core/index.js';
import { DOJO_SESSION_VERSION, FtdojoError, PoolReadRequestSchema, seededRandom } from '../../core/index.js';

/**
 * Reads the agent side's pool (agent/pool.jsonl of the materialised task: the only rows an agent
 * may see) in pages or seeded samples. Parsed once, on the first read.
 */
export function createPoolReader(agentDir: string): { read(request: PoolReadRequest): PoolRowsMessage; rows(): readonly Record<string, JsonValue>[] } {
  let rows: Record<string, JsonValue>[] | null = null;
  const all = () =>
    (rows ??= readFileSync(join(agentDir, 'pool.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as Record<string, JsonValue>));
  return {
    rows: all,
    read(request) {
      const parsed = PoolReadRequestSchema.safeParse(request);
      if (!parsed.success)
        throw new FtdojoError('INVALID_INPUT', `pool read: ${parsed.error.issues[0]?.path.join('.')}: ${parsed.error.issues[0]?.message}`, {
          hint: 'ask {"mode":"page","offset":0,"limit":20} or {"mode":"sample","size":20,"seed":0} (at most 200 rows)',
        });
      const pool = all();
      let indices: number[];
      if (parsed.data.mode === 'page') {
        const { offset, limit } = parsed.data;
        indices = Array.from({ length: Math.max(0, Math.min(limit, pool.length - offset)) }, (_, index) => offset + index);
      } else {
        const random = seededRandom(parsed.data.seed);
        const order = pool.map((_, index) => index);
        for (let index = order.length - 1; index > 0; index -= 1) {
          const other = Math.floor(random() * (index + 1));
          [order[index], order[other]] = [order[other]!, order[index]!];
        }
        indices = order.slice(0, parsed.data.size);
      }
      return { schemaVersion: DOJO_SESSION_VERSION, kind: 'pool-rows', total: pool.length, indices, rows: indices.map((index) => pool[index]!) };
    },
  };
}
