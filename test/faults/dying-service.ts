/**
 * A stand-in for bridgetax-service that tests start through `CompareOptions.service` (never
 * reachable from the CLI): it listens on loopback and answers the health check like the real
 * one, then dies on the first workload request (`die-on-request`), or fails before it listens
 * (`fail-to-start`), writing to stderr as a crashing server would.
 */
import { createServer } from 'node:http';
import process from 'node:process';

const mode = process.argv[2];
if (mode === 'fail-to-start') {
  process.stderr.write('dying-service: cannot bind 127.0.0.1 (simulated start failure)\n');
  process.exit(1);
}
const server = createServer((req, res) => {
  if (req.url === '/health') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ status: 'ok', connections: 0, routes: ['noop', 'add_i32'] }));
    return;
  }
  process.stderr.write(`dying-service: ${req.method} ${req.url}: dying on purpose mid-run\n`);
  process.exit(3);
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  if (address && typeof address === 'object') console.log(`bridgetax-service listening on http://127.0.0.1:${address.port}`);
});
