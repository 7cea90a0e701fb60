import { describe, expect, it } from 'vitest';
import { parseCpuInfo, readCpuFeatures } from './cpu-features.js';

/** /proc/cpuinfo of a Sapphire Rapids core (abridged to the fields read), as Linux prints it. */
const SAPPHIRE_RAPIDS = `processor	: 0
vendor_id	: GenuineIntel
model name	: Intel(R) Xeon(R) Platinum 8480+
flags		: fpu vme de pse tsc msr pae avx avx2 avx512f avx512dq avx512_bf16 avx512_vnni amx_bf16 amx_tile amx_int8 arch_capabilities

processor	: 1
vendor_id	: GenuineIntel
model name	: Intel(R) Xeon(R) Platinum 8480+
flags		: fpu vme de pse tsc msr pae avx avx2 avx512f avx512dq avx512_bf16 avx512_vnni amx_bf16 amx_tile amx_int8 arch_capabilities
`;

describe('parseCpuInfo', () => {
  it('reads the model, the processor count and the flags that decide bf16 and AMX', () => {
    const cpu = parseCpuInfo(SAPPHIRE_RAPIDS);
    expect(cpu).toMatchObject({ model: 'Intel(R) Xeon(R) Platinum 8480+', logicalCpus: 2, bf16: true, amx: true });
    expect(cpu.flags).toEqual({ avx2: true, avx512f: true, avx512_bf16: true, amx_tile: true, amx_bf16: true, amx_int8: true });
  });

  it('says no bf16 or AMX where the flags are missing', () => {
    const cpu = parseCpuInfo('processor\t: 0\nmodel name\t: AMD EPYC 7B12\nflags\t\t: fpu avx avx2\n');
    expect(cpu).toMatchObject({ bf16: false, amx: false, logicalCpus: 1 });
    expect(cpu.flags.avx2).toBe(true);
  });

  it('reads this machine (Linux)', () => {
    const cpu = readCpuFeatures();
    if (process.platform === 'linux') expect(cpu?.logicalCpus).toBeGreaterThan(0);
    expect(readCpuFeatures('/nonexistent/cpuinfo')).toBeNull();
  });
});
