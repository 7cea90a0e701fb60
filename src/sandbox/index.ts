/**
 * The sandbox layer: agent-written code (a data-processing script in Python or JavaScript) runs
 * here and nowhere else. `Sandbox.exec(command)` returns a `SandboxExecResult`: every limit hit
 * is a status, not an exception; exceptions mean misconfiguration or no sandbox at all
 * (SANDBOX_UNAVAILABLE from detectSandbox, which tries each provider for real). Nothing ever falls
 * back to running unsandboxed.
 *
 * ## bubblewrap (the default provider)
 * What the command sees:
 *   /task       the task's agent-visible pool, read-only (the held-out split lives elsewhere and is never mounted)
 *   /workspace  a host folder the caller gives, read-write; HOME and the working directory
 *   /usr, /bin, /sbin, /lib* (symlinks on merged-/usr systems), read-only
 *   /etc        almost empty: ld.so.cache, ld.so.conf(.d), alternatives, localtime, and generated
 *               passwd, group and hosts; no shadow, no resolv.conf, nothing else of the host's
 *   the project's Python environment and the base interpreter its venv points to (sys.prefix,
 *               sys.base_prefix, found by asking the interpreter), and Node's directory when it is
 *               not the system's: read-only, at their host paths (a venv's symlinks are absolute)
 *   /tmp, /dev/shm  private tmpfs of `tmpBytes` each; /proc fresh (own pid namespace); /dev minimal
 *   extra binds the caller names (e.g. the folder of the LLM gateway's socket), read-only unless asked
 * Not the host's /root, /home, /work, /tmp or anything else: the root is an empty tmpfs, made
 * read-only (with /dev) once everything is mounted. The task pool must be world-readable (as
 * ftdojo writes it) since, as root, the command runs as a uid of its own.
 *
 * Isolation: new network (loopback only: no DNS, no internet, no host services on 127.0.0.1),
 * pid, ipc, uts and cgroup namespaces; --die-with-parent; --new-session (no terminal injection);
 * environment cleared to an allow-list (sandbox-env.ts: PATH, HOME, LANG, TMPDIR,
 * PYTHONDONTWRITEBYTECODE, PYTHONHASHSEED, plus the caller's, refusing names that look like
 * secrets); bwrap's own options travel through a pipe (--args), so /proc/1/cmdline shows no host
 * paths, and bwrap itself starts with an empty environment; descriptors inherited from the host
 * process are closed before the command starts; a seccomp filter (seccomp-filter.ts) refuses
 * namespaces, mount, ptrace, keyrings, bpf, perf, modules, io_uring.
 *
 * The user: as root (our containers) bwrap runs privileged, without a user namespace (a user
 * namespace would map the sandbox user to host root, and RLIMIT_NPROC never applies to root), and
 * `setpriv` switches the command to a random high uid of its own with no capabilities, an empty
 * bounding set and no_new_privs: setuid binaries do nothing, chroot/mount/unshare fail, ptrace and
 * kill of bwrap's pid 1 (root) fail, and files the sandbox writes belong to no host account.
 * The workspace is chown'ed to that uid before each command. As an ordinary user, bwrap makes a
 * user namespace (--unshare-user, --disable-userns, --cap-drop ALL) with uid 65534 inside.
 *
 * Limits (sandbox.ts SandboxLimits; run-sandboxed.ts, classify-outcome.ts) and how each holds:
 *   wallSeconds     a timer kills bwrap's process group with SIGKILL; --die-with-parent then kills
 *                   the sandbox's pid 1, and with it the whole pid namespace → 'timeout'
 *   memoryBytes     RLIMIT_AS per process (prlimit), which counts every mapping (unlike
 *                   RLIMIT_DATA, which shared anonymous memory bypasses): malloc fails, Python
 *                   raises MemoryError, V8 aborts → 'memory-limit', read from stderr. Node needs
 *                   ~1 GiB of address space to start, and runs with NODE_OPTIONS=
 *                   --disable-wasm-trap-handler (WebAssembly, which fetch() uses, would otherwise
 *                   reserve ~10 GB of address space). cgroups would bound the sum over processes
 *                   but are not usable everywhere (v1 here, no delegation for ordinary users); the
 *                   process limit bounds the sum instead (processes × memoryBytes)
 *   processes       RLIMIT_NPROC for the sandbox's own uid (counts its processes and threads, and
 *                   only its: as root the uid is unique; as a user, Linux ≥ 5.14 counts per user
 *                   namespace), so fork fails with EAGAIN; a watchdog that sees the
 *                   tree held at 90% of the limit for a second kills it (a fork bomb that swallows
 *                   its errors would otherwise spin to the deadline) → 'process-limit'
 *   outputBytes     the first outputBytes of stdout and of stderr are kept, the rest dropped and
 *                   flagged; a stream past 4× the cap (at least cap + 1 MiB) is killed → 'output-limit'
 *   fileBytes       RLIMIT_FSIZE: writes fail with EFBIG (Python ignores SIGXFSZ) or the process
 *                   dies of SIGXFSZ → 'disk-limit'
 *   workspaceBytes  the workspace's size, polled every 50–500 ms (sooner the less room is left)
 *                   and checked after the run (it may overshoot by what is written between two
 *                   polls); a workspace already over the limit fails only commands that grow it
 *                   → 'disk-limit'
 *   tmpBytes        the tmpfs size of /tmp and /dev/shm: ENOSPC → 'disk-limit'
 * Core dumps are off (RLIMIT_CORE 0).
 *
 * ## docker / podman (container-sandbox.ts)
 * `run --network none --read-only --cap-drop ALL --security-opt no-new-privileges --pids-limit
 * --memory (= --memory-swap) --ulimit fsize --tmpfs /tmp --user 65534 --init --pull=never`, the same
 * mounts at /task and /workspace. What they add over bubblewrap: cgroup limits on the container's
 * total memory and process count (an OOM kill shows as SIGKILL → 'memory-limit') and an image of
 * its own; what they cost: a daemon (or podman) and an image with the interpreters. Killing the
 * client does not stop a container, so a kill also runs `<engine> rm --force`.
 */
export type {
  Sandbox,
  SandboxBind,
  SandboxExecOptions,
  SandboxExecResult,
  SandboxExecStatus,
  SandboxLimits,
  SandboxMounts,
  SandboxProvider,
} from './sandbox.js';
export { DEFAULT_SANDBOX_LIMITS, resolveLimits, SANDBOX_EXEC_RESULT_SCHEMA_VERSION } from './sandbox.js';
export type { BubblewrapSandboxOptions } from './bubblewrap-sandbox.js';
export { createBubblewrapSandbox } from './bubblewrap-sandbox.js';
export type { ContainerEngine, ContainerSandboxOptions } from './container-sandbox.js';
export { buildContainerArgs, createContainerSandbox } from './container-sandbox.js';
export type { DetectSandboxOptions, SandboxDetection, SandboxPreference } from './detect-sandbox.js';
export { detectSandbox, probeBubblewrap } from './detect-sandbox.js';
export type { EnsureBubblewrapOptions, EnsureBubblewrapResult } from './ensure-bubblewrap.js';
export { ensureBubblewrap } from './ensure-bubblewrap.js';
export { buildSandboxEnv, looksLikeSecretName } from './sandbox-env.js';
