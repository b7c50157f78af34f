import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Draws a CloudWatch dashboard body as a PNG: every widget at its place on the 24-column grid, text widgets
 * with their markdown (headings, bold and escapes simplified), metric widgets with their title, axis label
 * and legend (colour and label of each visible series or expression, in body order), alarm status widgets with
 * one tile per alarm. Offline there are no datapoints and no alarm states, and the picture says so instead of
 * drawing invented lines.
 *
 * <p>Usage (docs/render-dashboard/render.sh runs it): {@code java -cp <jackson> RenderDashboard.java TEMPLATE
 * DASHBOARD_NAME MAX_ROWS OUT.png}, where TEMPLATE is a synthesized stack template holding the dashboard.
 */
public class RenderDashboard {
  static final int COL = 52;
  static final int ROW = 34;
  static final int PAD = 6;
  static final Font TEXT = new Font("DejaVu Sans", Font.PLAIN, 12);
  static final Font BOLD = new Font("DejaVu Sans", Font.BOLD, 12);
  static final Font H2 = new Font("DejaVu Sans", Font.BOLD, 17);
  static final Font H3 = new Font("DejaVu Sans", Font.BOLD, 14);
  static final Font SMALL = new Font("DejaVu Sans", Font.PLAIN, 10);
  static final Color BORDER = new Color(0xd5, 0xdb, 0xdb);
  static final Color INK = new Color(0x16, 0x19, 0x1f);
  static final Color MUTED = new Color(0x5f, 0x6b, 0x7a);

  public static void main(String[] args) throws Exception {
    JsonNode template = new ObjectMapper().readTree(new File(args[0]));
    String name = args[1];
    int maxRows = Integer.parseInt(args[2]);
    JsonNode body = null;
    for (JsonNode r : template.get("Resources")) {
      JsonNode p = r.path("Properties");
      if (r.path("Type").asText().equals("AWS::CloudWatch::Dashboard") && p.path("DashboardName").asText().equals(name)) {
        body = new ObjectMapper().readTree(p.get("DashboardBody").asText());
      }
    }
    if (body == null) throw new IllegalArgumentException("no dashboard " + name + " in " + args[0]);
    int rows = 0;
    for (JsonNode w : body.get("widgets")) {
      if (w.get("y").asInt() < maxRows) rows = Math.max(rows, w.get("y").asInt() + w.get("height").asInt());
    }
    BufferedImage img = new BufferedImage(24 * COL + 2 * PAD, rows * ROW + 2 * PAD, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(new Color(0xf2, 0xf3, 0xf3));
    g.fillRect(0, 0, img.getWidth(), img.getHeight());
    for (JsonNode w : body.get("widgets")) {
      if (w.get("y").asInt() >= maxRows) continue;
      int x = PAD + w.get("x").asInt() * COL;
      int y = PAD + w.get("y").asInt() * ROW;
      int width = w.get("width").asInt() * COL - 4;
      int height = w.get("height").asInt() * ROW - 4;
      g.setColor(Color.WHITE);
      g.fillRect(x, y, width, height);
      g.setColor(BORDER);
      g.drawRect(x, y, width, height);
      g.setClip(x, y, width, height);
      switch (w.get("type").asText()) {
        case "text" -> text(g, w.get("properties").get("markdown").asText(), x + 8, y + 4, width - 16);
        case "metric" -> metric(g, w.get("properties"), x, y, width, height);
        case "alarm" -> alarms(g, w.get("properties"), x, y, width, height);
        default -> label(g, w.get("type").asText(), x + 8, y + 16, BOLD, INK);
      }
      g.setClip(null);
    }
    ImageIO.write(img, "png", new File(args[3]));
  }

  static void text(Graphics2D g, String markdown, int x, int y, int width) {
    int line = y;
    for (String raw : markdown.split("\n")) {
      Font f = raw.startsWith("### ") ? H3 : raw.startsWith("## ") ? H2 : raw.startsWith("**") ? BOLD : TEXT;
      String s = raw.replaceFirst("^#+ ", "").replace("**", "").replaceAll("\\\\(.)", "$1").replaceFirst("^\\* ", "• ");
      for (String part : wrap(g.getFontMetrics(f), s, width)) {
        line += g.getFontMetrics(f).getHeight();
        label(g, part, x, line - 4, f, INK);
      }
      if (raw.isEmpty()) line += 2;
    }
  }

  static void metric(Graphics2D g, JsonNode p, int x, int y, int width, int height) {
    label(g, p.path("title").asText(), x + 8, y + 18, BOLD, INK);
    List<String> labels = new ArrayList<>();
    List<Color> colors = new ArrayList<>();
    List<String> expressions = new ArrayList<>();
    for (JsonNode entry : p.path("metrics")) {
      JsonNode o = entry.get(entry.size() - 1);
      if (o.path("visible").isBoolean() && !o.path("visible").asBoolean()) continue;
      labels.add(o.path("label").asText());
      colors.add(Color.decode(o.path("color").asText("#7f7f7f")));
      expressions.add(entry.get(0).isObject() && entry.get(0).has("expression") ? entry.get(0).get("expression").asText() : null);
    }
    int legendRows = Math.min(labels.size(), Math.max(1, (height - 70) / 15));
    int plotTop = y + 28;
    int plotBottom = y + height - 12 - legendRows * 15;
    g.setColor(BORDER);
    g.setStroke(new BasicStroke(1f));
    for (int i = 0; i <= 3; i++) {
      int ly = plotTop + (plotBottom - plotTop) * i / 3;
      g.drawLine(x + 40, ly, x + width - 10, ly);
    }
    label(g, p.path("yAxis").path("left").path("label").asText(""), x + 6, plotTop + 10, SMALL, MUTED);
    label(g, "no datapoints offline · " + p.path("stat").asText() + ", " + p.path("period").asInt() + " s",
        x + 48, (plotTop + plotBottom) / 2 + 4, SMALL, MUTED);
    int ly = plotBottom + 14;
    for (int i = 0; i < legendRows; i++) {
      g.setColor(colors.get(i));
      g.fillRect(x + 10, ly - 8, 10, 10);
      String more = i == legendRows - 1 && labels.size() > legendRows ? "  (+" + (labels.size() - legendRows) + " more)" : "";
      String l = labels.get(i) + (expressions.get(i) == null ? "" : "  = " + expressions.get(i)) + more;
      label(g, l, x + 26, ly, SMALL, INK);
      ly += 15;
    }
  }

  static void alarms(Graphics2D g, JsonNode p, int x, int y, int width, int height) {
    label(g, p.path("title").asText() + " · state at run time (not known offline)", x + 8, y + 18, BOLD, INK);
    int tileWidth = (width - 16) / 4;
    int i = 0;
    for (JsonNode arn : p.path("alarms")) {
      int tx = x + 8 + (i % 4) * tileWidth;
      int ty = y + 28 + (i / 4) * 22;
      g.setColor(new Color(0xe9, 0xeb, 0xed));
      g.fillRect(tx, ty, tileWidth - 6, 18);
      String a = arn.asText();
      label(g, a.substring(a.lastIndexOf(':') + 1), tx + 6, ty + 13, SMALL, INK);
      i++;
    }
  }

  static List<String> wrap(FontMetrics fm, String s, int width) {
    List<String> out = new ArrayList<>();
    StringBuilder line = new StringBuilder();
    for (String word : s.split(" ")) {
      if (line.length() > 0 && fm.stringWidth(line + " " + word) > width) {
        out.add(line.toString());
        line = new StringBuilder();
      }
      if (line.length() > 0) line.append(' ');
      line.append(word);
    }
    out.add(line.toString());
    return out;
  }

  static void label(Graphics2D g, String s, int x, int y, Font f, Color c) {
    g.setFont(f);
    g.setColor(c);
    g.drawString(s, x, y);
  }
}
