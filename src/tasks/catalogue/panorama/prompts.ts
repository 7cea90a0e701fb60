import type { Row } from '../../../data/index.js';

/** A claim as the records write it: its text, or {claim_text, claimNumber} in some copies. */
function claimText(claim: unknown): string {
  if (claim !== null && typeof claim === 'object' && 'claim_text' in claim) return String((claim as Row)['claim_text']);
  return String(claim);
}

/** PANORAMA records nest patents as {title, abstract, claims[]}; prompts show what an examiner reads. */
export function patentSummary(patent: Row, claimLimit = 1): string {
  const claims = Array.isArray(patent['claims']) ? (patent['claims'] as unknown[]).slice(0, claimLimit).map(claimText) : [];
  return [`Title: ${String(patent['title'] ?? '')}`, `Abstract: ${String(patent['abstract'] ?? '')}`, ...claims.map((claim) => `Claim: ${claim}`)].join('\n');
}

export function targetClaim(record: Row): string {
  const context = (record['context'] ?? {}) as Row;
  const claims = Array.isArray(context['claims']) ? (context['claims'] as unknown[]).map(claimText) : [];
  const number = Number(record['claim_number']);
  return claims[number - 1] ?? claims[0] ?? '';
}

export function applicationHeader(record: Row): string {
  const context = (record['context'] ?? {}) as Row;
  return `Application ${String(record['application_number'] ?? '')}: ${String(context['title'] ?? '')}\nAbstract: ${String(context['abstract'] ?? '')}`;
}

export function par4pcPrompt(record: Row): string {
  const options = (record['options'] ?? {}) as Record<string, Row>;
  const candidates = Object.keys(options)
    .sort()
    .map((letter) => `(${letter}) ${patentSummary(options[letter]!)}`);
  return [
    'You are a patent examiner. Decide which candidate patents are prior art that an examiner would cite against the target claim. One or more candidates may be relevant.',
    applicationHeader(record),
    `Target claim: ${targetClaim(record)}`,
    'Candidates:',
    ...candidates,
    'Answer with JSON only, listing the letters of the relevant candidates: {"answer": ["A", "C"]}',
  ].join('\n\n');
}

export function pi4pcPrompt(record: Row): string {
  const prior = (record['prior_art_specification'] ?? {}) as Row;
  const options = (record['options'] ?? {}) as Record<string, string>;
  const paragraphs = Object.entries(options).map(([key, text]) => `[${key}] ${text}`);
  return [
    'You are a patent examiner. The prior-art patent below was cited against the target claim. Identify the paragraph of the prior art that best supports the rejection.',
    applicationHeader(record),
    `Target claim: ${targetClaim(record)}`,
    `Prior art: ${patentSummary(prior, 0)}`,
    'Candidate paragraphs:',
    ...paragraphs,
    'Answer with JSON only, giving the paragraph number: {"answer": 12}',
  ].join('\n\n');
}

export function noc4pcPrompt(record: Row): string {
  const priorArt = Array.isArray(record['prior_art_specifications']) ? (record['prior_art_specifications'] as Row[]) : [];
  const cited = priorArt.map((patent, index) => {
    const paragraphs = Array.isArray(patent['paragraphs'])
      ? (patent['paragraphs'] as Row[]).map((paragraph) => `[${String(paragraph['key'])}] ${String(paragraph['content'])}`)
      : [];
    return [`Cited reference ${index + 1} (${String(patent['patent_id'] ?? '')})`, patentSummary(patent, 0), ...paragraphs].join('\n');
  });
  return [
    'You are a patent examiner. Decide whether the target claim is novel and non-obvious over the cited references: "ALLOW" if it is patentable, "102" if a single reference anticipates it (lack of novelty), "103" if it is obvious over the references.',
    applicationHeader(record),
    `Target claim: ${targetClaim(record)}`,
    ...cited,
    'Answer with JSON only: {"code": "ALLOW"} or {"code": "102"} or {"code": "103"}',
  ].join('\n\n');
}
