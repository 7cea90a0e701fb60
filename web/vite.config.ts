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
    // One chunk of ~680 kB (~230 kB gzip), most of it ECharts' core even tree-shaken: served
    // locally, so splitting it buys nothing worth a second request.
    chunkSizeWarningLimit: 800,
  },
});
