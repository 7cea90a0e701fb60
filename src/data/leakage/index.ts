export * from './find-overlaps.js';
export { compactText, normalizeText } from './normalize-text.js';
