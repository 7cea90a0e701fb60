import { describe, expect, it } from 'vitest';
import { buildSeccompFilter, refusedSyscalls, seccompArch } from './seccomp-filter.js';

function instructions(filter: Buffer) {
  const list = [];
  for (let offset = 0; offset < filter.length; offset += 8) {
    list.push({ code: filter.readUInt16LE(offset), jt: filter.readUInt8(offset + 2), jf: filter.readUInt8(offset + 3), k: filter.readUInt32LE(offset + 4) });
  }
  return list;
}

describe('buildSeccompFilter', () => {
  it.each(['x64', 'arm64'] as const)('is a well-formed classic BPF program for %s', (arch) => {
    const filter = buildSeccompFilter(arch);
    expect(filter.length % 8).toBe(0);
    const program = instructions(filter);
    // First the architecture check, last a return; every jump lands inside the program.
    expect(program[0]).toMatchObject({ code: 0x20, k: 4 });
    expect(program.at(-1)!.code).toBe(0x06);
    program.forEach((instruction, index) => {
      if ((instruction.code & 0x07) !== 0x05) return; // only jumps jump
      expect(index + 1 + instruction.jt).toBeLessThan(program.length);
      expect(index + 1 + instruction.jf).toBeLessThan(program.length);
    });
    // It allows by default and refuses with EPERM and ENOSYS.
    const returns = program.filter((instruction) => instruction.code === 0x06).map((instruction) => instruction.k);
    expect(returns).toEqual(expect.arrayContaining([0x7fff0000, 0x00050001, 0x00050026]));
  });

  it('checks the numbers of the refused calls on x86-64 (ptrace 101, mount 165, unshare 272)', () => {
    const compared = instructions(buildSeccompFilter('x64'))
      .filter((instruction) => instruction.code === 0x15)
      .map((instruction) => instruction.k);
    expect(compared).toEqual(expect.arrayContaining([101, 165, 272, 308, 161, 56, 435]));
    expect(refusedSyscalls('x64')).toEqual(expect.arrayContaining(['ptrace', 'mount', 'unshare', 'setns', 'chroot', 'bpf', 'keyctl']));
  });

  it('knows the CPUs it supports', () => {
    expect(seccompArch('x64')).toBe('x64');
    expect(seccompArch('arm64')).toBe('arm64');
    expect(seccompArch('riscv64')).toBeNull();
  });
});
