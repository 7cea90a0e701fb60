/**
 * Prompts for the ChemCoTBench tasks, written in the benchmark's own style: a role line, the
 * task, and a demand for directly parsable JSON with one "output" field. One wording per subtask
 * so that the base model, the fine-tuned model and the agent's training data all see the same
 * format.
 */
const ROLE = 'You are a chemical assistant.';

export function jsonOutputInstruction(kind: string): string {
  return `Your response must be directly parsable JSON format:\n{\n    "output": ${kind}\n}`;
}

export function chemPrompt(task: string, output: string, inputs: Record<string, string>): string {
  const lines = Object.entries(inputs).map(([label, value]) => `${label}: ${value}`);
  return `${ROLE} ${task}\n${jsonOutputInstruction(output)}\n${lines.join('\n')}`;
}

export function jsonAnswer(value: string | number): string {
  return JSON.stringify({ output: value });
}
