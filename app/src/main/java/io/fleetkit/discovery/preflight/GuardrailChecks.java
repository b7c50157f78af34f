package io.fleetkit.discovery.preflight;

import io.fleetkit.discovery.Pages;
import io.fleetkit.stacks.guardrails.DeployPath;
import io.fleetkit.stacks.guardrails.GuardrailsPlan;
import io.fleetkit.stacks.guardrails.ScpEvaluator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.ContextEntry;
import software.amazon.awssdk.services.iam.model.ContextKeyTypeEnum;
import software.amazon.awssdk.services.iam.model.EvaluationResult;
import software.amazon.awssdk.services.organizations.OrganizationsClient;
import software.amazon.awssdk.services.organizations.model.ListPoliciesForTargetResponse;
import software.amazon.awssdk.services.organizations.model.Parent;
import software.amazon.awssdk.services.organizations.model.ParentType;
import software.amazon.awssdk.services.organizations.model.PolicySummary;
import software.amazon.awssdk.services.organizations.model.PolicyType;

/**
 * Organizations guardrails: the SCPs that reach the deploy account (its own, its OUs' and the root's:
 * organizations:ListParents, ListPoliciesForTarget, DescribePolicy), each step of fleetkit's deploy path
 * ({@link DeployPath}) checked against every Deny statement of them and of the SCPs the guardrails stack would
 * attach, with the IAM policy simulator (iam:SimulatePrincipalPolicy reports whether Organizations allows the
 * bootstrap role's call; iam:SimulateCustomPolicy decides statements fleetkit's evaluator does not), and the
 * number of SCPs per target against project.limits.scps_per_target.
 */
public final class GuardrailChecks {
  /** A root, five levels of OUs, the account (AWS Organizations quotas: OU nesting depth 5). */
  static final int MAX_DEPTH = 7;
  /** The AWS managed SCP attached everywhere by default; it allows everything, so it is not read. */
  static final String FULL_ACCESS = "p-FullAWSAccess";

  private GuardrailChecks() {}

  /** What Organizations said: the targets from the account up to the root, their SCPs, and where each is attached. */
  private record Read(List<String> chain, List<ScpDocument> documents, Map<String, String> where) {}

  public static void check(Probe p, Deployment d, String account) {
    String scope = "account";
    OrganizationsClient org = p.client(OrganizationsClient::builder, d.region());
    Optional<String> management = p.call(scope, "organization", "organizations", "DescribeOrganization",
        () -> Optional.of(org.describeOrganization().organization().masterAccountId()),
        e -> e.startsWith("AWSOrganizationsNotInUseException") ? Optional.of(Optional.<String>empty()) : Optional.empty())
        .orElse(null);
    if (management != null && management.isEmpty()) {
      p.add(Check.pass(scope, "organization", "account " + account + " is in no organization: no SCP applies"));
      return;
    }
    if (management != null && management.get().equals(account)) {
      p.add(Check.pass(scope, "organization", "account " + account + " is the management account: SCPs do not apply to it"));
      return;
    }
    Optional<GuardrailsPlan> planned = d.plan("guardrails", GuardrailsPlan.class);
    // Without Organizations (a member account may not read it) the simulator still says whether an SCP denies.
    Optional<Read> read = management == null ? Optional.empty() : read(p, d, org, scope, account, planned);
    List<ScpDocument> fleetkit = new ArrayList<>();
    read.ifPresent(r -> planned.ifPresent(g -> g.policies().stream()
        .filter(x -> x.targetIds().stream().anyMatch(r.chain()::contains))
        .filter(x -> r.documents().stream().noneMatch(doc -> doc.name().equals(x.name())))
        .forEach(x -> fleetkit.add(ScpDocument.parse("(not attached yet)", x.name(), x.content())))));
    IamClient iam = p.client(IamClient::builder, d.region());
    List<String> names = d.stacks().stream().map(Deployment.Stack::name).toList();
    for (DeployPath.Step step : DeployPath.of(d.config(), account, d.region())) {
      if (step.stacks().stream().noneMatch(names::contains)) continue;
      new StepCheck(p, d, scope, step, iam, read.map(Read::where).orElse(Map.of()), planned)
          .run(read.map(Read::documents), fleetkit);
    }
  }

  /** The SCPs on the account, its OUs and the root, and the count check; empty (a WARN or FAIL said why) if unreadable. */
  private static Optional<Read> read(Probe p, Deployment d, OrganizationsClient org, String scope, String account,
      Optional<GuardrailsPlan> planned) {
    List<String> chain = new ArrayList<>(List.of(account));
    String child = account;
    for (int depth = 0; depth < MAX_DEPTH; depth++) {
      String c = child;
      Optional<List<Parent>> parents = p.call(scope, "organization", "organizations", "ListParents",
          () -> org.listParents(r -> r.childId(c)).parents());
      if (parents.isEmpty()) return Optional.empty();
      if (parents.get().isEmpty()) break;
      Parent parent = parents.get().get(0);
      chain.add(parent.id());
      if (parent.type() == ParentType.ROOT) break;
      child = parent.id();
    }
    Map<String, List<PolicySummary>> attached = new LinkedHashMap<>();
    for (String target : chain) {
      Optional<List<PolicySummary>> list = list(p, org, scope, target);
      if (list.isEmpty()) return Optional.empty();
      attached.put(target, list.get());
    }
    // The guardrails stack's own targets elsewhere in the organization: its deploy fails past their SCP quota too.
    Map<String, List<PolicySummary>> counted = new LinkedHashMap<>(attached);
    planned.ifPresent(g -> g.policies().stream().flatMap(x -> x.targetIds().stream()).distinct()
        .filter(t -> !counted.containsKey(t))
        .forEach(t -> list(p, org, scope, t).ifPresent(l -> counted.put(t, l))));
    counts(p, d, scope, counted, planned);
    List<ScpDocument> documents = new ArrayList<>();
    Map<String, String> where = new LinkedHashMap<>();
    for (var e : attached.entrySet()) {
      for (PolicySummary s : e.getValue()) {
        if (s.id().equals(FULL_ACCESS) || where.containsKey(s.id())) continue;
        where.put(s.id(), e.getKey());
        Optional<String> content = p.call(scope, "scp " + s.name(), "organizations", "DescribePolicy",
            () -> org.describePolicy(r -> r.policyId(s.id())).policy().content());
        if (content.isEmpty()) return Optional.empty();
        documents.add(ScpDocument.parse(s.id(), s.name(), content.get()));
      }
    }
    return Optional.of(new Read(chain, documents, where));
  }

  /** The SCPs attached to {@code target}, every page. */
  private static Optional<List<PolicySummary>> list(Probe p, OrganizationsClient org, String scope, String target) {
    List<PolicySummary> list = new ArrayList<>();
    // A target holds at most a handful of SCPs (project.limits.scps_per_target): 100 pages end a looping service.
    return p.call(scope, "scp " + target, "organizations", "ListPoliciesForTarget",
        () -> Pages.each("organizations:ListPoliciesForTarget", 100, token -> org.listPoliciesForTarget(r -> r
            .targetId(target).filter(PolicyType.SERVICE_CONTROL_POLICY).nextToken(token)),
            ListPoliciesForTargetResponse::nextToken, page -> list.addAll(page.policies()))).map(pages -> list);
  }

  /** SCPs per target: those attached now, plus those fleetkit would add, within project.limits.scps_per_target. */
  private static void counts(Probe p, Deployment d, String scope, Map<String, List<PolicySummary>> attached,
      Optional<GuardrailsPlan> planned) {
    int limit = d.config().project().limits().scpsPerTarget();
    attached.forEach((target, list) -> {
      long adding = planned.map(g -> g.policies().stream().filter(x -> x.targetIds().contains(target))
          .filter(x -> list.stream().noneMatch(a -> a.name().equals(x.name()))).count()).orElse(0L);
      long total = list.size() + adding;
      String what = target + " has " + list.size() + " SCP(s) attached" + (adding > 0 ? ", fleetkit-guardrails adds "
          + adding : "") + " (limit " + limit + ", project.limits.scps_per_target)";
      p.add(total <= limit ? Check.pass(scope, "scp count " + target, what)
          : Check.fail(scope, "scp count " + target, what, "detach an SCP from " + target + " or merge two, or fewer"
              + " guardrails policies on it (guardrails.*.targets)"));
    });
  }

  /** One deploy step against the statements that reach the account, then the simulator. */
  private record StepCheck(Probe p, Deployment d, String scope, DeployPath.Step step, IamClient iam,
      Map<String, String> where, Optional<GuardrailsPlan> planned) {
    void run(Optional<List<ScpDocument>> read, List<ScpDocument> fleetkit) {
      List<ScpDocument> attached = read.orElse(List.of());
      String name = "scp " + step.id();
      var request = step.request();
      String call = request.action() + " by " + request.principalArn().substring(request.principalArn().indexOf('/') + 1);
      List<String> denials = new ArrayList<>();
      List<String> fixes = new ArrayList<>();
      for (ScpDocument doc : attached) {
        for (ScpDocument.Deny deny : doc.denies()) {
          if (!denied(deny, request)) continue;
          denials.add("statement " + deny.sid() + " of SCP " + doc.name() + " (" + doc.id() + ", attached to "
              + where.get(doc.id()) + ")");
          fixes.add(fix(doc, deny));
        }
      }
      int attachedDenials = denials.size();
      for (ScpDocument doc : fleetkit) {
        for (ScpDocument.Deny deny : doc.denies()) {
          if (!denied(deny, request)) continue;
          denials.add("statement " + deny.sid() + " of SCP " + doc.name() + " once fleetkit-guardrails attaches it");
          fixes.add(step.fix());
        }
      }
      Optional<Boolean> orgAllows = simulate(name);
      // guardrails.deploy_check.accept accepts a denial by fleetkit's own SCPs only, never one in force now.
      boolean accepted = attachedDenials == 0 && d.config().guardrails().deployCheck().accept().contains(step.id());
      if (!denials.isEmpty()) {
        String what = step.what() + " (" + call + ") is denied by " + String.join("; ", denials)
            + (orgAllows.isPresent() && !orgAllows.get() ? "; the IAM policy simulator agrees" : "");
        String fix = String.join("; or ", fixes.stream().distinct().toList());
        p.add(accepted ? Check.warn(scope, name, what + " (accepted: guardrails.deploy_check.accept)", fix)
            : Check.fail(scope, name, what, fix));
      } else if (orgAllows.isPresent() && !orgAllows.get()) {
        p.add(Check.fail(scope, name, step.what() + " (" + call + ") is denied by an SCP, says the IAM policy simulator"
            + " (no statement readable here names it)", "read the SCPs of the account's OUs with the management account,"
            + " and exempt " + request.principalArn() + " (ArnNotLike aws:PrincipalArn)"));
      } else if (read.isPresent()) {
        p.add(Check.pass(scope, name, call + ": no SCP statement denies it (" + attached.size() + " SCP(s) read"
            + (orgAllows.isPresent() ? ", simulator: allowed by Organizations" : "") + ")"));
      } else if (orgAllows.isPresent()) {
        p.add(Check.pass(scope, name, call + ": allowed by Organizations, says the IAM policy simulator (the SCPs"
            + " themselves could not be read)"));
      }
    }

    private boolean denied(ScpDocument.Deny deny, ScpEvaluator.Request request) {
      if (deny.local().isPresent()) return ScpEvaluator.denies(deny.local().get(), request);
      return p.call(scope, "scp " + step.id(), "iam", "SimulateCustomPolicy", () -> iam.simulateCustomPolicy(r -> r
              .policyInputList(ScpDocument.simulated(deny)).actionNames(request.action())
              .resourceArns(request.resource()).contextEntries(context(request))).evaluationResults())
          .map(results -> results.stream().anyMatch(x -> x.evalDecisionAsString().equals("explicitDeny")))
          .orElse(false);
    }

    /** Whether Organizations allows the step's call, by the simulator; empty when it cannot say. */
    private Optional<Boolean> simulate(String name) {
      var request = step.request();
      if (request.principalArn().contains(DeployPath.UNKNOWN_TEXT)) return Optional.empty();
      Optional<List<EvaluationResult>> results = p.call(scope, name, "iam", "SimulatePrincipalPolicy",
          () -> iam.simulatePrincipalPolicy(r -> r.policySourceArn(request.principalArn()).actionNames(request.action())
              .resourceArns(request.resource()).contextEntries(context(request))).evaluationResults(),
          e -> e.startsWith("NoSuchEntity") ? Optional.of(List.of()) : Optional.empty());
      return results.flatMap(list -> list.stream().findFirst())
          .flatMap(r -> Optional.ofNullable(r.organizationsDecisionDetail()))
          .flatMap(o -> Optional.ofNullable(o.allowedByOrganizations()));
    }

    private String fix(ScpDocument doc, ScpDocument.Deny deny) {
      Optional<GuardrailsPlan.Policy> ours = planned.flatMap(g -> g.policies().stream()
          .filter(x -> x.name().equals(doc.name())).findFirst());
      String prefix = d.config().project().prefix();
      if (ours.isPresent()) {
        boolean stillDenies = ScpDocument.parse(doc.id(), doc.name(), ours.get().content()).denies().stream()
            .anyMatch(x -> x.local().isPresent() && ScpEvaluator.denies(x.local().get(), step.request()));
        return stillDenies ? step.fix() + ", then npx cdk deploy " + prefix + "-guardrails"
            : "npx cdk deploy " + prefix + "-guardrails first: the attached " + doc.name() + " predates this config's "
                + step.fix();
      }
      if (doc.name().startsWith(prefix + "-")) {
        return step.fix() + ", then deploy the guardrails stack that attached " + doc.name();
      }
      return "ask the owner of " + doc.name() + " to exempt " + step.request().principalArn() + " in statement "
          + deny.sid() + " (Condition ArnNotLike aws:PrincipalArn)";
    }
  }

  private static List<ContextEntry> context(ScpEvaluator.Request request) {
    List<ContextEntry> out = new ArrayList<>();
    out.add(entry("aws:PrincipalArn", request.principalArn()));
    request.context().forEach((k, v) -> {
      if (!v.contains(DeployPath.UNKNOWN_TEXT)) out.add(entry(k, v));
    });
    return out;
  }

  private static ContextEntry entry(String key, String value) {
    return ContextEntry.builder().contextKeyName(key).contextKeyValues(value).contextKeyType(ContextKeyTypeEnum.STRING).build();
  }
}
