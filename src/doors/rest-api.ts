import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { FTDOJO_VERSION } from '../core/index.js';
import { httpStatusOf } from './door-errors.js';
import type { DoorLog } from './mcp-server.js';
import { callDoorTool } from './mcp-server.js';
import type { SessionHost } from './session-host.js';
import type { DoorTool } from './session-tools.js';
import { SESSION_TOOLS } from './session-tools.js';

export const REST_PREFIX = '/api/v1';

const pathParameters = (path: string) => [...path.matchAll(/\{(\w+)\}/g)].map((match) => match[1]!);
const honoPath = (path: string) => path.replace(/\{(\w+)\}/g, ':$1');

/** Query strings carry text: "20" and "false" mean the number and the boolean, as JSON reads them. */
function queryValue(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

async function argumentsOf(context: Context, tool: DoorTool): Promise<Record<string, unknown> | null> {
  let body: Record<string, unknown> = {};
  if (tool.rest.method === 'GET') body = Object.fromEntries(Object.entries(context.req.query()).map(([key, value]) => [key, queryValue(value)]));
  else {
    const text = await context.req.text();
    if (text.trim()) {
      try {
        const parsed: unknown = JSON.parse(text);
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
        body = parsed as Record<string, unknown>;
      } catch {
        return null;
      }
    }
  }
  for (const name of pathParameters(tool.rest.path)) body[name] = context.req.param(name);
  return body;
}

/**
 * The JSON REST API: one route per tool of the same table the MCP server serves, answering the
 * same messages; a refusal is `{ error: { code, message, hint } }` with a status that fits it.
 */
export function mountRestApi(app: Hono, host: SessionHost, log: DoorLog = {}): void {
  app.get(`${REST_PREFIX}/openapi.json`, (context) => context.json(openApiDocument()));
  for (const tool of SESSION_TOOLS) {
    const schema = z.object(tool.input).strict();
    const route = `${REST_PREFIX}${honoPath(tool.rest.path)}`;
    const handler = async (context: Context) => {
      const raw = await argumentsOf(context, tool);
      if (raw === null)
        return context.json({ error: { code: 'INVALID_INPUT', message: 'the body must be a JSON object', hint: 'send Content-Type: application/json' } }, 400);
      const parsed = schema.safeParse(raw);
      if (!parsed.success) {
        const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(body)'}: ${issue.message}`).join('; ');
        return context.json({ error: { code: 'INVALID_INPUT', message: issues, hint: `see ${REST_PREFIX}/openapi.json, operation ${tool.name}` } }, 400);
      }
      const outcome = await callDoorTool(host, tool, parsed.data, { name: context.req.header('x-ftdojo-agent') ?? 'rest-client' }, log);
      return outcome.ok ? context.json(outcome.value as object) : context.json({ error: outcome.error }, httpStatusOf(outcome.error.code));
    };
    if (tool.rest.method === 'GET') app.get(route, handler);
    else app.post(route, handler);
  }
}

/** The OpenAPI 3.1 document of the REST API (JSON Schema 2020-12), made from the tool table (schemas by zod). */
export function openApiDocument(): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  const error = { $ref: '#/components/schemas/Error' };
  for (const tool of SESSION_TOOLS) {
    const inPath = pathParameters(tool.rest.path);
    const schema = z.toJSONSchema(z.object(tool.input), { target: 'draft-2020-12', io: 'input' }) as {
      properties?: Record<string, unknown>;
      required?: string[];
    };
    const properties = Object.entries(schema.properties ?? {});
    const parameters = [
      ...inPath.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })),
      ...(tool.rest.method === 'GET'
        ? properties.filter(([name]) => !inPath.includes(name)).map(([name, property]) => ({ name, in: 'query', required: false, schema: property }))
        : []),
    ];
    const bodyProperties = Object.fromEntries(properties.filter(([name]) => !inPath.includes(name)));
    const operation: Record<string, unknown> = {
      operationId: tool.name,
      summary: tool.title,
      description: `${tool.description}\n\nMCP tool: ${tool.name}.`,
      security: [{ bearer: [] }],
      parameters,
      responses: {
        '200': { description: 'the message (its `kind` says which)', content: { 'application/json': { schema: { type: 'object' } } } },
        '400': { description: 'invalid input', content: { 'application/json': { schema: error } } },
        '401': { description: 'missing or wrong bearer token', content: { 'application/json': { schema: error } } },
        '404': { description: 'unknown session or experiment', content: { 'application/json': { schema: error } } },
        '409': { description: 'budget exhausted, session closed, or busy', content: { 'application/json': { schema: error } } },
      },
    };
    if (tool.rest.method === 'POST')
      operation.requestBody = {
        required: Object.keys(bodyProperties).length > 0,
        content: {
          'application/json': {
            schema: { type: 'object', properties: bodyProperties, required: (schema.required ?? []).filter((name) => !inPath.includes(name)) },
          },
        },
      };
    (paths[`${REST_PREFIX}${tool.rest.path}`] ??= {})[tool.rest.method.toLowerCase()] = operation;
  }
  return {
    openapi: '3.1.0',
    info: { title: 'FT-Dojo session API', version: FTDOJO_VERSION, description: 'The dojo session seam over HTTP; the same acts as the MCP tools at /mcp.' },
    paths,
    components: {
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
      schemas: {
        Error: {
          type: 'object',
          properties: {
            error: {
              type: 'object',
              properties: { code: { type: 'string' }, message: { type: 'string' }, hint: { type: ['string', 'null'] }, retryable: { type: 'boolean' } },
              required: ['code', 'message'],
            },
          },
        },
      },
    },
  };
}
