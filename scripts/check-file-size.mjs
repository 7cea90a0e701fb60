#!/usr/bin/env node
// Keeps files small (STYLE.md: no file over ~400 lines). Tests may be longer: they list cases.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

const LIMIT = 400;
const TEST_LIMIT = 700;
const roots = ['src', 'scripts', 'bench', 'web/src'];
const offenders = [];

function walk(dir) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of entries) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    if (!/\.(ts|tsx|js|mjs)$/.test(name)) continue;
    const lines = readFileSync(path, 'utf8').split('\n').length;
    const limit = /\.test\.ts$/.test(name) ? TEST_LIMIT : LIMIT;
    if (lines > limit) offenders.push(`${path}: ${lines} lines (limit ${limit})`);
  }
}
roots.forEach(walk);
if (offenders.length) {
  console.error('Files over the size limit; split them by concept:\n  ' + offenders.join('\n  '));
  process.exit(1);
}
console.log(`file sizes ok (limit ${LIMIT} lines, tests ${TEST_LIMIT})`);
