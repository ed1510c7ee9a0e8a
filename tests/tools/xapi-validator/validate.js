// Validates xAPI statements with Learning Locker's xapi-validation (conformance-tested for xAPI 1.0.x).
// Usage: node validate.js <1.0.3|2.0.0> < statements.json   (a JSON array of statements, or one statement)
// Prints a JSON array with one entry per statement: { "index": n, "problems": ["statement.path: TypeWarning", ...] }.
//
// xapi-validation knows xAPI 1.0.x only. For 2.0.0 (IEEE 9274.1.1) this script applies the 2.0 rules itself and
// hands the 1.0.x validator the statement without what 2.0 added:
//   - version, when present, must be 2.0.0 (then removed before the 1.0.x check, which only accepts 1.0.x);
//   - timestamp and stored must carry a time zone offset (Z or +hh:mm);
//   - context.contextAgents / context.contextGroups must be arrays of { objectType, agent|group, relevantTypes? }
//     (then removed, since 1.0.x does not know them).
'use strict';
const validate = require('xapi-validation').default;

const version = process.argv[2];
if (version !== '1.0.3' && version !== '2.0.0') {
  console.error('usage: node validate.js <1.0.3|2.0.0> < statements.json');
  process.exit(2);
}

const input = require('fs').readFileSync(0, 'utf8');
let parsed;
try {
  parsed = JSON.parse(input);
} catch (e) {
  console.error('not JSON: ' + e.message);
  process.exit(2);
}
const statements = Array.isArray(parsed) ? parsed : [parsed];

const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);
const timeZone = /(Z|[+-]\d{2}:?\d{2})$/;
const iri = /^[a-z][a-z0-9+.-]*:\S+$/i;

function version2Problems(statement) {
  const problems = [];
  if (!isObject(statement)) return problems;
  if ('version' in statement) {
    if (statement.version !== '2.0.0') problems.push('statement.version: must be 2.0.0 for xAPI 2.0');
    delete statement.version;
  }
  for (const key of ['timestamp', 'stored']) {
    if (typeof statement[key] === 'string' && !timeZone.test(statement[key])) {
      problems.push(`statement.${key}: xAPI 2.0 timestamps must carry a time zone`);
    }
  }
  const context = statement.context;
  if (isObject(context)) {
    for (const [key, member, type] of [['contextAgents', 'agent', 'contextAgent'], ['contextGroups', 'group', 'contextGroup']]) {
      if (!(key in context)) continue;
      const list = context[key];
      if (!Array.isArray(list)) {
        problems.push(`statement.context.${key}: must be an array`);
      } else {
        list.forEach((entry, i) => {
          if (!isObject(entry) || entry.objectType !== type) problems.push(`statement.context.${key}.${i}.objectType: must be ${type}`);
          else if (!isObject(entry[member])) problems.push(`statement.context.${key}.${i}.${member}: required`);
          else if ('relevantTypes' in entry && (!Array.isArray(entry.relevantTypes) || entry.relevantTypes.length === 0 || !entry.relevantTypes.every((t) => typeof t === 'string' && iri.test(t)))) {
            problems.push(`statement.context.${key}.${i}.relevantTypes: must be a non-empty array of IRIs`);
          }
        });
      }
      delete context[key];
    }
  }
  return problems;
}

const results = statements.map((original, index) => {
  const statement = JSON.parse(JSON.stringify(original));
  const problems = version === '2.0.0' ? version2Problems(statement) : [];
  for (const warning of validate(statement)) {
    problems.push(`${warning.path.join('.')}: ${warning.typeName || warning.name}`);
  }
  return { index, problems };
});
process.stdout.write(JSON.stringify(results));
