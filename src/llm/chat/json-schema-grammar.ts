/**
 * JSON schemas made fit for node-llama-cpp's grammar: it silently turns what it does not know
 * (anyOf, {}) into "must be null", which would fail every reply. The rewrite keeps what it can
 * enforce, turns small integer ranges into enums, lets optional properties be written as null
 * (node-llama-cpp writes every property) and says which schemas cannot be carried at all, so the
 * caller can fall back to a plain-JSON grammar and the schema in the prompt.
 */
/** The reply without the properties whose null stands for "left out"; unchanged when it is not JSON (cut off at the token limit). */
export function withoutNulls(reply: string, names: ReadonlySet<string>): string {
  if (names.size === 0) return reply;
  let value: unknown;
  try {
    value = JSON.parse(reply);
  } catch {
    return reply;
  }
  const strip = (node: unknown): unknown =>
    Array.isArray(node)
      ? node.map(strip)
      : isJson(node)
        ? Object.fromEntries(Object.entries(node).flatMap(([key, item]) => (item === null && names.has(key) ? [] : [[key, strip(item)]])))
        : node;
  return JSON.stringify(strip(value));
}

type Json = Record<string, unknown>;
const ANY_JSON: Json = { oneOf: [{ type: ['string', 'number', 'boolean', 'null'] }, { type: 'object', additionalProperties: true }, { type: 'array' }] };
const UNSUPPORTED = [
  'not',
  'if',
  'then',
  'else',
  'patternProperties',
  'propertyNames',
  'dependentSchemas',
  'dependentRequired',
  'contains',
  'unevaluatedProperties',
  'unevaluatedItems',
  '$dynamicRef',
];
const CONSTRAINTS = ['type', 'const', 'enum', 'anyOf', 'oneOf', 'allOf', '$ref', 'properties', 'items', 'prefixItems', ...UNSUPPORTED];
const GRAMMAR_FORMATS = new Set(['date', 'time', 'date-time']);
/** Integer ranges up to this many values become an enum, so the grammar enforces them. */
const SMALL_RANGE = 64;
const isJson = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Rewrites a JSON schema into what node-llama-cpp's grammar builder understands, or says why it
 * cannot. The builder reads type, const, enum, oneOf, $ref to #/$defs, properties,
 * additionalProperties, items, prefixItems, min/maxItems, min/maxLength and the date and time
 * formats; it turns anything else it does not know (anyOf, {}) into null, which no reply could
 * pass. So: anyOf becomes oneOf (an alternation either way), {} becomes any JSON, a one-part allOf
 * is merged, a small integer range becomes an enum. It writes every property, so an optional one
 * may also be null, and dropNulls lists the names whose null is nowhere valid: the reply loses
 * those before validation. Dropped, and left to the schema validation and repairs: number bounds,
 * pattern, other formats. not, if/then/else, patternProperties and the like cannot be said at all.
 */
export function schemaGrammar(schema: unknown): { schema: Json; dropNulls: string[] } | { unsupported: string } {
  const names: Names = { optional: new Set(), nullable: new Set() };
  try {
    const converted = convert(schema, '$', names);
    return { schema: converted, dropNulls: [...names.optional].filter((name) => !names.nullable.has(name)) };
  } catch (error) {
    if (error instanceof Unsupported) return { unsupported: error.message };
    throw error;
  }
}

class Unsupported extends Error {}
/** Property names seen optional (and given a null), and seen where null is a value. */
type Names = { optional: Set<string>; nullable: Set<string> };

function acceptsNull(node: Json): boolean {
  const types = Array.isArray(node.type) ? node.type : [node.type];
  // A $ref is not followed: counted as accepting null, so its nulls are never dropped.
  return (
    types.includes('null') ||
    node.const === null ||
    (Array.isArray(node.enum) && node.enum.includes(null)) ||
    typeof node.$ref === 'string' ||
    (Array.isArray(node.oneOf) && node.oneOf.some((part) => acceptsNull(part as Json)))
  );
}

function convert(node: unknown, where: string, names: Names): Json {
  if (node === true) return ANY_JSON;
  if (!isJson(node)) throw new Unsupported(`${where} is ${JSON.stringify(node)}`);
  const keyword = UNSUPPORTED.find((key) => key in node) ?? (Array.isArray(node.items) ? 'items (as a list)' : undefined);
  if (keyword) throw new Unsupported(`${where} uses ${keyword}`);
  const out: Json = typeof node.description === 'string' ? { description: node.description } : {};
  if (isJson(node.$defs))
    out.$defs = Object.fromEntries(Object.entries(node.$defs).map(([key, value]) => [key, convert(value, `${where}.$defs.${key}`, names)]));
  if (typeof node.$ref === 'string') {
    if (!node.$ref.startsWith('#/$defs/')) throw new Unsupported(`${where} refers to ${node.$ref}, outside #/$defs`);
    return { ...out, $ref: node.$ref };
  }
  if ('const' in node) return { ...out, const: node.const };
  if (Array.isArray(node.enum)) return { ...out, enum: node.enum };
  const alternatives = node.anyOf ?? node.oneOf;
  if (Array.isArray(alternatives)) return { ...out, oneOf: alternatives.map((part, index) => convert(part, `${where}.anyOf.${index}`, names)) };
  if (Array.isArray(node.allOf)) {
    if (node.allOf.length !== 1) throw new Unsupported(`${where} uses allOf with ${node.allOf.length} parts`);
    const { allOf: _parts, ...rest } = node;
    return { ...out, ...convert({ ...rest, ...(node.allOf[0] as Json) }, where, names) };
  }
  if (!CONSTRAINTS.some((key) => key in node)) return { ...out, ...ANY_JSON };
  const types = Array.isArray(node.type) ? (node.type as unknown[]) : [node.type ?? ('properties' in node ? 'object' : 'array')];
  const variants = types.map((type) => convertType(node, String(type), where, names));
  return variants.length === 1 ? { ...out, ...variants[0] } : { ...out, oneOf: variants };
}

function convertType(node: Json, type: string, where: string, names: Names): Json {
  const copy = (...keys: string[]): Json => Object.fromEntries(keys.filter((key) => typeof node[key] === 'number').map((key) => [key, node[key]]));
  switch (type) {
    case 'object': {
      const required = new Set(Array.isArray(node.required) ? node.required : []);
      const property = (key: string, value: unknown): Json => {
        const converted = convert(value, `${where}.${key}`, names);
        if (acceptsNull(converted)) names.nullable.add(key);
        else if (!required.has(key)) {
          names.optional.add(key);
          return { oneOf: [converted, { type: 'null' }] };
        }
        return converted;
      };
      const properties = isJson(node.properties) ? Object.fromEntries(Object.entries(node.properties).map(([key, value]) => [key, property(key, value)])) : {};
      const extra = node.additionalProperties;
      return {
        type,
        properties,
        ...copy('minProperties', 'maxProperties'),
        ...(extra === true || isJson(extra) ? { additionalProperties: extra === true ? true : convert(extra, `${where}.*`, names) } : {}),
      };
    }
    case 'array':
      return {
        type,
        ...(node.items !== undefined ? { items: convert(node.items, `${where}[]`, names) } : {}),
        ...(Array.isArray(node.prefixItems) ? { prefixItems: node.prefixItems.map((item, index) => convert(item, `${where}[${index}]`, names)) } : {}),
        ...copy('minItems', 'maxItems'),
      };
    case 'string':
      return {
        type,
        ...copy('minLength', 'maxLength'),
        ...(typeof node.format === 'string' && GRAMMAR_FORMATS.has(node.format) ? { format: node.format } : {}),
      };
    case 'integer': {
      // The smallest and largest whole numbers allowed, from the inclusive and the exclusive bounds.
      const low = Math.max(Math.ceil(num(node.minimum, -Infinity)), Math.floor(num(node.exclusiveMinimum, -Infinity)) + 1);
      const high = Math.min(Math.floor(num(node.maximum, Infinity)), Math.ceil(num(node.exclusiveMaximum, Infinity)) - 1);
      if (Number.isFinite(low) && Number.isFinite(high) && high >= low && high - low < SMALL_RANGE)
        return { enum: Array.from({ length: high - low + 1 }, (_, index) => low + index) };
      return { type };
    }
    case 'number':
    case 'boolean':
    case 'null':
      return { type };
    default:
      throw new Unsupported(`${where} has type ${JSON.stringify(type)}`);
  }
}

const num = (value: unknown, fallback: number): number => (typeof value === 'number' ? value : fallback);
