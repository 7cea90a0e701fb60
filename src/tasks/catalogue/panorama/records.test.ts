import { describe, expect, it } from 'vitest';
import { decodeRecord, noc4pcGold, par4pcGold, pi4pcGold } from './records.js';

describe('PANORAMA records', () => {
  it('decodes the fields the official splitter stores as JSON text, and leaves objects and prose alone', () => {
    const record = decodeRecord({
      context: '{"title": "Radio", "claims": ["1. A radio."]}',
      answer: '{"reason": "Regarding Claim 1, ...", "code": "103"}',
      options: { A: { title: 'x' } },
      question: '{not json',
      prior_art_specifications: '[not json',
    });
    expect(record['context']).toEqual({ title: 'Radio', claims: ['1. A radio.'] });
    expect(record['answer']).toEqual({ reason: 'Regarding Claim 1, ...', code: '103' });
    expect(record['options']).toEqual({ A: { title: 'x' } });
    expect(record['question']).toBe('{not json');
    expect(record['prior_art_specifications']).toBe('[not json');
  });

  it('reads the gold answers as the task formats want them, or null', () => {
    expect(par4pcGold({ gold_answers: ['a', 'G'] })).toEqual({ reference: ['A', 'G'], target: '{"answer":["A","G"]}' });
    expect(par4pcGold({ gold_answers: [] })).toBeNull();
    expect(pi4pcGold({ gold_answers: ['9', 66] })).toEqual({ reference: [9, 66], target: '{"answer":9}' });
    expect(pi4pcGold({ gold_answers: ['n/a'] })).toBeNull();
    expect(noc4pcGold({ answer: { code: '102' } })).toEqual({ reference: '102', target: '{"code":"102"}' });
    expect(noc4pcGold({ answer: 'allow' })).toEqual({ reference: 'ALLOW', target: '{"code":"ALLOW"}' });
    expect(noc4pcGold({ answer: { reason: 'withdrawn', code: '' } })).toBeNull();
  });
});
