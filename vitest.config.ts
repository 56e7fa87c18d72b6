import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/setup/build.ts'],
    // Runner tests spawn real runtimes; on a 2-core machine one at a time keeps them honest.
    fileParallelism: false,
    // The timing loop reads V8's tiers (runners/shared/tier.ts) as the runners do: the tests that
    // time a callee in this process need the same natives syntax the runners are started with.
    execArgv: ['--allow-natives-syntax'],
    testTimeout: 180_000,
    hookTimeout: 600_000,
  },
});
