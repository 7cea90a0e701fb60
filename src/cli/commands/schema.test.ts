import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { main } from '../main.js';

const root = mkdtempSync(join(tmpdir(), 'ftdojo-cli-schema-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

async function run(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(['node', 'ftdojo', ...args], { out: (text) => void out.push(text), err: (text) => void err.push(text) }, { FTDOJO_HOME: root });
  // Colours are on under CI=true (picocolors): compare the plain text.
  const plain = (lines: string[]) => lines.join('\n').replace(new RegExp(String.raw`\u001b\[[0-9;]*m`, 'g'), '');
  return { code, out: plain(out), err: plain(err) };
}

function fixture(name: string): unknown {
  return JSON.parse(readFileSync(new URL(`../../core/fixtures/${name}`, import.meta.url), 'utf8'));
}

function validator(schema: object) {
  const ajv = new Ajv2020.default({ strict: true, allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(schema);
}

describe('ftdojo schema', () => {
  it('lists the schemas available', async () => {
    const { code, out } = await run(['schema', 'list']);
    expect(code).toBe(0);
    expect(out).toContain('feedback');
    expect(out).toContain('urn:ftdojo:schema:feedback:v1');
    const json = await run(['schema', 'list', '--json']);
    expect(JSON.parse(json.out)).toEqual([expect.objectContaining({ name: 'feedback', version: 1, id: 'urn:ftdojo:schema:feedback:v1' })]);
  });

  it('prints the feedback JSON Schema, which the committed v1 example satisfies', async () => {
    const { code, out } = await run(['schema', 'feedback']);
    expect(code).toBe(0);
    const schema = JSON.parse(out) as { $schema: string; $id: string; title: string };
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:ftdojo:schema:feedback:v1',
      title: 'ftdojo experiment feedback, schema version 1',
    });
    const validate = validator(schema);
    const example = fixture('feedback-v1.example.json');
    expect(validate(example), JSON.stringify(validate.errors)).toBe(true);
  });

  it('gives a schema that catches what the zod schema catches: a test-split evaluation, an unknown stage, a stray field', async () => {
    const validate = validator(JSON.parse((await run(['schema', 'feedback'])).out) as object);
    const broken = (change: (document: Record<string, Record<string, unknown>>) => void) => {
      const document = fixture('feedback-v1.example.json') as Record<string, Record<string, unknown>>;
      change(document);
      return validate(document);
    };
    expect(broken((document) => void (document.evaluation!.split = 'test'))).toBe(false);
    expect(broken((document) => void (document.execution!.stage = 'deploy'))).toBe(false);
    expect(broken((document) => void (document.budget!.extra = 1))).toBe(false);
    expect(broken((document) => void (document.createdAt = 'yesterday' as unknown as Record<string, unknown>))).toBe(false);
  });

  it('writes the schema to a file with --out, making its folder', async () => {
    const file = join(root, 'schemas', 'feedback.schema.json');
    const { code, out } = await run(['schema', 'feedback', '--out', file]);
    expect(code).toBe(0);
    expect(out).toBe(`wrote the feedback schema (version 1) to ${file}`);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ $id: 'urn:ftdojo:schema:feedback:v1' });
  });

  it('says where it cannot write, with exit 2', async () => {
    const blocker = join(root, 'a-file');
    writeFileSync(blocker, '');
    const { code, err } = await run(['schema', 'feedback', '--out', join(blocker, 'feedback.json')]);
    expect(code).toBe(2);
    expect(err).toContain('error: cannot write');
    expect(err).toContain('fix: pass --out a path in a folder you can write to');
  });

  it('has help with an example, and names the schemas', async () => {
    // Subcommands print their help straight to stdout (commander copies the output settings when
    // a command is made, before main() configures them), so capture stdout here.
    const help = async (args: string[]) => {
      const written: string[] = [];
      const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
        written.push(String(chunk));
        return true;
      });
      try {
        const { code, out } = await run(args);
        return { code, text: written.join('') + out };
      } finally {
        spy.mockRestore();
      }
    };
    const schema = await help(['schema', '--help']);
    expect(schema.code).toBe(0);
    expect(schema.text).toContain('ftdojo schema feedback --out feedback.schema.json');
    expect(schema.text).toContain('Schemas: feedback.');
    const feedback = await help(['schema', 'feedback', '--help']);
    expect(feedback.text).toContain('--out <file>');
    expect(feedback.text).toContain("The schema's $id is urn:ftdojo:schema:feedback:v1.");
  });

  it('answers an unknown schema with exit 2', async () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      written.push(String(chunk));
      return true;
    });
    try {
      expect((await run(['schema', 'run-record'])).code).toBe(2);
    } finally {
      spy.mockRestore();
    }
    expect(written.join('')).toContain("unknown command 'run-record'");
  });
});
