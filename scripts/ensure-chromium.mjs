#!/usr/bin/env node
// The browser tests drive the dashboard in the system's Chromium (Debian's `chromium` package,
// driven through playwright-core): no browser is downloaded. This installs it with apt-get when
// it is missing and we may (root, or sudo without a password); otherwise it says how.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const path = process.env.FTDOJO_CHROMIUM || '/usr/bin/chromium';
if (existsSync(path)) process.exit(0);

const asRoot = process.getuid?.() === 0;
const sudo = !asRoot && spawnSync('sudo', ['-n', 'true']).status === 0;
const apt = spawnSync('sh', ['-c', 'command -v apt-get']).status === 0;
if (!apt || (!asRoot && !sudo) || process.env.FTDOJO_CHROMIUM) {
  console.error(`ftdojo: the dashboard's browser tests need Chromium at ${path}.
  Debian/Ubuntu: sudo apt-get install -y chromium chromium-driver
  elsewhere: install Chromium and point FTDOJO_CHROMIUM at its executable.`);
  process.exit(1);
}
const run = (args) =>
  execFileSync(asRoot ? args[0] : 'sudo', asRoot ? args.slice(1) : ['-n', ...args], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
console.error('ftdojo: installing Chromium for the browser tests (apt-get install chromium chromium-driver)');
run(['apt-get', 'update', '-qq']);
run(['apt-get', 'install', '-y', '-qq', '--no-install-recommends', 'chromium', 'chromium-driver']);
if (!existsSync(path)) {
  console.error(`ftdojo: apt-get finished but ${path} is still missing`);
  process.exit(1);
}
