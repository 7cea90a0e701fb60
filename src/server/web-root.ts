import { fileURLToPath } from 'node:url';

/** dist/web of this package: `npm run build` puts the front end there (web/ → vite). Same path from src/ and dist/. */
export function defaultWebRoot(): string {
  return fileURLToPath(new URL('../../dist/web/', import.meta.url));
}
