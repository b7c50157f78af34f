package io.fleetkit.stacks.dashboard.body;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds metric widgets. Series are added as groups that stay together (a metric math expression
 * with its inputs); a graph with more metrics than a widget may hold becomes several widgets,
 * titled "(1/n)", "(2/n)", never splitting a group.
 */
public final class Graph {
  private static final JsonNodeFactory F = JsonNodeFactory.instance;

  /** A CloudWatch metric; dimensions are name, value pairs in the order given. */
  public record Metric(String namespace, String name, List<String> dimensions, String label, String stat,
      Integer period, boolean rightAxis, boolean visible) {
    public Metric {
      dimensions = List.copyOf(dimensions);
      if (dimensions.size() % 2 != 0) throw new IllegalArgumentException("dimensions are name, value pairs");
    }

    public static Metric of(String namespace, String name, String label, String... dimensions) {
      return new Metric(namespace, name, List.of(dimensions), label, null, null, false, true);
    }

    public Metric stat(String s) {
      return new Metric(namespace, name, dimensions, label, s, period, rightAxis, visible);
    }

    public Metric right() {
      return new Metric(namespace, name, dimensions, label, stat, period, true, visible);
    }

    public Metric hidden() {
      return new Metric(namespace, name, dimensions, label, stat, period, rightAxis, false);
    }
  }

  /** Metric math over its inputs; {@code expression} names them as {0}, {1}, ... */
  public record Expression(String expression, String label, List<Metric> inputs) {
    public Expression {
      inputs = List.copyOf(inputs);
    }
  }

  private record Group(List<Metric> metrics, Expression expression) {
    int count() {
      return expression == null ? metrics.size() : expression.inputs().size();
    }
  }

  private final String title;
  private final String region;
  private int width = 6;
  private int height = 6;
  private String stat = "Average";
  private int period = 300;
  private String view = "timeSeries";
  private String leftLabel;
  private String rightLabel;
  private final List<Group> groups = new ArrayList<>();

  public Graph(String title, String region) {
    this.title = title;
    this.region = region;
  }

  public Graph size(int w, int h) {
    width = w;
    height = h;
    return this;
  }

  public Graph stat(String s) {
    stat = s;
    return this;
  }

  public Graph period(int seconds) {
    period = seconds;
    return this;
  }

  public Graph view(String v) {
    view = v;
    return this;
  }

  public Graph left(String label) {
    leftLabel = label;
    return this;
  }

  public Graph right(String label) {
    rightLabel = label;
    return this;
  }

  public Graph add(Metric m) {
    groups.add(new Group(List.of(m), null));
    return this;
  }

  public Graph add(Expression e) {
    groups.add(new Group(List.of(), e));
    return this;
  }

  public boolean isEmpty() {
    return groups.isEmpty();
  }

  /** The widgets, each with at most {@code metricsPerWidget} metrics. */
  public List<Widget> build(int metricsPerWidget) {
    List<List<Group>> chunks = new ArrayList<>();
    List<Group> current = new ArrayList<>();
    int count = 0;
    for (Group g : groups) {
      if (g.count() > metricsPerWidget) {
        throw new IllegalArgumentException("a metric math expression of " + title + " needs " + g.count()
            + " metrics, more than the " + metricsPerWidget + " a widget may hold");
      }
      if (count + g.count() > metricsPerWidget && !current.isEmpty()) {
        chunks.add(current);
        current = new ArrayList<>();
        count = 0;
      }
      current.add(g);
      count += g.count();
    }
    if (!current.isEmpty()) chunks.add(current);
    List<Widget> out = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      String t = chunks.size() == 1 ? title : title + " (" + (i + 1) + "/" + chunks.size() + ")";
      out.add(widget(t, chunks.get(i)));
    }
    return out;
  }

  private Widget widget(String t, List<Group> chunk) {
    ArrayNode metrics = F.arrayNode();
    Palette palette = new Palette();
    int retrieved = 0;
    int m = 0;
    int e = 0;
    boolean ids = chunk.stream().anyMatch(g -> g.expression() != null);
    for (Group g : chunk) {
      if (g.expression() == null) {
        for (Metric metric : g.metrics()) {
          metrics.add(entry(metric, ids ? "m" + m++ : null, palette));
          retrieved++;
        }
      } else {
        List<String> inputIds = new ArrayList<>();
        List<ArrayNode> inputs = new ArrayList<>();
        for (Metric input : g.expression().inputs()) {
          String id = "m" + m++;
          inputIds.add(id);
          inputs.add(entry(input, id, palette));
          retrieved++;
        }
        String expr = g.expression().expression();
        for (int i = 0; i < inputIds.size(); i++) expr = expr.replace("{" + i + "}", inputIds.get(i));
        ObjectNode o = F.objectNode();
        o.put("expression", expr);
        o.put("label", g.expression().label());
        o.put("id", "e" + e++);
        o.put("color", palette.color(g.expression().label()));
        metrics.add(F.arrayNode().add(o));
        inputs.forEach(metrics::add);
      }
    }
    ObjectNode p = F.objectNode();
    p.put("title", t);
    p.put("view", view);
    p.put("stacked", false);
    p.put("region", region);
    p.put("stat", stat);
    p.put("period", period);
    p.set("metrics", metrics);
    if (leftLabel != null || rightLabel != null) {
      ObjectNode y = p.putObject("yAxis");
      if (leftLabel != null) y.putObject("left").put("label", leftLabel).put("showUnits", false);
      if (rightLabel != null) y.putObject("right").put("label", rightLabel).put("showUnits", false);
    }
    p.putObject("legend").put("position", "bottom");
    return new Widget("metric", width, height, p, retrieved);
  }

  private static ArrayNode entry(Metric metric, String id, Palette palette) {
    ArrayNode a = F.arrayNode();
    a.add(metric.namespace()).add(metric.name());
    metric.dimensions().forEach(a::add);
    ObjectNode o = F.objectNode();
    o.put("label", metric.label());
    if (metric.visible()) o.put("color", palette.color(metric.label()));
    if (id != null) o.put("id", id);
    if (metric.stat() != null) o.put("stat", metric.stat());
    if (metric.period() != null) o.put("period", metric.period());
    if (metric.rightAxis()) o.put("yAxis", "right");
    if (!metric.visible()) o.put("visible", false);
    a.add(o);
    return a;
  }
}
