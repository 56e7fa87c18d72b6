/**
 * The `--service-url` every entry that may call the loopback service takes (the runner, the load
 * entry): checked once here, since it says where benchmark traffic goes.
 */

/** A service URL on loopback, without a trailing slash; anything else is refused: the entry
 *  sends benchmark traffic to this address, and it must never leave the machine. Throws with
 *  what was wrong (the caller appends its usage). */
export function loopbackUrl(given: string): string {
  let url: URL;
  try {
    url = new URL(given);
  } catch {
    throw new Error(`--service-url takes a URL such as http://127.0.0.1:8080, not "${given}"`);
  }
  if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1' || !url.port || url.pathname !== '/' || url.search) {
    throw new Error(`--service-url must be http://127.0.0.1:PORT (loopback only), not "${given}"`);
  }
  return url.origin;
}
