/**
 * Ends nock's interception when a test file is done. Nock patches Node's http module, which all
 * the test files one jest worker runs share: a finished file's interceptor would otherwise stay
 * wrapped around the requests of every later file, layer upon layer, and requests to real
 * loopback servers would then depend on which files ran before in the same worker.
 */
afterAll(async () => {
  // Loads nock if this file did not (which activates it), then restores Node's own http.
  const { default: nock } = await import('nock');
  nock.restore();
});
