import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Lesson } from '../core/index.js';
import { FtdojoError, LessonSchema } from '../core/index.js';

/**
 * Lessons across runs, in <home>/lessons.sqlite. Unlike the run index (derived from the logs and
 * rebuilt at will) this is a record of its own: `ftdojo lessons forget` removes a row for good.
 * A run that is resumed or finished twice writes the same rows again (the id is run/experiment).
 */
export const LESSONS_FILE = 'lessons.sqlite';
const SCHEMA_VERSION = 1;

export interface LessonQuery {
  task: string;
  domain?: string | undefined;
  metric?: string | undefined;
  limit?: number | undefined;
}

export interface LessonStore {
  readonly path: string;
  /** Adds lessons; one already kept (same id) is replaced. */
  add(lessons: readonly Lesson[]): void;
  /** Every lesson, newest first, or those of one task. */
  list(filter?: { task?: string | undefined }): Lesson[];
  /**
   * The lessons most relevant to a task: its own first, then the same domain, then the same metric;
   * within each, measured improvements before the rest and larger effects first.
   */
  relevant(query: LessonQuery): Lesson[];
  /** Removes one lesson; false when there was none with this id. */
  forget(id: string): boolean;
  close(): void;
}

interface LessonRow {
  id: string;
  task: string;
  domain: string;
  metric: string;
  body: string;
}

export function openLessonStore(home: string): LessonStore {
  mkdirSync(home, { recursive: true });
  const path = join(home, LESSONS_FILE);
  const db = new Database(path, { timeout: 5_000 });
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const version = (db.prepare('SELECT MAX(version) AS version FROM schema_version').get() as { version: number | null }).version ?? 0;
  if (version > SCHEMA_VERSION) {
    db.close();
    throw new FtdojoError('UNSUPPORTED', `the lesson store ${path} has schema version ${version}, newer than this ftdojo knows (${SCHEMA_VERSION})`, {
      hint: 'upgrade ftdojo to read it',
    });
  }
  if (version < 1)
    db.transaction(() => {
      db.exec(`CREATE TABLE lessons (
        id TEXT PRIMARY KEY,
        task TEXT NOT NULL,
        domain TEXT NOT NULL,
        metric TEXT NOT NULL,
        created_at TEXT NOT NULL,
        body TEXT NOT NULL
      );
      CREATE INDEX lessons_by_task ON lessons (task, created_at DESC);`);
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(1);
    })();
  const parse = (row: LessonRow): Lesson => LessonSchema.parse(JSON.parse(row.body));
  const insert = db.prepare('INSERT OR REPLACE INTO lessons (id, task, domain, metric, created_at, body) VALUES (?, ?, ?, ?, ?, ?)');

  return {
    path,
    add(lessons) {
      db.transaction(() => {
        for (const lesson of lessons) {
          const checked = LessonSchema.parse(lesson);
          insert.run(checked.id, checked.task, checked.domain, checked.metric, checked.createdAt, JSON.stringify(checked));
        }
      })();
    },
    list(filter = {}) {
      const rows = filter.task
        ? (db.prepare('SELECT * FROM lessons WHERE task = ? ORDER BY created_at DESC, id DESC').all(filter.task) as LessonRow[])
        : (db.prepare('SELECT * FROM lessons ORDER BY created_at DESC, id DESC').all() as LessonRow[]);
      return rows.map(parse);
    },
    relevant({ task, domain, metric, limit = 10 }) {
      const rows = db
        .prepare('SELECT * FROM lessons WHERE task = ? OR domain = ? OR metric = ?')
        .all(task, domain ?? '\u0000', metric ?? '\u0000') as LessonRow[];
      const closeness = (lesson: Lesson) => (lesson.task === task ? 0 : lesson.domain === domain ? 1 : 2);
      return rows
        .map(parse)
        .sort(
          (a, b) =>
            closeness(a) - closeness(b) ||
            Number(b.verdict === 'improved') - Number(a.verdict === 'improved') ||
            (b.effect ?? -Infinity) - (a.effect ?? -Infinity) ||
            b.createdAt.localeCompare(a.createdAt),
        )
        .slice(0, limit);
    },
    forget(id) {
      return db.prepare('DELETE FROM lessons WHERE id = ?').run(id).changes > 0;
    },
    close() {
      db.close();
    },
  };
}
