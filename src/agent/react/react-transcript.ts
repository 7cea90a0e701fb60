import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ChatToolCall, ChatUsage } from '../../llm/index.js';

/**
 * The react agent's record: one JSON line per message and per decision of its own, versioned like
 * everything that leaves the process. It holds what the model saw and said (tool results as sent,
 * cut where they were cut), never the API key: the agent never has it, only the model does.
 */
export const REACT_TRANSCRIPT_VERSION = 1;
export const REACT_TRANSCRIPT_FILE = 'react-transcript.jsonl';

export type ReactTranscriptEntry =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content: string; toolCalls: ChatToolCall[]; finishReason: string; refusal: string | null; usage: ChatUsage; model: string }
  | { role: 'tool'; toolCallId: string; name: string; isError: boolean; content: string; truncated: boolean }
  /** The agent's own acts: its start, why the loop stopped, a finish it made for the model. */
  | { role: 'agent'; event: 'start' | 'stop' | 'finish'; detail: string; experimentId?: string | null | undefined };

export type ReactTranscriptLine = { schemaVersion: typeof REACT_TRANSCRIPT_VERSION; time: string; turn: number } & ReactTranscriptEntry;

export interface ReactTranscript {
  readonly path: string;
  write(turn: number, entry: ReactTranscriptEntry): void;
}

/** Appends each line as it happens, so a crash leaves the record up to the crash. */
export function createReactTranscript(path: string, now: () => Date = () => new Date()): ReactTranscript {
  mkdirSync(dirname(path), { recursive: true });
  return {
    path,
    write(turn, entry) {
      const line: ReactTranscriptLine = { schemaVersion: REACT_TRANSCRIPT_VERSION, time: now().toISOString(), turn, ...entry };
      appendFileSync(path, `${JSON.stringify(line)}\n`);
    },
  };
}
