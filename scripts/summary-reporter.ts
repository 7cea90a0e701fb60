import type { Reporter, TestModule } from 'vitest/node';

/**
 * Ends the run with one plain line, "Tests: N passed, N failed, N skipped", which any CI can read
 * whatever runner printed above it. In CI (CI=true) a skipped test is a failure: a heavy test that
 * cannot run there (no setup, no bubblewrap, no mirror) names itself and its reason, and the run
 * fails instead of passing with less tested than it claims.
 */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 };
    const skipped: string[] = [];
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') counts.passed += 1;
        else if (state === 'failed') counts.failed += 1;
        else {
          counts.skipped += 1;
          skipped.push(`${module.moduleId.replace(`${process.cwd()}/`, '')} > ${test.fullName}`);
        }
      }
    }
    process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
    if (process.env.CI === 'true' && skipped.length > 0) {
      process.stdout.write(`\nIn CI no test may skip; these could not run here (their names say why):\n${skipped.map((name) => `  ✗ ${name}`).join('\n')}\n`);
      process.exitCode = 1;
    }
  }
}
