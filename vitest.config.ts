import { defineConfig } from 'vitest/config';

const nodeMajor = Number(process.versions.node.split('.')[0]);

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // supabase-js needs a global WebSocket, which Node 20 has only behind this flag (22+ by default).
    execArgv: nodeMajor < 22 ? ['--experimental-websocket'] : [],
  },
});
