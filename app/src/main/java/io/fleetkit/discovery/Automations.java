package io.fleetkit.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.AutomationExecution;
import software.amazon.awssdk.services.ssm.model.StepExecution;

/**
 * Starts an SSM Automation runbook and follows one execution to its end: GetAutomationExecution every interval,
 * a progress line whenever a step's status changes, and a deadline after which it stops following (the execution
 * goes on in AWS). Any runbook; the root restore command is one user.
 */
public final class Automations {
  // AutomationExecutionStatus values after which nothing changes (Systems Manager API Reference, AutomationExecution).
  static final Set<String> ENDED = Set.of("Success", "CompletedWithSuccess", "Failed", "CompletedWithFailure",
      "TimedOut", "Cancelled", "Rejected", "ChangeCalendarOverrideRejected", "Exited");
  static final Set<String> SUCCEEDED = Set.of("Success", "CompletedWithSuccess");

  private final SsmClient ssm;
  private final ApiCalls calls;

  public Automations(SsmClient ssm, ApiCalls calls) {
    this.ssm = ssm;
    this.calls = calls;
  }

  /** One step as GetAutomationExecution reports it. */
  public record Step(String name, String action, String status, String failureMessage, Map<String, List<String>> outputs) {}

  /**
   * Where an execution stands.
   *
   * @param ended whether the status is final; false when the deadline came first
   * @param outputs the runbook's outputs (step.Output → values)
   */
  public record Execution(String id, String status, boolean ended, String failureMessage, List<Step> steps,
      Map<String, List<String>> outputs) {
    public boolean succeeded() {
      return ended && SUCCEEDED.contains(status);
    }

    /** The first step that failed, timed out or was cancelled, if any. */
    public Optional<Step> failedStep() {
      return steps.stream().filter(s -> Set.of("Failed", "TimedOut", "Cancelled").contains(s.status())).findFirst();
    }
  }

  /** StartAutomationExecution of {@code document} (its default version) with {@code parameters}; returns the execution ID. */
  public String start(String document, Map<String, List<String>> parameters) {
    return calls.call("ssm", "StartAutomationExecution", () -> ssm.startAutomationExecution(r -> r
        .documentName(document).parameters(parameters))).automationExecutionId();
  }

  /**
   * Polls through {@link Poller} (a fixed {@code interval}) until the execution ends or {@code timeout} has passed,
   * reporting each step whose status changed since the last poll ("step checkRunning
   * (aws:assertAwsResourceProperty): Success"). Past the deadline it returns the last answer, not ended.
   *
   * @param nanoTime the monotonic clock the deadline counts poll time by ({@code System::nanoTime})
   */
  public Execution follow(String id, Duration timeout, Duration interval, Poller.Sleeper sleeper, LongSupplier nanoTime,
      Consumer<String> progress) {
    Map<String, String> seen = new LinkedHashMap<>();
    List<Execution> last = new ArrayList<>(1);
    try {
      return new Poller(interval, interval, timeout).poll(elapsed -> {
        Execution e = get(id);
        for (Step s : e.steps()) {
          if (s.status().equals("Pending") || s.status().equals(seen.get(s.name()))) continue;
          seen.put(s.name(), s.status());
          progress.accept("  step " + s.name() + " (" + s.action() + "): " + s.status()
              + (s.failureMessage().isEmpty() ? "" : ": " + s.failureMessage()));
        }
        last.clear();
        last.add(e);
        return e.ended() ? Optional.of(e) : Optional.empty();
      }, sleeper, nanoTime);
    } catch (Poller.DeadlineException ex) {
      return last.get(0);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new DiscoveryException("interrupted while following automation execution " + id, ex);
    }
  }

  /** One GetAutomationExecution. */
  public Execution get(String id) {
    AutomationExecution a = calls.call("ssm", "GetAutomationExecution",
        () -> ssm.getAutomationExecution(r -> r.automationExecutionId(id))).automationExecution();
    if (a == null || a.automationExecutionStatusAsString() == null) {
      throw new DiscoveryException.MalformedResponseException("ssm:GetAutomationExecution returned no status for " + id, null);
    }
    List<Step> steps = new ArrayList<>();
    for (StepExecution s : a.stepExecutions()) {
      steps.add(new Step(s.stepName(), String.valueOf(s.action()), String.valueOf(s.stepStatusAsString()),
          s.failureMessage() == null ? "" : s.failureMessage(), new TreeMap<>(s.outputs())));
    }
    String status = a.automationExecutionStatusAsString();
    return new Execution(id, status, ENDED.contains(status), a.failureMessage() == null ? "" : a.failureMessage(),
        List.copyOf(steps), new TreeMap<>(a.outputs()));
  }
}
