// TEST DOUBLE at the HTTP boundary, for `npm run bench:faults`: an OpenAI-compatible chat server on
// 127.0.0.1 that plays a coding model (no real model API is reachable from the bench machines).
// A first-draft request gets a faulty script for `faultRate` of the drafts (deterministically: draft
// n is faulty when round(n x rate) steps up, so 50% faults drafts 1, 3, 5... and 25% drafts 2, 6,
// 10...; the faults are taken in turn from `faults`), else the sound one; a repair request (it carries
// the dojo's diagnostics) always gets the sound script. The sound script is the example
// submission's, cut to the row count the plan asks for, so each experiment trains what its plan sized.
import { createServer } from 'node:http';

const countOf = (text) => Number(/"count":\s*(\d+)/.exec(text)?.[1] ?? 16);

export async function startScriptedCoder({ sound, faults, faultRate }) {
  let drafts = 0;
  const served = [];
  let faulty = 0;
  const stepsUp = (n) => Math.floor(n * faultRate + 0.5) > Math.floor((n - 1) * faultRate + 0.5);
  const server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      if (request.method === 'GET' && request.url?.endsWith('/models')) {
        response.writeHead(200, { 'content-type': 'application/json' });
        return response.end(JSON.stringify({ object: 'list', data: [{ id: 'scripted-coder', object: 'model' }] }));
      }
      const messages = JSON.parse(body).messages ?? [];
      const last = messages.at(-1)?.content ?? '';
      const repair = last.includes("The dojo's validation refused this draft");
      const count = countOf(messages.map((message) => message.content).join('\n'));
      let script = sound.replace(/CAP = \d+/, `CAP = ${count}`);
      let kind = 'sound';
      if (!repair) {
        drafts += 1;
        if (stepsUp(drafts)) {
          const fault = faults[faulty % faults.length];
          faulty += 1;
          script = fault.script;
          kind = fault.id;
        }
      } else kind = 'repair';
      served.push(kind);
      const content = `\`\`\`python process_data.py\n${script}\`\`\`\n`;
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(
        JSON.stringify({
          id: `chatcmpl-${served.length}`,
          object: 'chat.completion',
          model: 'scripted-coder',
          choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
          usage: { prompt_tokens: Math.ceil(body.length / 4), completion_tokens: Math.ceil(content.length / 4), total_tokens: 0 },
        }),
      );
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}/v1`,
    served,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
