/** Tokens a free-text string field is given when its schema sets no maxLength: two sentences. */
const FREE_TEXT_TOKENS = 40;
/** Tokens a string in a list is given without a maxLength: a name, not prose. */
const LIST_STRING_TOKENS = 12;
/** Items an array is given when its schema sets no maxItems. */
const DEFAULT_ITEMS = 3;

type JsonSchema = Record<string, unknown>;

/**
 * The completion tokens a JSON value of this JSON Schema needs, generously: keys, punctuation and
 * values (strings by maxLength, else two sentences or a name in a list; arrays by maxItems or three
 * items; the largest branch of a union), times 1.3 for whitespace and tokenizers that split finely. A call that asks
 * for one value sends this as max_tokens, so a model that rambles is cut off at what the answer
 * could need, not at a server's default of 1,024 or more. (A hypothesis: 656 tokens.)
 */
export function schemaTokenBudget(schema: JsonSchema): number {
  const needed = tokensOf(schema, schema, 0);
  return Math.min(4096, Math.max(64, Math.ceil(needed * 1.3) + 32));
}

function tokensOf(schema: unknown, root: JsonSchema, depth: number): number {
  if (depth > 12 || typeof schema !== 'object' || schema === null) return 20;
  const node = schema as JsonSchema;
  const reference = typeof node.$ref === 'string' ? resolveReference(node.$ref, root) : null;
  if (reference) return tokensOf(reference, root, depth + 1);
  const branches = [node.anyOf, node.oneOf, node.allOf].find(Array.isArray) as unknown[] | undefined;
  if (branches) return Math.max(0, ...branches.map((branch) => tokensOf(branch, root, depth + 1)));
  if (Array.isArray(node.enum)) return 2 + Math.max(1, ...node.enum.map((value) => Math.ceil(JSON.stringify(value).length / 3)));
  if ('const' in node) return 2 + Math.ceil(JSON.stringify(node.const).length / 3);
  const type = Array.isArray(node.type) ? node.type.find((kind) => kind !== 'null') : node.type;
  if (type === 'object' || typeof node.properties === 'object') {
    const properties = Object.entries((node.properties ?? {}) as Record<string, unknown>);
    return 2 + properties.reduce((sum, [key, value]) => sum + 3 + Math.ceil(key.length / 3) + tokensOf(value, root, depth + 1), 0);
  }
  if (type === 'array') {
    const items = typeof node.maxItems === 'number' ? Math.min(node.maxItems, 16) : DEFAULT_ITEMS;
    const item = node.items as JsonSchema | undefined;
    const plainString = item?.type === 'string' && typeof item.maxLength !== 'number' && !Array.isArray(item.enum);
    return 2 + items * (1 + (plainString ? LIST_STRING_TOKENS : tokensOf(item, root, depth + 1)));
  }
  if (type === 'string') return 2 + (typeof node.maxLength === 'number' ? Math.ceil(Math.min(node.maxLength, 2000) / 3) : FREE_TEXT_TOKENS);
  if (type === 'number' || type === 'integer' || type === 'boolean' || type === 'null') return 4;
  return 20;
}

/** A local "#/$defs/name" reference (what zod's toJSONSchema writes); anything else is unknown. */
function resolveReference(reference: string, root: JsonSchema): unknown {
  if (!reference.startsWith('#/')) return null;
  let node: unknown = root;
  for (const part of reference.slice(2).split('/')) {
    if (typeof node !== 'object' || node === null) return null;
    node = (node as Record<string, unknown>)[part.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node ?? null;
}
