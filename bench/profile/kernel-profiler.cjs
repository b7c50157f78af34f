// Loaded into every node process of a `cdk synth` with NODE_OPTIONS=--require; acts only in the jsii
// kernel (the jsii runtime's program.js, which the JVM starts and which runs aws-cdk-lib, cdk-nag and the
// CloudFormation validator). Samples its CPU every millisecond with node's built-in inspector and writes
// the profile to $FLEETKIT_PROFILE_OUT/<pid>.cpuprofile when the kernel's input ends. Used by
// bench/synth-profile.sh; never loaded by fleetkit itself.
'use strict';
const out = process.env.FLEETKIT_PROFILE_OUT;
if (out && /jsii.*[\\/]program\.js$/.test(process.argv[1] || '')) {
  const inspector = require('node:inspector');
  const fs = require('node:fs');
  const path = require('node:path');
  const session = new inspector.Session();
  session.connect();
  session.post('Profiler.enable');
  session.post('Profiler.setSamplingInterval', { interval: 1000 });
  session.post('Profiler.start');
  let written = false;
  const write = () => {
    if (written) return;
    written = true;
    // The in-process session answers synchronously, so this also works from the 'exit' event.
    session.post('Profiler.stop', (err, result) => {
      if (err) throw err;
      fs.writeFileSync(path.join(out, `${process.pid}.cpuprofile`), JSON.stringify(result.profile));
    });
  };
  process.stdin.on('end', write);
  process.on('exit', write);
}
