package io.fleetkit.constructs;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The content of an SSM Automation runbook (schema 0.3), written step by step in the order it runs, for
 * {@link SsmDocument}. Every step that calls AWS takes a timeout, so no wait is left at Automation's default of an
 * hour. Shapes follow the Systems Manager Automation actions reference: "Properties shared by all actions" (name,
 * action, timeoutSeconds, maxAttempts, onFailure, nextStep, isEnd), {@code aws:executeAwsApi} (Service, Api, the
 * API's inputs, outputs of Name, Selector, Type), {@code aws:waitForAwsResourceProperty} and
 * {@code aws:assertAwsResourceProperty} (PropertySelector, DesiredValues), {@code aws:branch} (Choices of NextStep,
 * Variable and an operation such as StartsWith; Default).
 */
public final class AutomationRunbook {
  /** The parameter that carries the role Automation assumes; the runbook's assumeRole reads it. */
  public static final String ASSUME_ROLE_PARAMETER = "AutomationAssumeRole";
  /** Automation variable of the running execution (Automation system variables). */
  public static final String EXECUTION_ID = "{{automation:EXECUTION_ID}}";

  private final String description;
  private final Map<String, Object> parameters = new LinkedHashMap<>();
  private final List<Step> steps = new ArrayList<>();
  private final List<String> outputs = new ArrayList<>();
  private Object assumeRoleArn;

  public AutomationRunbook(String description) {
    this.description = description;
  }

  /** A parameter callers set; {@code defaultValue} and {@code allowedPattern} may be null. */
  public AutomationRunbook parameter(String name, String type, String text, Object defaultValue, String allowedPattern) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("type", type);
    p.put("description", text);
    if (defaultValue != null) p.put("default", defaultValue);
    if (allowedPattern != null) p.put("allowedPattern", allowedPattern);
    if (parameters.put(name, p) != null) throw new IllegalArgumentException("parameter " + name + " twice");
    return this;
  }

  /**
   * The role the runbook runs as: parameter {@value #ASSUME_ROLE_PARAMETER} with {@code roleArn} as its default. A
   * caller who passes it needs iam:PassRole on it, as with any Automation service role.
   */
  public AutomationRunbook assumeRole(Object roleArn) {
    assumeRoleArn = roleArn;
    return parameter(ASSUME_ROLE_PARAMETER, "String", "The IAM role Automation assumes to run this runbook.", roleArn,
        null);
  }

  public Step executeAwsApi(String name, String service, String api, Map<String, Object> apiInputs, int timeoutSeconds) {
    return add(name, "aws:executeAwsApi", service, api, apiInputs, timeoutSeconds);
  }

  /** Waits until the property at {@code selector} is one of {@code desired}; fails when {@code timeoutSeconds} pass. */
  public Step waitFor(String name, String service, String api, Map<String, Object> apiInputs, String selector,
      List<String> desired, int timeoutSeconds) {
    Step s = add(name, "aws:waitForAwsResourceProperty", service, api, apiInputs, timeoutSeconds);
    s.inputs.put("PropertySelector", selector);
    s.inputs.put("DesiredValues", List.copyOf(desired));
    return s;
  }

  /** Fails the step (and, by default, the automation) unless the property at {@code selector} is one of {@code desired}. */
  public Step assertThat(String name, String service, String api, Map<String, Object> apiInputs, String selector,
      List<String> desired, int timeoutSeconds) {
    Step s = add(name, "aws:assertAwsResourceProperty", service, api, apiInputs, timeoutSeconds);
    s.inputs.put("PropertySelector", selector);
    s.inputs.put("DesiredValues", List.copyOf(desired));
    return s;
  }

  /** Jumps to the first choice whose condition holds, else to {@code defaultStep}. */
  public Step branch(String name, List<Map<String, Object>> choices, String defaultStep) {
    Step s = new Step(name, "aws:branch");
    s.inputs.put("Choices", List.copyOf(choices));
    s.inputs.put("Default", defaultStep);
    steps.add(s);
    return s;
  }

  /** A choice of {@link #branch}: {@code operation} is StringEquals, StartsWith, BooleanEquals and so on. */
  public static Map<String, Object> choice(String nextStep, String variable, String operation, Object value) {
    Map<String, Object> c = new LinkedHashMap<>();
    c.put("NextStep", nextStep);
    c.put("Variable", variable);
    c.put(operation, value);
    return c;
  }

  /** A runbook output, {@code step.Output}. */
  public AutomationRunbook output(String stepOutput) {
    outputs.add(stepOutput);
    return this;
  }

  private Step add(String name, String action, String service, String api, Map<String, Object> apiInputs, int timeoutSeconds) {
    if (timeoutSeconds < 1) throw new IllegalArgumentException(name + ": a step that calls AWS needs a timeout");
    Step s = new Step(name, action);
    s.step.put("timeoutSeconds", timeoutSeconds);
    s.inputs.put("Service", service);
    s.inputs.put("Api", api);
    s.inputs.putAll(apiInputs);
    steps.add(s);
    return s;
  }

  /** The document content as CloudFormation takes it (Content of AWS::SSM::Document, format JSON). */
  public Map<String, Object> content() {
    Set<String> names = new LinkedHashSet<>();
    for (Step s : steps) {
      if (!names.add(s.name)) throw new IllegalStateException("step " + s.name + " twice");
    }
    for (Step s : steps) {
      for (String target : s.targets()) {
        if (!names.contains(target)) throw new IllegalStateException(s.name + " goes to " + target + ", which is no step");
      }
    }
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("schemaVersion", "0.3");
    doc.put("description", description);
    if (assumeRoleArn != null) doc.put("assumeRole", "{{" + ASSUME_ROLE_PARAMETER + "}}");
    doc.put("parameters", Collections.unmodifiableMap(new LinkedHashMap<>(parameters)));
    doc.put("mainSteps", steps.stream().map(Step::render).toList());
    if (!outputs.isEmpty()) doc.put("outputs", List.copyOf(outputs));
    return Collections.unmodifiableMap(doc);
  }

  /** One step; its setters return it, so a step reads as one expression. */
  public static final class Step {
    private final String name;
    private final Map<String, Object> step = new LinkedHashMap<>();
    private final Map<String, Object> inputs = new LinkedHashMap<>();
    private final List<Map<String, Object>> outputs = new ArrayList<>();

    private Step(String name, String action) {
      this.name = name;
      step.put("name", name);
      step.put("action", action);
    }

    /** An output of an aws:executeAwsApi step: the JSONPath {@code selector} into the response, as {@code type}. */
    public Step output(String outputName, String selector, String type) {
      Map<String, Object> o = new LinkedHashMap<>();
      o.put("Name", outputName);
      o.put("Selector", selector);
      o.put("Type", type);
      outputs.add(o);
      return this;
    }

    public Step next(String stepName) {
      step.put("nextStep", stepName);
      return this;
    }

    public Step end() {
      step.put("isEnd", true);
      return this;
    }

    public Step maxAttempts(int attempts) {
      step.put("maxAttempts", attempts);
      return this;
    }

    List<String> targets() {
      List<String> out = new ArrayList<>();
      if (step.get("nextStep") instanceof String n) out.add(n);
      if (inputs.get("Default") instanceof String d) out.add(d);
      if (inputs.get("Choices") instanceof List<?> choices) {
        for (Object c : choices) out.add((String) ((Map<?, ?>) c).get("NextStep"));
      }
      return out;
    }

    Map<String, Object> render() {
      Map<String, Object> out = new LinkedHashMap<>(step);
      Object end = out.remove("isEnd");
      Object next = out.remove("nextStep");
      out.put("inputs", Collections.unmodifiableMap(new LinkedHashMap<>(inputs)));
      if (!outputs.isEmpty()) out.put("outputs", List.copyOf(outputs));
      if (next != null) out.put("nextStep", next);
      if (end != null) out.put("isEnd", end);
      return Collections.unmodifiableMap(out);
    }
  }
}
