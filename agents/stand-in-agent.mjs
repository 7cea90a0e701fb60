#!/usr/bin/env node
// A stand-in for an outside coding agent (agents/agents.yaml, `cmd:stand-in`): it drives one whole
// dojo session through the official MCP SDK client, as Claude Code or Codex would through their
// own: it reads the cards and the pool, writes a submission into its workspace, validates it,
// submits it by path, waits, reads the feedback and finishes. Its "strategy" is fixed (the first
// STAND_IN_ROWS pool rows, one epoch): it tests the door, not a way to fine-tune.
//
//   node stand-in-agent.mjs <mcp-config.json>     (the harness passes {mcpConfig})
import { readFileSync, writeFileSync } from 'node:fs';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { standInSubmission } from './stand-in-submission.mjs';

const rows = Number(process.env.STAND_IN_ROWS ?? 16);
const config = JSON.parse(readFileSync(process.argv[2], 'utf8')).mcpServers.ftdojo;
const transport = config.url
  ? new StreamableHTTPClientTransport(new URL(config.url))
  : new StdioClientTransport({ command: config.command, args: config.args });
const client = new Client({ name: 'stand-in', version: '1.0.0' });
await client.connect(transport);

const say = (line) => process.stdout.write(`stand-in: ${line}\n`);
// Validation runs a micro training and await_experiment waits up to its timeoutSeconds: far past
// the SDK's 60 s default request timeout, so every call gets the session's whole budget.
async function call(name, args) {
  const result = await client.callTool({ name, arguments: args }, undefined, { timeout: 3_600_000 });
  if (result.isError) throw new Error(`${name}: ${result.content[0].text}`);
  return result.structuredContent;
}

const info = await call('open_session', { task: 'the bound one', budgetSeconds: 1 });
const sessionId = info.sessionId;
say(`session ${sessionId}, task ${info.task}, ${Math.round(info.budget.wallSeconds.left)} s left`);
const card = await call('task_card', { sessionId });
const dataset = await call('dataset_card', { sessionId, sources: false });
const sample = await call('read_pool', { sessionId, mode: 'sample', size: 3, seed: 0 });
say(
  `task card ${card.markdown.length} characters; pool of ${dataset.pool.rows} rows with fields ${dataset.pool.fields.join(', ')}; read ${sample.rows.length}`,
);

const submission = standInSubmission(rows);
for (const [name, text] of Object.entries(submission)) writeFileSync(name, text);
const paths = Object.keys(submission);

const validation = await call('validate_submission', { sessionId, paths });
const failed = validation.report.tiers.filter((tier) => tier.status === 'failed');
say(
  `validation: ${validation.report.passed ? 'passed' : `failed: ${failed.flatMap((tier) => tier.diagnostics.map((d) => `${tier.tier}: ${d.message}`)).join('; ')}`}`,
);
let chosen = null;
if (validation.report.passed) {
  let status = await call('start_experiment', { sessionId, paths });
  const experimentId = status.experimentId;
  while (status.state === 'running') {
    status = await call('await_experiment', { sessionId, experimentId, timeoutSeconds: 60 });
    say(`${experimentId}: ${status.state} · ${status.phase}${status.train ? ` · step ${status.train.step}/${status.train.totalSteps}` : ''}`);
  }
  const feedback = await call('get_feedback', { sessionId, experimentId });
  say(`${experimentId}: ${status.state}, validation ${feedback.feedback.evaluation?.primary?.value ?? 'none'}`);
  if (status.state === 'succeeded') chosen = experimentId;
}
const closed = await call('finish_session', { sessionId, experimentId: chosen, reason: 'the stand-in submits one experiment' });
say(`finished: ${closed.chosenExperimentId ?? 'base model'} chosen`);
await client.close();
