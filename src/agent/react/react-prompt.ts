/** What the react agent tells the model about its attempt. */
export interface ReactPromptFacts {
  sessionId: string;
  task: string;
  profile: string;
  budgetSeconds: number;
  evalLimit: number | null;
  /** The tools the door offers: the prompt names only these. */
  toolNames: readonly string[];
  maxTurns: number;
}

/**
 * The general agent's whole briefing: the goal, the session, and a usual order of the tools. It
 * stays generic on purpose: this agent is the paper's "general tool-calling agent" baseline, so
 * it gets what the door's own descriptions say and no FT-Agent know-how.
 */
export function reactSystemPrompt(facts: ReactPromptFacts): string {
  const has = (name: string) => facts.toolNames.includes(name);
  const flow = [
    ['task_card', 'read the task card (what is asked, the metric, the answer format)'],
    ['dataset_card', 'read the dataset card (pool size, fields, the sample cap)'],
    ['read_pool', 'look at a few pool rows'],
    ['validate_submission', 'check a submission cheaply before training it'],
    ['start_experiment', 'start an experiment with the submission files inline in `files`'],
    ['await_experiment', 'wait for it to end (call again while it runs)'],
    ['get_feedback', 'read its feedback (errors with hints, training, validation metrics, comparisons)'],
  ]
    .filter(([name]) => has(name!))
    .map(([name, what], index) => `${index + 1}. ${name}: ${what}`);
  return [
    'You are an ML engineer fine-tuning a base language model for one task in FT-Dojo.',
    "Goal: maximise the task's primary metric on the validation split within the wall-clock budget, then call finish_session with the id of your best experiment " +
      '(experimentId null keeps the base model). The chosen experiment is scored once on a held-out test split you never see.',
    '',
    `Session: sessionId "${facts.sessionId}" (pass it to every tool), task ${facts.task}, profile ${facts.profile}, ` +
      `budget ${Math.round(facts.budgetSeconds)} s for every act, training and evaluation included` +
      (facts.evalLimit ? `; validation scores the first ${facts.evalLimit} items.` : '.'),
    'A submission is a set of text files: a data script (process_data.py, .mjs or .js) that turns the pool into training rows, and train.yaml with the training settings. ' +
      'The task card and the tool descriptions say exactly what they must hold.',
    '',
    `Tools: ${facts.toolNames.join(', ')}. A usual order:`,
    ...flow,
    'Then improve on the best experiment and repeat while the budget allows; one experiment runs at a time.',
    '',
    `Act only through tool calls. A refused call says how to go on. You have at most ${facts.maxTurns} replies; ` +
      'when time is short or nothing improves any more, call finish_session with your best experiment.',
  ].join('\n');
}

export function reactStartMessage(facts: ReactPromptFacts): string {
  return `The session ${facts.sessionId} is open. Begin with the task card.`;
}

/** Said once when the model answers without calling a tool; a second such answer ends the loop. */
export function reactNudge(): string {
  return 'Please continue by calling a tool. If you are done, call finish_session with your best experiment id (or null for the base model).';
}
