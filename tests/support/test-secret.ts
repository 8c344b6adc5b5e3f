// One token secret for every backend a test starts (in process or as a child), so test clients can sign
// their own role tokens with it. Imported by the vitest setup and the Playwright config.
export const TEST_TOKEN_SECRET = 'test-secret-not-for-production-0123456789';
process.env.LIVEBRIDGE_TOKEN_SECRET ??= TEST_TOKEN_SECRET;
// Gateway nodes of one test file form a cluster through Redis; test files run side by side in their own
// worker processes, so each worker has its own channels (a node of another file must never join).
process.env.REDIS_KEY ??= `lb-test-${process.pid}`;
