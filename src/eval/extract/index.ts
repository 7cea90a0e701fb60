export { choiceLetter, type ChoiceExtraction } from './choice-letter.js';
export { extractJsonField, extractJsonObject, type JsonFieldExtraction, type JsonObject, type JsonObjectExtraction } from './extract-json-object.js';
export { finalAnswer } from './final-answer.js';
export { lastBoxed } from './last-boxed.js';
export { integerFromReference, parseInteger } from './parse-integer.js';
export { normalizeNumberText, parseNumber } from './parse-number.js';
