import { pythonRepr } from '../../shared/python-repr.js';
import { tablebenchInstruction } from '../../shared/tablebench-instructions.js';

/** The official TableBench direct prompt (DP) for one question: instructions, the table as Python repr, the question. */
export function tablebenchPrompt(qtype: string, qsubtype: string, table: unknown, question: string): string {
  return `${tablebenchInstruction(qtype, qsubtype)}Read the table below in JSON format:\n[TABLE] \n${pythonRepr(table)}\n\nLet's get start!\nQuestion: ${question}\n`;
}

/** The part of a TableBench prompt that identifies its question (table and question), for leakage checks. */
export function tablebenchLeakageKey(prompt: string): string {
  const table = prompt.indexOf('[TABLE]');
  return table < 0 ? prompt : prompt.slice(table);
}
