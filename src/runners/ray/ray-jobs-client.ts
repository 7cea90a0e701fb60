import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { z } from 'zod';
import { FtdojoError } from '../../core/index.js';

/**
 * A client of the Ray Jobs REST API, the HTTP interface the Ray dashboard serves on the head node
 * (port 8265 by default): submit, status, logs, stop. Ray's own Python SDK is a thin wrapper over
 * these same calls; from Node, fetch and a schema per answer are all it takes, with no Python
 * process between us and the cluster.
 */
export const RayJobStatusSchema = z.enum(['PENDING', 'RUNNING', 'STOPPED', 'SUCCEEDED', 'FAILED']);
export type RayJobStatus = z.infer<typeof RayJobStatusSchema>;

const RayJobInfoSchema = z.object({
  submission_id: z.string().nullish(),
  status: RayJobStatusSchema,
  message: z.string().nullish(),
  error_type: z.string().nullish(),
  start_time: z.number().nullish(),
  end_time: z.number().nullish(),
  driver_exit_code: z.number().nullish(),
  metadata: z.record(z.string(), z.string()).nullish(),
});
export type RayJobInfo = z.infer<typeof RayJobInfoSchema>;

const VersionSchema = z.object({ version: z.string(), ray_version: z.string() });
const SubmitAnswerSchema = z.object({ submission_id: z.string() });
const LogsSchema = z.object({ logs: z.string() });
const StopSchema = z.object({ stopped: z.boolean() });
const UsagePair = z.tuple([z.number(), z.number()]);
const ClusterStatusSchema = z.object({
  data: z.object({ clusterStatus: z.object({ loadMetricsReport: z.object({ usage: z.object({ CPU: UsagePair.optional(), GPU: UsagePair.optional() }) }) }) }),
});

export interface RayJobRequest {
  /** The shell command the job runs, on whichever node Ray places it. */
  entrypoint: string;
  submissionId: string;
  /** Ray's runtime environment: env_vars, working_dir, pip, image_uri... passed through as given. */
  runtimeEnv?: Record<string, unknown> | undefined;
  metadata?: Record<string, string> | undefined;
  /** Resources reserved for the entrypoint itself (Ray places the job on a node that has them). */
  numCpus?: number | undefined;
  numGpus?: number | undefined;
}

export interface RayJobsClient {
  readonly address: string;
  /** The cluster's Ray version; throws the "no head there" error when nothing answers. */
  version(): Promise<{ rayVersion: string; apiVersion: string }>;
  submit(request: RayJobRequest): Promise<string>;
  /** The job's status, or null when the cluster does not know it (never submitted, or a restarted head). */
  status(submissionId: string): Promise<RayJobInfo | null>;
  logs(submissionId: string): Promise<string>;
  /** Asks Ray to stop the job (SIGTERM, then SIGKILL); false when it had already ended. */
  stop(submissionId: string): Promise<boolean>;
  /**
   * The cluster's CPUs and GPUs in all, from the dashboard's cluster status (not part of the Jobs
   * API: null when this Ray does not answer it, or answers in another shape).
   */
  capacity(): Promise<{ cpus: number; gpus: number } | null>;
}

/** What to run when no head answers: a local one, or the address of a real cluster. */
export function noHeadHint(address: string): string {
  return `start a local Ray head with \`ftdojo cluster up --local\` (it prints the address), or pass --ray-address http://<head>:8265 of a running cluster (nothing answered at ${address})`;
}

export function createRayJobsClient(address: string, options: { timeoutMs?: number } = {}): RayJobsClient {
  const base = normalizeAddress(address);
  const timeoutMs = options.timeoutMs ?? 30_000;

  async function call<T>(method: 'GET' | 'POST', path: string, schema: z.ZodType<T>, body?: unknown): Promise<T | null> {
    let response: { status: number; text: string };
    try {
      response = await plainRequest(method, `${base}${path}`, body === undefined ? undefined : JSON.stringify(body), timeoutMs);
    } catch (error) {
      throw new FtdojoError(
        'CLUSTER',
        `no Ray head answers at ${base}: ${error instanceof Error ? (error.cause instanceof Error ? error.cause.message : error.message) : String(error)}`,
        {
          hint: noHeadHint(base),
          retryable: true,
          fault: 'environment',
          cause: error,
        },
      );
    }
    const text = response.text;
    if (response.status === 404) return null;
    if (response.status < 200 || response.status >= 300) {
      throw new FtdojoError('CLUSTER', `the Ray head at ${base} refused ${method} ${path} (HTTP ${response.status}): ${lastError(text)}`, {
        hint:
          response.status >= 500
            ? "look at the head's dashboard log (`/tmp/ray/session_latest/logs/dashboard.log` on the head)"
            : 'check the job request (runtime env, resources)',
        retryable: response.status >= 500,
        fault: 'environment',
      });
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      throw new FtdojoError('CLUSTER', `${base} answered ${method} ${path} with something other than JSON: ${text.slice(0, 200)}`, {
        hint: `check that ${base} is a Ray dashboard (the Jobs API is on its port, 8265 by default)`,
        fault: 'environment',
      });
    }
    const parsed = schema.safeParse(json);
    if (!parsed.success)
      throw new FtdojoError('CLUSTER', `the Ray head at ${base} answered ${method} ${path} in a shape this client does not know: ${parsed.error.message}`, {
        hint: 'ftdojo speaks the Ray Jobs API of Ray 2.x; check the head runs Ray 2 (GET /api/version)',
        fault: 'environment',
      });
    return parsed.data;
  }

  const must = <T>(value: T | null, what: string): T => {
    if (value === null)
      throw new FtdojoError('CLUSTER', `${base} has no Ray Jobs API (${what} answered 404)`, {
        hint: `check that ${base} is the Ray dashboard of a head started with ray[default] (the Jobs API comes with the dashboard)`,
        fault: 'environment',
      });
    return value;
  };

  return {
    address: base,
    async version() {
      const answer = must(await call('GET', '/api/version', VersionSchema), 'GET /api/version');
      return { rayVersion: answer.ray_version, apiVersion: answer.version };
    },
    async submit(request) {
      const body = {
        entrypoint: request.entrypoint,
        submission_id: request.submissionId,
        runtime_env: request.runtimeEnv ?? {},
        metadata: request.metadata ?? {},
        ...(request.numCpus === undefined ? {} : { entrypoint_num_cpus: request.numCpus }),
        ...(request.numGpus === undefined ? {} : { entrypoint_num_gpus: request.numGpus }),
      };
      return must(await call('POST', '/api/jobs/', SubmitAnswerSchema, body), 'POST /api/jobs/').submission_id;
    },
    status: (submissionId) => call('GET', `/api/jobs/${encodeURIComponent(submissionId)}`, RayJobInfoSchema),
    async logs(submissionId) {
      return (await call('GET', `/api/jobs/${encodeURIComponent(submissionId)}/logs`, LogsSchema))?.logs ?? '';
    },
    async stop(submissionId) {
      return (await call('POST', `/api/jobs/${encodeURIComponent(submissionId)}/stop`, StopSchema))?.stopped ?? false;
    },
    async capacity() {
      const status = await call('GET', '/api/cluster_status', ClusterStatusSchema).catch(() => null);
      const usage = status?.data.clusterStatus.loadMetricsReport.usage;
      const capacity = usage ? { cpus: usage.CPU?.[1] ?? 0, gpus: usage.GPU?.[1] ?? 0 } : null;
      // A head that has just started reports nothing for a few seconds: unknown, not empty.
      return capacity && capacity.cpus + capacity.gpus > 0 ? capacity : null;
    },
  };
}

/** What Ray said went wrong: the last line of a Python traceback (the error itself), else the start of the body. */
function lastError(text: string): string {
  const lines = text
    .trim()
    .split('\n')
    .filter((line) => line.trim());
  return (text.includes('Traceback') ? lines.at(-1)!.trim() : text.trim()).slice(0, 500);
}

/** `host:port` or a URL, without the trailing slash; http:// when no scheme is given. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim().replace(/\/+$/, '');
  if (!trimmed)
    throw new FtdojoError('INVALID_INPUT', 'the Ray address is empty', { hint: 'pass --ray-address http://<head>:8265 (the Ray dashboard address)' });
  if (trimmed.startsWith('ray://'))
    throw new FtdojoError('INVALID_INPUT', `${trimmed} is a Ray Client address; ftdojo submits through the Jobs API`, {
      hint: 'pass the dashboard address instead: --ray-address http://<head>:8265',
    });
  return /^https?:\/\//.test(trimmed) ? trimmed : `http://${trimmed}`;
}

/**
 * One HTTP request with no headers but the body's type. Not fetch: Node's fetch sends the
 * Sec-Fetch-Mode header, and Ray's dashboard refuses POSTs that look like browser traffic.
 */
function plainRequest(method: string, url: string, body: string | undefined, timeoutMs: number): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const send = url.startsWith('https:') ? httpsRequest : httpRequest;
    const request = send(
      url,
      { method, headers: body === undefined ? {} : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => resolve({ status: response.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }));
        response.on('error', reject);
      },
    );
    request.setTimeout(timeoutMs, () => request.destroy(new Error(`no answer within ${Math.round(timeoutMs / 1000)} s`)));
    request.on('error', reject);
    request.end(body);
  });
}
