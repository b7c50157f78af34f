package io.fleetkit.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.Yaml;

/**
 * Finds every shell script in a synthesized CloudFormation template, wherever AWS runs one, and renders
 * the intrinsics in it into harmless placeholders so that {@code bash -n} and shellcheck can read it:
 * <ul>
 *   <li>EC2 user data: any {@code UserData} property (instances, launch templates, launch configurations,
 *       Spot Fleet launch specifications): a {@code #!} script, or a Windows {@code <powershell>} block;</li>
 *   <li>SSM Command documents: {@code aws:runShellScript} and {@code aws:runPowerShellScript} steps
 *       ({@code runCommand}), and associations or maintenance window tasks of {@code AWS-RunShellScript}
 *       ({@code commands});</li>
 *   <li>Image Builder components: {@code ExecuteBash} and {@code ExecutePowerShell} steps ({@code commands});</li>
 *   <li>CodeBuild build specs: each phase's {@code commands} and {@code finally}.</li>
 * </ul>
 * PowerShell scripts have the shell {@value #POWERSHELL}: they are checked by {@link PowerShell}, never by
 * {@code bash -n} or shellcheck. User data of any other kind (a {@code <script>} batch block, cloud-config) fails.
 * Scripts written by a quoted here-document that starts with {@code #!} (such as the health-check gate
 * that user data installs) are scripts of their own. {@link #unchecked} names any other string that starts
 * with {@code #!}, so a script in a place this class does not know fails a test instead of going unchecked.
 */
public final class ShellScripts {
  /** A script: {@code name} is {@code <stack>-<logical id>[.<part>]}; {@code shell} is "bash" or "sh". */
  public record Script(String name, String shell, String text) {
    /** The file to check: the text, with a shellcheck directive first when a shell script has no #! line. */
    public String file() {
      return text.startsWith("#!") || powerShell() ? text : "# shellcheck shell=" + shell + "\n" + text;
    }

    public boolean powerShell() {
      return POWERSHELL.equals(shell);
    }

    /** The file name extension: .ps1 for PowerShell (so shellcheck's *.sh never reads it), .sh otherwise. */
    public String extension() {
      return powerShell() ? ".ps1" : ".sh";
    }
  }

  /** The shell of Windows PowerShell scripts (aws:runPowerShellScript, ExecutePowerShell, <powershell> user data). */
  public static final String POWERSHELL = "powershell";
  private static final Pattern POWERSHELL_USER_DATA = Pattern.compile("<powershell>(.*)</powershell>\\s*", Pattern.DOTALL);

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern HEREDOC = Pattern.compile("(?<!<)<<(?!<)(-?)[ \\t]*(?:'([A-Za-z_]\\w*)'|\"([A-Za-z_]\\w*)\"|\\\\([A-Za-z_]\\w*)|([A-Za-z_]\\w*))");
  private static final Pattern SUB = Pattern.compile("\\$\\{([^}]*)}");

  private ShellScripts() {}

  /** Every shell script of one stack's template, embedded ones included, in template order. */
  @SuppressWarnings("unchecked")
  public static List<Script> of(String stack, Map<String, Object> template) {
    List<Script> out = new ArrayList<>();
    var resources = (Map<String, Map<String, Object>>) template.getOrDefault("Resources", Map.of());
    resources.forEach((id, resource) -> {
      String type = (String) resource.get("Type");
      var props = (Map<String, Object>) resource.getOrDefault("Properties", Map.of());
      String name = stack + "-" + id;
      List<Object> userData = new ArrayList<>();
      collect(props, "UserData", userData);
      for (int i = 0; i < userData.size(); i++) {
        String text = render(userData.get(i), name + " UserData");
        String scriptName = userData.size() == 1 ? name : name + "." + (i + 1);
        // EC2Launch runs a <powershell> block of Windows user data with PowerShell.
        Matcher windows = POWERSHELL_USER_DATA.matcher(text);
        if (windows.matches()) {
          add(out, new Script(scriptName, POWERSHELL, windows.group(1)));
          continue;
        }
        if (!text.startsWith("#!")) {
          throw new AssertionError(name + ": user data is not a #! script (" + firstLine(text) + "); teach ShellScripts to"
              + " read it so it is checked");
        }
        add(out, new Script(scriptName, shellOf(text, null), text));
      }
      switch (type) {
        case "AWS::SSM::Document" -> {
          Object content = yaml(props.get("Content"), name);
          steps(content, "aws:runShellScript", "runCommand")
              .forEach((step, text) -> add(out, new Script(name + "." + step, shellOf(text, "sh"), text)));
          steps(content, "aws:runPowerShellScript", "runCommand")
              .forEach((step, text) -> add(out, new Script(name + "." + step, POWERSHELL, text)));
        }
        case "AWS::SSM::Association" -> {
          if ("AWS-RunShellScript".equals(props.get("Name"))) runShellScript(out, name, props.get("Parameters"));
        }
        case "AWS::SSM::MaintenanceWindowTask" -> {
          if ("AWS-RunShellScript".equals(props.get("TaskArn"))) {
            var invocation = (Map<String, Object>) props.getOrDefault("TaskInvocationParameters", Map.of());
            var run = (Map<String, Object>) invocation.getOrDefault("MaintenanceWindowRunCommandParameters", Map.of());
            runShellScript(out, name, run.get("Parameters"));
          }
        }
        // Image Builder runs ExecuteBash commands with bash:
        // https://docs.aws.amazon.com/imagebuilder/latest/userguide/toe-action-modules.html
        case "AWS::ImageBuilder::Component" -> {
          Object data = yaml(props.get("Data"), name);
          steps(data, "ExecuteBash", "commands")
              .forEach((step, text) -> add(out, new Script(name + "." + step, shellOf(text, "bash"), text)));
          steps(data, "ExecutePowerShell", "commands")
              .forEach((step, text) -> add(out, new Script(name + "." + step, POWERSHELL, text)));
        }
        case "AWS::CodeBuild::Project" -> buildSpec(out, name, props);
        default -> { }
      }
    });
    return out;
  }

  /** Template paths of strings that start with #! outside every place {@link #of} reads. */
  @SuppressWarnings("unchecked")
  public static List<String> unchecked(String stack, Map<String, Object> template) {
    List<String> out = new ArrayList<>();
    var resources = (Map<String, Map<String, Object>>) template.getOrDefault("Resources", Map.of());
    resources.forEach((id, resource) -> {
      List<String> found = new ArrayList<>();
      shebangs(resource, "", found);
      String read = READ.getOrDefault((String) resource.get("Type"), "(?!)");
      found.stream().filter(p -> !p.matches("/Properties(/.*)?/UserData(/.*)?") && !p.matches(read + "(/.*)?"))
          .forEach(p -> out.add(stack + "/" + id + p));
    });
    return out;
  }

  /** Where {@link #of} reads scripts in each resource type besides UserData. */
  private static final Map<String, String> READ = Map.of(
      "AWS::SSM::Document", "/Properties/Content",
      "AWS::SSM::Association", "/Properties/Parameters/commands",
      "AWS::SSM::MaintenanceWindowTask",
      "/Properties/TaskInvocationParameters/MaintenanceWindowRunCommandParameters/Parameters/commands",
      "AWS::ImageBuilder::Component", "/Properties/Data",
      "AWS::CodeBuild::Project", "/Properties/Source/BuildSpec");

  /** The text of a CloudFormation value: Fn::Join, Fn::Sub, Ref, Fn::GetAtt and Fn::Base64 become text or placeholders. */
  @SuppressWarnings("unchecked")
  public static String render(Object value, String where) {
    if (value instanceof String s) return s;
    if (value instanceof Number || value instanceof Boolean) return String.valueOf(value);
    if (value instanceof Map<?, ?> map && map.size() == 1) {
      var e = map.entrySet().iterator().next();
      Object arg = e.getValue();
      switch ((String) e.getKey()) {
        case "Fn::Base64":
          return render(arg, where);
        case "Fn::Join": {
          var args = (List<Object>) arg;
          StringBuilder b = new StringBuilder();
          var parts = (List<Object>) args.get(1);
          for (int i = 0; i < parts.size(); i++) b.append(i == 0 ? "" : (String) args.get(0)).append(render(parts.get(i), where));
          return b.toString();
        }
        case "Ref":
          return placeholder("REF", (String) arg);
        case "Fn::GetAtt":
          return placeholder("ATT", arg instanceof List<?> l ? l.get(0) + "." + l.get(1) : (String) arg);
        case "Fn::Sub":
          return sub(arg, where);
        default:
          break;
      }
    }
    throw new AssertionError("cannot render " + json(value) + " in " + where + " as script text; teach ShellScripts.render");
  }

  /** What {@code bash -n} says about a script file: "" when it parses (a warning counts as a failure). */
  public static String bashSyntax(java.nio.file.Path file) throws java.io.IOException, InterruptedException {
    Process p = new ProcessBuilder("bash", "-n", file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "bash -n did not finish";
    }
    return p.exitValue() == 0 && out.isEmpty() ? "" : "exit " + p.exitValue() + ": " + out;
  }

  /** Quoted here-documents of {@code script} whose text starts with #!, each a script of its own. */
  public static List<Script> embedded(Script script) {
    List<Script> out = new ArrayList<>();
    List<String> lines = script.text().lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      Matcher m = HEREDOC.matcher(lines.get(i));
      int next = i + 1;
      while (m.find()) {
        boolean stripTabs = !m.group(1).isEmpty();
        String delimiter = m.group(2) != null ? m.group(2) : m.group(3) != null ? m.group(3) : m.group(4) != null ? m.group(4) : m.group(5);
        boolean quoted = m.group(5) == null;
        StringBuilder body = new StringBuilder();
        int j = next;
        while (j < lines.size() && !(stripTabs ? lines.get(j).replaceFirst("^\t+", "") : lines.get(j)).equals(delimiter)) {
          body.append(stripTabs ? lines.get(j).replaceFirst("^\t+", "") : lines.get(j)).append('\n');
          j++;
        }
        if (j == lines.size()) throw new AssertionError(script.name() + ": here-document " + delimiter + " is never closed");
        next = j + 1;
        if (body.toString().startsWith("#!")) {
          if (!quoted) {
            throw new AssertionError(script.name() + ": the script in here-document " + delimiter + " is expanded when it"
                + " is written; quote the delimiter (<<'" + delimiter + "') so it is written as it is checked");
          }
          String text = body.toString();
          add(out, new Script(script.name() + "." + delimiter.toLowerCase(), shellOf(text, null), text));
        }
      }
      i = next - 1;
    }
    return out;
  }

  private static void add(List<Script> out, Script script) {
    if (script.shell() == null) return; // a #! line for another interpreter: not a shell script
    out.add(script);
    if (!script.powerShell()) out.addAll(embedded(script)); // here-documents are a shell's
  }

  /** "bash" or "sh" from the #! line, {@code fallback} without one, null for another interpreter. */
  static String shellOf(String text, String fallback) {
    if (!text.startsWith("#!")) return fallback;
    String[] words = firstLine(text).substring(2).trim().split("\\s+");
    String program = words[0].endsWith("/env") && words.length > 1 ? words[1] : words[0];
    program = program.substring(program.lastIndexOf('/') + 1);
    return program.equals("bash") || program.equals("sh") ? program : null;
  }

  @SuppressWarnings("unchecked")
  private static void runShellScript(List<Script> out, String name, Object parameters) {
    if (parameters instanceof Map<?, ?> p && p.get("commands") != null) {
      String text = commands(p.get("commands"), name);
      // Run Command runs the commands with sh unless they start with a #! line (AWS-RunShellScript).
      add(out, new Script(name, shellOf(text, "sh"), text));
    }
  }

  /** CodeBuild runs buildspec commands with sh unless env.shell says otherwise:
   * https://docs.aws.amazon.com/codebuild/latest/userguide/build-env-ref-cmd.html */
  @SuppressWarnings("unchecked")
  private static void buildSpec(List<Script> out, String name, Map<String, Object> props) {
    var source = (Map<String, Object>) props.getOrDefault("Source", Map.of());
    if (source.get("BuildSpec") == null) return;
    var spec = (Map<String, Object>) yaml(source.get("BuildSpec"), name);
    var env = (Map<String, Object>) spec.getOrDefault("env", Map.of());
    String shell = env.get("shell") == null ? "sh" : String.valueOf(env.get("shell"));
    var phases = (Map<String, Map<String, Object>>) spec.getOrDefault("phases", Map.of());
    phases.forEach((phase, body) -> {
      for (String key : List.of("commands", "finally")) {
        if (body.get(key) == null) continue;
        String part = key.equals("commands") ? phase : phase + "-finally";
        add(out, new Script(name + "." + part, shell, commands(body.get(key), name)));
      }
    });
  }

  /** Steps with {@code action}: their name and their {@code inputs.<key>} joined into one script. */
  @SuppressWarnings("unchecked")
  private static Map<String, String> steps(Object document, String action, String key) {
    Map<String, String> out = new java.util.LinkedHashMap<>();
    walk(document, node -> {
      if (node instanceof Map<?, ?> m && action.equals(m.get("action")) && m.get("inputs") instanceof Map<?, ?> in
          && in.get(key) != null) {
        out.put(String.valueOf(m.get("name")), commands(in.get(key), String.valueOf(m.get("name"))));
      }
    });
    return out;
  }

  private static String commands(Object value, String where) {
    if (value instanceof List<?> list) {
      StringBuilder b = new StringBuilder();
      for (Object line : list) b.append(render(line, where)).append('\n');
      return b.toString();
    }
    return render(value, where);
  }

  private static Object yaml(Object value, String where) {
    if (value == null || value instanceof Map) return value;
    return new Yaml().load(render(value, where));
  }

  private static String sub(Object arg, String where) {
    String text;
    Map<?, ?> vars = Map.of();
    if (arg instanceof List<?> l) {
      text = (String) l.get(0);
      vars = (Map<?, ?>) l.get(1);
    } else {
      text = (String) arg;
    }
    Matcher m = SUB.matcher(text);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String replacement = name.startsWith("!") ? "${" + name.substring(1) + "}"
          : vars.containsKey(name) ? render(vars.get(name), where)
          : placeholder(name.contains(".") ? "ATT" : "REF", name);
      m.appendReplacement(b, Matcher.quoteReplacement(replacement));
    }
    return m.appendTail(b).toString();
  }

  /** A word that is harmless wherever it lands in a script, such as fkREF_DatabasePassword246019AA. */
  static String placeholder(String kind, String name) {
    return "fk" + kind + "_" + name.replaceAll("[^A-Za-z0-9]", "_");
  }

  @SuppressWarnings("unchecked")
  private static void collect(Object node, String key, List<Object> out) {
    if (node instanceof Map<?, ?> m) {
      m.forEach((k, v) -> {
        if (key.equals(k)) out.add(v);
        else collect(v, key, out);
      });
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collect(v, key, out));
    }
  }

  private static void walk(Object node, java.util.function.Consumer<Object> visit) {
    visit.accept(node);
    if (node instanceof Map<?, ?> m) m.values().forEach(v -> walk(v, visit));
    else if (node instanceof List<?> l) l.forEach(v -> walk(v, visit));
  }

  private static void shebangs(Object node, String path, List<String> out) {
    if (node instanceof String s && s.startsWith("#!")) out.add(path);
    else if (node instanceof Map<?, ?> m) m.forEach((k, v) -> shebangs(v, path + "/" + k, out));
    else if (node instanceof List<?> l) for (int i = 0; i < l.size(); i++) shebangs(l.get(i), path + "/" + i, out);
  }

  private static String firstLine(String text) {
    int nl = text.indexOf('\n');
    return nl < 0 ? text : text.substring(0, nl);
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      return String.valueOf(value);
    }
  }
}
