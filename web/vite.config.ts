import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const webDir = import.meta.dirname;

// The dashboard's front end: built into dist/web, which `ftdojo ui` serves as static files.
export default defineConfig({
  root: webDir,
  // Relative asset URLs: the page works wherever the server mounts it.
  base: './',
  oxc: {
    jsx: { runtime: 'automatic', importSource: 'preact' },
  },
  build: {
    outDir: resolve(webDir, '../dist/web'),
    emptyOutDir: true,
    target: 'es2022',
    // One small app: a single chunk is simpler to serve offline than a split one.
    chunkSizeWarningLimit: 1200,
  },
});
