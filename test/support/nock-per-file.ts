import http from 'node:http';
import https from 'node:https';

/**
 * Ends nock's interception when a test file is done. Nock patches Node's http module, which all
 * the test files one jest worker runs share: a finished file's interceptor would otherwise stay
 * wrapped around the requests of every later file, layer upon layer, and requests to real
 * loopback servers would then depend on which files ran before in the same worker.
 *
 * Only a file that loaded nock (which activates it) changed the http module; the others are left
 * alone, rather than loading nock into every file just to restore it.
 */
const unpatched = [http.request, http.get, http.ClientRequest, https.request, https.get];

afterAll(async () => {
  const patched = [http.request, http.get, http.ClientRequest, https.request, https.get];
  if (patched.every((fn, index) => fn === unpatched[index])) return;
  const { default: nock } = await import('nock');
  nock.restore();
});
