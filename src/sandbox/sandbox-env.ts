import { FtdojoError } from '../core/index.js';

/**
 * Names that look like credentials. A sandboxed script is untrusted code: a real API key passed
 * by mistake (a whole `process.env` spread in, say) would leak to it, so these are refused
 * outright rather than filtered, and the caller learns of the mistake. TOKENIZERS_PARALLELISM and
 * the like are not tokens.
 */
const SECRET_NAME = /(_KEY$|^KEY$|TOKEN(?!IZER)|SECRET|PASSWORD|PASSWD|CREDENTIAL)/i;
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function looksLikeSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

export interface SandboxEnvBase {
  /** Directories searched for commands, first wins (the project's Python, Node, then the system's). */
  path: readonly string[];
  /** NODE_OPTIONS the sandbox's limits need (see nodeOptionsFor); the caller's NODE_OPTIONS replaces it. */
  nodeOptions?: string | null | undefined;
}

/**
 * The whole environment of a sandboxed command: a fixed allow-list plus what the caller passes
 * explicitly (plus NODE_OPTIONS when Node needs it under the memory limit). Nothing of the host's
 * environment is inherited (bubblewrap runs with --clearenv).
 */
export function buildSandboxEnv(base: SandboxEnvBase, extra: Readonly<Record<string, string>> = {}): Record<string, string> {
  const env: Record<string, string> = {
    PATH: base.path.join(':'),
    HOME: '/workspace',
    LANG: 'C.UTF-8',
    TMPDIR: '/tmp',
    PYTHONDONTWRITEBYTECODE: '1',
    // A fixed seed: the same script gives the same set/dict order on every run, so results repeat.
    PYTHONHASHSEED: '0',
  };
  if (base.nodeOptions) env.NODE_OPTIONS = base.nodeOptions;
  const refused = Object.keys(extra).filter(looksLikeSecretName);
  if (refused.length > 0) {
    throw new FtdojoError('INVALID_INPUT', `refusing to pass ${refused.join(', ')} into the sandbox: the name looks like a secret`, {
      hint: 'sandboxed code is untrusted; reach credentialed services through a gateway outside the sandbox (e.g. the LLM gateway socket), or rename the variable if it holds no secret',
    });
  }
  for (const [name, value] of Object.entries(extra)) {
    if (!VARIABLE_NAME.test(name)) {
      throw new FtdojoError('INVALID_INPUT', `invalid environment variable name ${JSON.stringify(name)} for the sandbox`, {
        hint: 'use letters, digits and underscores',
      });
    }
    if (typeof value !== 'string' || value.includes('\0')) {
      throw new FtdojoError('INVALID_INPUT', `environment variable ${name} for the sandbox must be a string without NUL bytes`, {
        hint: 'pass values as plain strings',
      });
    }
    env[name] = value;
  }
  return env;
}
