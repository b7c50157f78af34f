// Sorts the CPU samples of jsii kernel profiles (kernel-profiler.cjs) into the phases of a CDK synth and
// prints the kernel's milliseconds per phase (sampled wall time of its one thread): one column per profile, then the median.
// Usage: node bench/profile/categories.cjs FILE.cpuprofile...
// A sample goes to the first phase whose test matches its stack (innermost frame first):
'use strict';
const fs = require('node:fs');

const PHASES = [
  ['garbage collection', (s) => s[0].fn === '(garbage collector)'],
  // The kernel reads the JVM's next request synchronously (readLine of the jsii runtime's program.js):
  // time there is the JVM's (its half of every call and callback, class loading, fleetkit's own code).
  ['waiting for the JVM', (s) => s.some((f) => f.fn === 'readLine' && /program\.js$/.test(f.url))],
  ['validator: engine start', (s) => s.some((f) => f.fn === '_singletonInstance' || /WasmRegoEngine|RegoEngine/.test(f.fn))],
  ['validator: checking templates', (s) => s.some((f) => f.fn === 'validateDetailed' || f.url.includes('@aws/cloudformation-validate'))],
  ['cdk-nag rules', (s) => s.some((f) => f.url.includes('/cdk-nag/'))],
  ['loading JavaScript modules', (s) => s.some((f) => f.fn === 'Module._load')],
  ['synthesis: aspects, resolve, write', (s) => s.some((f) => f.fn === 'synthesize' && f.url.includes('aws-cdk-lib/core/lib/private/synthesis'))],
  ['building constructs (kernel calls)', () => true],
];

function phasesOf(file) {
  const profile = JSON.parse(fs.readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of profile.nodes) for (const c of n.children || []) parent.set(c, n.id);
  const self = new Map();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) || 0) + (profile.timeDeltas[i] || 0)));
  const totals = Object.fromEntries(PHASES.map(([name]) => [name, 0]));
  for (const [id, micros] of self) {
    const stack = [];
    for (let x = id; x !== undefined; x = parent.get(x)) {
      const f = byId.get(x).callFrame;
      stack.push({ fn: f.functionName, url: f.url || '' });
    }
    if (stack[0].fn === '(idle)' || stack[0].fn === '(program)' || stack[0].fn === '(root)') continue;
    totals[PHASES.find(([, test]) => test(stack))[0]] += micros / 1000;
  }
  return totals;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: node bench/profile/categories.cjs FILE.cpuprofile...');
  process.exit(2);
}
const runs = files.map(phasesOf);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const row = (name, values) => `${name.padEnd(36)}${values.map((v) => String(Math.round(v)).padStart(7)).join('')}`;
console.log(row('phase (kernel time, ms)', []) + runs.map((_, i) => `  run ${i + 1}`).join('') + ' median');
for (const [name] of PHASES) {
  const values = runs.map((r) => r[name]);
  console.log(row(name, [...values, median(values)]));
}
const sums = runs.map((r) => Object.values(r).reduce((a, b) => a + b, 0));
console.log(row('total', [...sums, median(sums)]));
