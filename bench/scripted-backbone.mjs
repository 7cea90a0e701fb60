#!/usr/bin/env node
// A scripted backbone for `ftdojo bench --agents react`: a test double at the LLM boundary (no
// model API is reachable from ftdojo's machines). It serves OpenAI chat completions on 127.0.0.1
// and answers every request with the next tool call of a fixed policy, read off the conversation
// the react agent sends: the session id from the system prompt, the experiment id and state from
// the last tool result. The policy is what a cautious general agent does once:
//
//   task_card → dataset_card → read_pool → start_experiment (the first ROWS pool rows, one epoch)
//   → await_experiment while it runs → get_feedback → finish_session (the experiment if it
//   succeeded, else the base model)
//
// It measures the react agent and the door it works through, not a model's judgement.
//
//   node bench/scripted-backbone.mjs [--port N] [--rows N]     prints {"url": ".../v1"} once listening
//   ftdojo bench --agents react --llm <url> ...
import { createServer } from 'node:http';
import { parseArgs } from 'node:util';
import { standInSubmission } from '../agents/stand-in-submission.mjs';

const { values } = parseArgs({ options: { port: { type: 'string', default: '0' }, rows: { type: 'string', default: '16' } } });
const rows = Number(values.rows);

const files = standInSubmission(rows);

/** The next call, from the messages so far. */
function nextCall(messages) {
  const system = messages.find((message) => message.role === 'system')?.content ?? '';
  const sessionId = /sessionId "([^"]+)"/.exec(system)?.[1] ?? 'unknown';
  const calls = messages.flatMap((message) => message.tool_calls ?? []);
  const last = calls.at(-1)?.function.name;
  const lastResult = [...messages].reverse().find((message) => message.role === 'tool')?.content ?? '';
  const experimentId = [...messages]
    .filter((message) => message.role === 'tool')
    .map((message) => /"experimentId":\s*"([^"]+)"/.exec(message.content ?? '')?.[1])
    .findLast(Boolean);
  const id = { sessionId };
  switch (last) {
    case undefined:
      return ['task_card', id];
    case 'task_card':
      return ['dataset_card', id];
    case 'dataset_card':
      return ['read_pool', { ...id, mode: 'sample', size: 3 }];
    case 'read_pool':
      return ['start_experiment', { ...id, files }];
    case 'start_experiment':
    case 'await_experiment':
      if (!experimentId) return ['finish_session', { ...id, experimentId: null, reason: 'the experiment was refused' }];
      if (/"state":\s*"running"/.test(lastResult)) return ['await_experiment', { ...id, experimentId, timeoutSeconds: 600 }];
      return ['get_feedback', { ...id, experimentId }];
    default: {
      const succeeded = messages.some((message) => message.role === 'tool' && /"state":\s*"succeeded"/.test(message.content ?? ''));
      const chosen = succeeded ? experimentId : null;
      return ['finish_session', { ...id, experimentId: chosen, reason: succeeded ? 'the one experiment succeeded' : 'no experiment succeeded' }];
    }
  }
}

let served = 0;
const server = createServer((request, response) => {
  let body = '';
  request.on('data', (chunk) => (body += chunk));
  request.on('end', () => {
    if (request.method !== 'POST' || !request.url?.endsWith('/chat/completions')) {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${request.url}` } }));
      return;
    }
    const { messages = [], model = 'scripted-backbone' } = JSON.parse(body);
    const [name, args] = nextCall(messages);
    served += 1;
    process.stderr.write(`scripted-backbone: ${served} ${name}\n`);
    const message = {
      role: 'assistant',
      content: null,
      tool_calls: [{ id: `call-${served}`, type: 'function', function: { name, arguments: JSON.stringify(args) } }],
    };
    response.writeHead(200, { 'content-type': 'application/json' }).end(
      JSON.stringify({
        id: `chatcmpl-${served}`,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [{ index: 0, message, finish_reason: 'tool_calls' }],
        usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 },
      }),
    );
  });
});
server.listen(Number(values.port), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ url: `http://127.0.0.1:${server.address().port}/v1` })}\n`);
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
