/**
 * A small seccomp filter (classic BPF, as bubblewrap's --seccomp reads it) that refuses the system
 * calls a data-processing script never needs and that widen the kernel's attack surface: new
 * namespaces (an unprivileged user namespace would give the script a "root" with mount rights in
 * its own namespace), mounting, ptrace and cross-process memory access, keyrings, BPF, perf, kernel
 * modules, kexec, reboot, swap, io_uring. Everything else is allowed: the namespaces, the dropped
 * capabilities and the unprivileged uid are the walls; this filter only removes doors behind them.
 *
 * Refused calls fail with EPERM, except clone3, which fails with ENOSYS so that the C library falls
 * back to clone, whose flags (unlike clone3's, behind a pointer) the filter can inspect. Calls
 * from another ABI (32-bit int 0x80, x32) are refused as a whole.
 */

export type SeccompArch = 'x64' | 'arm64';

interface ArchTable {
  /** AUDIT_ARCH_* from linux/audit.h. */
  auditArch: number;
  clone: number;
  clone3: number;
  /** System calls refused with EPERM. */
  refused: Record<string, number>;
  /** x86_64 numbers at or above this are the x32 ABI. */
  x32Bit?: number;
}

// The new mount API and io_uring have the same numbers on every architecture.
const COMMON = {
  open_tree: 428,
  move_mount: 429,
  fsopen: 430,
  fsconfig: 431,
  fsmount: 432,
  fspick: 433,
  mount_setattr: 442,
  io_uring_setup: 425,
  io_uring_enter: 426,
  io_uring_register: 427,
};

const TABLES: Record<SeccompArch, ArchTable> = {
  // asm/unistd_64.h
  x64: {
    auditArch: 0xc000003e,
    clone: 56,
    clone3: 435,
    x32Bit: 0x40000000,
    refused: {
      ...COMMON,
      ptrace: 101,
      mount: 165,
      umount2: 166,
      unshare: 272,
      setns: 308,
      pivot_root: 155,
      chroot: 161,
      keyctl: 250,
      add_key: 248,
      request_key: 249,
      bpf: 321,
      perf_event_open: 298,
      userfaultfd: 323,
      kexec_load: 246,
      kexec_file_load: 320,
      init_module: 175,
      finit_module: 313,
      delete_module: 176,
      reboot: 169,
      swapon: 167,
      swapoff: 168,
      acct: 163,
      process_vm_readv: 310,
      process_vm_writev: 311,
      open_by_handle_at: 304,
      name_to_handle_at: 303,
    },
  },
  // asm-generic/unistd.h
  arm64: {
    auditArch: 0xc00000b7,
    clone: 220,
    clone3: 435,
    refused: {
      ...COMMON,
      ptrace: 117,
      mount: 40,
      umount2: 39,
      unshare: 97,
      setns: 268,
      pivot_root: 41,
      chroot: 51,
      keyctl: 219,
      add_key: 217,
      request_key: 218,
      bpf: 280,
      perf_event_open: 241,
      userfaultfd: 282,
      kexec_load: 104,
      kexec_file_load: 294,
      init_module: 105,
      finit_module: 273,
      delete_module: 106,
      reboot: 142,
      swapon: 224,
      swapoff: 225,
      acct: 89,
      process_vm_readv: 270,
      process_vm_writev: 271,
      open_by_handle_at: 265,
      name_to_handle_at: 264,
    },
  },
};

/** CLONE_NEWNS | NEWCGROUP | NEWUTS | NEWIPC | NEWUSER | NEWPID | NEWNET: no new namespace of any kind. */
const CLONE_NAMESPACE_FLAGS = 0x7e020000;

// BPF opcodes (linux/filter.h, linux/seccomp.h).
const LD_W_ABS = 0x20;
const JEQ_K = 0x15;
const JGE_K = 0x35;
const AND_K = 0x54;
const RET_K = 0x06;
const RET_ALLOW = 0x7fff0000;
const RET_ERRNO = 0x00050000;
const EPERM = 1;
const ENOSYS = 38;

// struct seccomp_data: int nr; __u32 arch; __u64 instruction_pointer; __u64 args[6].
const OFFSET_NR = 0;
const OFFSET_ARCH = 4;
const OFFSET_ARG0_LOW = 16;

type Instruction = { code: number; k: number; jt?: string; jf?: string } | { label: string };

export function seccompArch(arch: string): SeccompArch | null {
  return arch === 'x64' || arch === 'arm64' ? arch : null;
}

/** The names of the refused system calls (for documentation and tests). */
export function refusedSyscalls(arch: SeccompArch): string[] {
  return [...Object.keys(TABLES[arch].refused), 'clone3', 'clone(new namespace)'];
}

/** The filter as the bytes of a `struct sock_filter[]` (little-endian, as both supported CPUs are). */
export function buildSeccompFilter(arch: SeccompArch): Buffer {
  const table = TABLES[arch];
  const program: Instruction[] = [
    { code: LD_W_ABS, k: OFFSET_ARCH },
    { code: JEQ_K, k: table.auditArch, jf: 'deny' },
    { code: LD_W_ABS, k: OFFSET_NR },
    ...(table.x32Bit === undefined ? [] : [{ code: JGE_K, k: table.x32Bit, jt: 'deny' }]),
    { code: JEQ_K, k: table.clone3, jt: 'enosys' },
    // clone: allowed unless its flags (the first argument) ask for a new namespace. Classic BPF
    // only jumps forward, so this check sits before the returns it jumps to.
    { code: JEQ_K, k: table.clone, jf: 'not-clone' },
    { code: LD_W_ABS, k: OFFSET_ARG0_LOW },
    { code: AND_K, k: CLONE_NAMESPACE_FLAGS },
    { code: JEQ_K, k: 0, jt: 'allow', jf: 'deny' },
    { label: 'not-clone' },
    ...Object.values(table.refused).map((nr) => ({ code: JEQ_K, k: nr, jt: 'deny' })),
    { label: 'allow' },
    { code: RET_K, k: RET_ALLOW },
    { label: 'deny' },
    { code: RET_K, k: RET_ERRNO | EPERM },
    { label: 'enosys' },
    { code: RET_K, k: RET_ERRNO | ENOSYS },
  ];
  return assemble(program);
}

function assemble(program: Instruction[]): Buffer {
  const labels = new Map<string, number>();
  const code: Exclude<Instruction, { label: string }>[] = [];
  for (const instruction of program) {
    if ('label' in instruction) labels.set(instruction.label, code.length);
    else code.push(instruction);
  }
  const buffer = Buffer.alloc(code.length * 8);
  code.forEach((instruction, index) => {
    const jump = (label: string | undefined): number => {
      if (label === undefined) return 0;
      const offset = labels.get(label)! - (index + 1);
      if (offset < 0 || offset > 255) throw new Error(`seccomp jump to ${label} out of range (${offset})`);
      return offset;
    };
    buffer.writeUInt16LE(instruction.code, index * 8);
    buffer.writeUInt8(jump(instruction.jt), index * 8 + 2);
    buffer.writeUInt8(jump(instruction.jf), index * 8 + 3);
    buffer.writeUInt32LE(instruction.k >>> 0, index * 8 + 4);
  });
  return buffer;
}
