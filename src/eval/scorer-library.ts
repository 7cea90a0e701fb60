import { z } from 'zod';
import { didYouMean, FtdojoError, ScoringModeSchema } from '../core/index.js';
import { chemistryScorers } from './chem/index.js';
import type { Scorer, ScorerEntry } from './scorer.js';
import { generalScorers } from './scorers/index.js';

/** Scorer entries by id: how tasks name their metrics' scorers. */
export interface ScorerLibrary {
  /** The entry with this id; an UNKNOWN_SCORER error with a "did you mean" otherwise. */
  get(id: string): ScorerEntry;
  /** Every entry, sorted by id. */
  list(): ScorerEntry[];
  /** Adds an entry; an id that is already taken is an error, not an override. */
  register(entry: ScorerEntry): void;
  /**
   * Checks `params` against the entry's schema and creates the scorer. `params.scoring` is the
   * scoring mode ('official' | 'corrected', absent: corrected); it is left out for a scorer that
   * does not take it, which scores alike in both modes.
   */
  create(id: string, params: unknown): Promise<Scorer>;
}

/**
 * A library over the given entries. The default one below holds every built-in scorer; tests
 * and embedders can build their own instead of mutating it.
 */
export function createScorerLibrary(entries: readonly ScorerEntry[] = []): ScorerLibrary {
  const byId = new Map<string, ScorerEntry>();

  const library: ScorerLibrary = {
    get(id) {
      const entry = byId.get(id);
      if (entry !== undefined) return entry;
      const ids = [...byId.keys()].sort();
      const suggestion = didYouMean(id, ids);
      throw new FtdojoError('UNKNOWN_SCORER', `unknown scorer "${id}"${suggestion === undefined ? '' : `; did you mean "${suggestion}"?`}`, {
        hint: `${suggestion === undefined ? '' : `Did you mean "${suggestion}"? `}Scorers: ${ids.join(', ')}.`,
      });
    },
    list() {
      return [...byId.values()].sort((left, right) => left.id.localeCompare(right.id));
    },
    register(entry) {
      if (byId.has(entry.id)) {
        throw new FtdojoError('INTERNAL', `scorer "${entry.id}" is registered twice`, { hint: 'Give the new scorer an id of its own.' });
      }
      byId.set(entry.id, entry);
    },
    async create(id, params) {
      const entry = library.get(id);
      const parsed = entry.params.safeParse(withScoringMode(entry, params ?? {}));
      if (!parsed.success) throw invalidParams(entry, parsed.error);
      return entry.create(parsed.data);
    },
  };
  for (const entry of entries) library.register(entry);
  return library;
}

/** Whether a scorer scores differently by mode: its params take `scoring`. */
export function scorerTakesScoringMode(entry: ScorerEntry): boolean {
  return entry.params instanceof z.ZodObject && Object.hasOwn(entry.params.shape, 'scoring');
}

/** The params with the scoring mode checked, and left out for a scorer that does not take it. */
function withScoringMode(entry: ScorerEntry, params: unknown): unknown {
  if (params === null || typeof params !== 'object' || Array.isArray(params) || !Object.hasOwn(params, 'scoring')) return params;
  const { scoring, ...rest } = params as Record<string, unknown>;
  if (!ScoringModeSchema.safeParse(scoring).success) {
    throw new FtdojoError('INVALID_INPUT', `scorer "${entry.id}": unknown scoring mode ${JSON.stringify(scoring)}`, {
      hint: 'Score with scoring "official" (the benchmark\'s own evaluation code) or "corrected" (ours; the task card lists the differences).',
    });
  }
  return scorerTakesScoringMode(entry) ? params : rest;
}

/** Which parameter is wrong and what the scorer accepts, in one error. */
function invalidParams(entry: ScorerEntry, error: z.ZodError): FtdojoError {
  const accepted = acceptedParams(entry.params);
  const problems = error.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys
        .map((key) => {
          const suggestion = didYouMean(
            key,
            accepted.map((param) => param.name),
          );
          return `unknown param "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}`;
        })
        .join('; ');
    }
    const path = issue.path.length === 0 ? 'params' : `params.${issue.path.join('.')}`;
    return `${path}: ${issue.message}`;
  });
  const takes =
    accepted.length === 0
      ? 'it takes no params; pass {}'
      : `it takes ${accepted.map((param) => (param.required ? `${param.name} (required)` : param.name)).join(', ')}`;
  return new FtdojoError('INVALID_INPUT', `scorer "${entry.id}": ${problems.join('; ')}`, {
    hint: `Fix the metric's params in the task spec: ${takes}.`,
  });
}

/** The params a task spec sets; `scoring` is left out: the evaluation sets the mode, not the task. */
function acceptedParams(schema: z.ZodType): Array<{ name: string; required: boolean }> {
  if (!(schema instanceof z.ZodObject)) return [];
  return Object.entries(schema.shape as Record<string, z.ZodType>)
    .filter(([name]) => name !== 'scoring')
    .map(([name, field]) => ({ name, required: !field.safeParse(undefined).success }));
}

/** The built-in scorers: general ones and the chemistry ones (which load RDKit on first create). */
export const scorerLibrary: ScorerLibrary = createScorerLibrary([...generalScorers, ...chemistryScorers]);

export function getScorerEntry(id: string): ScorerEntry {
  return scorerLibrary.get(id);
}

export function listScorers(): ScorerEntry[] {
  return scorerLibrary.list();
}

/** Adds a scorer to the built-in library (e.g. from an extension), before tasks that name it are scored. */
export function registerScorer(entry: ScorerEntry): void {
  scorerLibrary.register(entry);
}

/** The scorer with these params; `params.scoring` picks the scoring mode (see ScorerLibrary.create). */
export function createScorer(id: string, params: unknown = {}): Promise<Scorer> {
  return scorerLibrary.create(id, params);
}

/**
 * The library with each scorer created once per id and parameters: a run scores validation many
 * times and test once, and some scorers load a WASM module (RDKit) when created.
 */
export function cachingScorerLibrary(base: ScorerLibrary = scorerLibrary): ScorerLibrary {
  const created = new Map<string, Promise<Scorer>>();
  return {
    get: (id) => base.get(id),
    list: () => base.list(),
    register: (entry) => base.register(entry),
    create(id, params) {
      const key = `${id}\u0000${JSON.stringify(params ?? {})}`;
      let scorer = created.get(key);
      if (!scorer) {
        scorer = base.create(id, params);
        created.set(key, scorer);
        scorer.catch(() => created.delete(key));
      }
      return scorer;
    },
  };
}
