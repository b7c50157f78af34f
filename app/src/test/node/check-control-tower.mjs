#!/usr/bin/env node
// Usage: node check-control-tower.mjs <template.json>...
//
// Runs the AWS Control Tower proactive-control Guard rules that ship in the npm package
// @cdklabs/cdk-validator-cfnguard (its cfn-guard binary and rules/control-tower/cfn-guard) over each
// CloudFormation template and prints one JSON object:
//   {"ruleSet": {"package", "version", "guard", "rules": N, "controls": ["CT.S3.PR.1", ...]},
//    "templates": N,
//    "findings":  [{"template", "resource", "type", "control", "rule", "exception": reason | null}],
//    "failed":    [the findings without an exception],
//    "unneeded":  [{"template", "resource", "control", "reason"}: declared exceptions whose control passed]}
// Exit 0 = every finding has an exception, 1 = some do not, 2 = bad input or the tool did not run.
//
// The Control Tower rules honour no suppression (none of them reads Metadata), and neither do the
// Control Tower hooks that run them at deploy time. fleetkit's exceptions are declared per resource
// and per control in the template, as resource metadata that only this script reads:
//   "Metadata": {"fleetkit:control-tower-exceptions": {"CT.S3.PR.9": "why this resource may fail it"}}
// (written from the one table io.fleetkit.constructs.ControlTowerExceptions). A finding is excepted
// only when the resource the rule reports carries an exception for that exact control.
import { execFileSync } from 'node:child_process';
import { accessSync, constants, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { arch, platform } from 'node:os';
import { dirname, join } from 'node:path';

export const EXCEPTIONS_KEY = 'fleetkit:control-tower-exceptions';
const CONTROL = /\[(CT\.[A-Z0-9-]+\.PR\.\d+)\]/;

function badInput(message) {
  console.error(message);
  process.exit(2);
}

const require = createRequire(import.meta.url);
const packageDir = dirname(require.resolve('@cdklabs/cdk-validator-cfnguard/package.json'));
const packageJson = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
const rulesDir = join(packageDir, 'rules', 'control-tower', 'cfn-guard');

// The package ships one binary per OS and CPU (bin/<ubuntu|macos>/<x86_64|aarch64>), as its plugin picks it.
const os = { linux: 'ubuntu', darwin: 'macos' }[platform()];
const cpu = { x64: 'x86_64', arm64: 'aarch64' }[arch()];
if (!os || !cpu) badInput(`cfn-guard ships for linux and macOS on x64 and arm64, not ${platform()} ${arch()}`);
const guard = join(packageDir, 'bin', os, cpu, 'cfn-guard');
try {
  accessSync(guard, constants.X_OK);
} catch (e) {
  badInput(`${guard} is missing or not executable (${e.code}): run npm ci`);
}

function run(args) {
  try {
    return { status: 0, stdout: execFileSync(guard, args, { encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }) };
  } catch (e) {
    if (typeof e.status !== 'number') badInput(`${guard} did not run: ${e.message}`);
    return { status: e.status, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

function ruleFiles(dir) {
  return readdirSync(dir).sort().flatMap(name => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? ruleFiles(path) : name.endsWith('.guard') ? [path] : [];
  });
}

// Every string in the subtree under one of these keys, depth first.
function collect(node, key, out) {
  if (Array.isArray(node)) {
    node.forEach(n => collect(n, key, out));
  } else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === key && typeof v === 'string') out.push(v);
      else collect(v, key, out);
    }
  }
  return out;
}

const templates = process.argv.slice(2);
if (templates.length === 0) badInput('usage: node check-control-tower.mjs <template.json>...');
const documents = new Map(templates.map(t => {
  try {
    return [t, JSON.parse(readFileSync(t, 'utf8'))];
  } catch (e) {
    return badInput(`cannot read ${t}: ${e.message}`);
  }
}));

const version = run(['--version']);
if (version.status !== 0) badInput(`${guard} --version failed: ${version.stderr}`);
const controls = ruleFiles(rulesDir).map(file => {
  const id = readFileSync(file, 'utf8').match(CONTROL);
  if (!id) badInput(`${file} names no Control Tower control`);
  return id[1];
});

const findings = [];
const unneeded = [];
for (const template of templates) {
  // cfn-guard exits 0 when every rule passes or skips, 19 when some rule fails; anything else is an error.
  const result = run(['validate', '--rules', rulesDir, '--data', template,
    '--output-format', 'json', '--show-summary', 'none', '--structured']);
  if (result.status !== 0 && result.status !== 19) badInput(`cfn-guard failed on ${template} (${result.status}): ${result.stderr}`);
  let reports;
  try {
    reports = JSON.parse(result.stdout);
  } catch (e) {
    badInput(`cfn-guard printed no JSON for ${template}: ${e.message}`);
  }
  const resources = documents.get(template).Resources ?? {};
  const failedHere = new Set();
  for (const report of reports) {
    for (const notCompliant of report.not_compliant ?? []) {
      const messages = collect(notCompliant, 'custom_message', []);
      const control = messages.map(m => m.match(CONTROL)).find(m => m)?.[1];
      const rule = notCompliant.Rule?.name ?? '(unnamed rule)';
      if (!control) badInput(`${template}: rule ${rule} failed without a Control Tower control id`);
      // Every path a failing check reached, such as /Resources/Bucket83908E77/Properties/...
      const ids = [...new Set(collect(notCompliant, 'path', [])
        .map(p => p.match(/^\/Resources\/([^/]+)/)?.[1]).filter(Boolean))].sort();
      if (ids.length === 0) ids.push(null);
      for (const resource of ids) {
        const declared = resource ? resources[resource]?.Metadata?.[EXCEPTIONS_KEY] ?? {} : {};
        const reason = typeof declared[control] === 'string' && declared[control].trim() ? declared[control] : null;
        findings.push({ template, resource, type: resource ? resources[resource]?.Type ?? null : null,
          control, rule, exception: reason });
        failedHere.add(`${resource} ${control}`);
      }
    }
  }
  for (const [resource, body] of Object.entries(resources)) {
    for (const [control, reason] of Object.entries(body.Metadata?.[EXCEPTIONS_KEY] ?? {})) {
      if (!controls.includes(control)) badInput(`${template}: ${resource} declares an exception for ${control}, which is no control of this rule set`);
      if (!failedHere.has(`${resource} ${control}`)) unneeded.push({ template, resource, control, reason });
    }
  }
}

const failed = findings.filter(f => f.exception === null);
console.log(JSON.stringify({
  ruleSet: { package: packageJson.name, version: packageJson.version, guard: version.stdout.trim(),
    rules: controls.length, controls: [...new Set(controls)].sort((a, b) => a.localeCompare(b, 'en', { numeric: true })) },
  templates: templates.length,
  findings,
  failed,
  unneeded,
}, null, 2));
process.exit(failed.length === 0 ? 0 : 1);
