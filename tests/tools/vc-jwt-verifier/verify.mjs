// Verifies a VC-JWT with panva's jose, independently of the .NET code that signed it.
// Usage: node verify.mjs < input.json
//   where input is { "jwt": "...", "jwks": { "keys": [...] }, "issuer": "https://...", "now": "2026-12-06T05:00:00Z" }
//   ("now" is the verifier's clock for nbf and exp: the tests run the app on a fake clock).
// Prints { "valid": true, "header": {...}, "payload": {...} } or { "valid": false, "error": "..." }.
import { readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';

const input = JSON.parse(readFileSync(0, 'utf8'));
try {
  const keys = createLocalJWKSet(input.jwks);
  const { payload, protectedHeader } = await jwtVerify(input.jwt, keys, {
    algorithms: ['RS256'],
    issuer: input.issuer,
    currentDate: input.now ? new Date(input.now) : undefined,
  });
  console.log(JSON.stringify({ valid: true, header: protectedHeader, payload }));
} catch (error) {
  console.log(JSON.stringify({ valid: false, error: `${error.code ?? error.name}: ${error.message}` }));
}
