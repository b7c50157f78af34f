package io.fleetkit.discovery.preflight;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Runs every check family against the target account, read-only: identity and bootstrap, Organizations guardrails,
 * then for each stack its existing state, zones and offerings, quotas and prerequisites. Progress goes to
 * {@code progress}, one line per stack.
 */
public final class Preflight {
  private final Probe probe;
  private final Consumer<String> progress;

  public Preflight(Probe probe, Consumer<String> progress) {
    this.probe = probe;
    this.progress = progress;
  }

  /** Every result, in the order checked; rejected credentials end the run with a CredentialsException. */
  public List<Check> run(Deployment d, String toolkitStack) {
    probe.checkCredentials();
    int total = d.stacks().size() + 1;
    int before = probe.results().size();
    Optional<String> account = IdentityChecks.identity(probe, d, "account");
    String who = account.orElse(d.account().orElse("<account>"));
    account.ifPresent(a -> GuardrailChecks.check(probe, d, a));
    IdentityChecks.bootstrap(probe, d, who, toolkitStack);
    progress.accept("[1/" + total + "] account " + who + " and bootstrap in " + String.join(", ", d.regions()) + ": "
        + summary(probe.results().subList(before, probe.results().size())));
    int i = 2;
    for (Deployment.Stack s : d.stacks()) {
      before = probe.results().size();
      StackChecks.check(probe, s);
      ZoneChecks.check(probe, d, s);
      QuotaChecks.check(probe, d, s);
      PrerequisiteChecks.check(probe, d, s, account);
      progress.accept("[" + i++ + "/" + total + "] " + s.name() + " (" + s.region() + "): "
          + summary(probe.results().subList(before, probe.results().size())));
    }
    return probe.results();
  }

  /** "4 checks, 1 FAIL, 1 WARN". */
  public static String summary(List<Check> checks) {
    long fail = checks.stream().filter(c -> c.status() == Check.Status.FAIL).count();
    long warn = checks.stream().filter(c -> c.status() == Check.Status.WARN).count();
    return checks.size() + (checks.size() == 1 ? " check" : " checks") + (fail > 0 ? ", " + fail + " FAIL" : "")
        + (warn > 0 ? ", " + warn + " WARN" : "");
  }
}
