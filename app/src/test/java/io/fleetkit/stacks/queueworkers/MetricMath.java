package io.fleetkit.stacks.queueworkers;

import java.util.Arrays;
import java.util.Map;

/**
 * A small evaluator of CloudWatch metric math over aligned series, for the expressions fleetkit writes:
 * numbers, metric IDs, {@code + - * /}, comparisons (1 or 0), {@code IF(condition, then, else)} and
 * {@code FILL(series, value)}. A series is one value per period, {@code NaN} where it has no datapoint. As in
 * CloudWatch, arithmetic on a missing point gives a missing point, and division by zero gives none.
 */
final class MetricMath {
  private final String text;
  private final Map<String, double[]> series;
  private final int length;
  private int pos;

  private MetricMath(String text, Map<String, double[]> series) {
    this.text = text;
    this.series = series;
    this.length = series.values().iterator().next().length;
  }

  /** The expression's value at every period. */
  static double[] evaluate(String expression, Map<String, double[]> series) {
    MetricMath m = new MetricMath(expression, series);
    double[] v = m.comparison();
    m.skip();
    if (m.pos != expression.length()) throw new IllegalArgumentException("unexpected text at " + m.pos + ": " + expression);
    return v;
  }

  private double[] comparison() {
    double[] left = additive();
    skip();
    for (String op : new String[] {">=", "<=", "==", "!=", ">", "<"}) {
      if (text.startsWith(op, pos)) {
        pos += op.length();
        double[] right = additive();
        return combine(left, right, op);
      }
    }
    return left;
  }

  private double[] additive() {
    double[] v = term();
    for (skip(); pos < text.length() && (peek() == '+' || peek() == '-'); skip()) {
      String op = String.valueOf(text.charAt(pos++));
      v = combine(v, term(), op);
    }
    return v;
  }

  private double[] term() {
    double[] v = factor();
    for (skip(); pos < text.length() && (peek() == '*' || peek() == '/'); skip()) {
      String op = String.valueOf(text.charAt(pos++));
      v = combine(v, factor(), op);
    }
    return v;
  }

  private double[] factor() {
    skip();
    if (peek() == '(') {
      pos++;
      double[] v = comparison();
      expect(')');
      return v;
    }
    int start = pos;
    if (Character.isDigit(peek())) {
      while (pos < text.length() && (Character.isDigit(peek()) || peek() == '.')) pos++;
      double[] v = new double[length];
      Arrays.fill(v, Double.parseDouble(text.substring(start, pos)));
      return v;
    }
    while (pos < text.length() && Character.isLetterOrDigit(peek())) pos++;
    String name = text.substring(start, pos);
    skip();
    if (pos < text.length() && peek() == '(') {
      pos++;
      double[] first = comparison();
      expect(',');
      double[] second = comparison();
      if (name.equals("FILL")) {
        expect(')');
        double[] out = first.clone();
        for (int i = 0; i < length; i++) if (Double.isNaN(out[i])) out[i] = second[i];
        return out;
      }
      if (name.equals("IF")) {
        expect(',');
        double[] third = comparison();
        expect(')');
        double[] out = new double[length];
        for (int i = 0; i < length; i++) {
          out[i] = Double.isNaN(first[i]) ? Double.NaN : first[i] != 0 ? second[i] : third[i];
        }
        return out;
      }
      throw new IllegalArgumentException("unknown function " + name);
    }
    double[] v = series.get(name);
    if (v == null) throw new IllegalArgumentException("no series " + name);
    return v.clone();
  }

  private double[] combine(double[] a, double[] b, String op) {
    double[] out = new double[length];
    for (int i = 0; i < length; i++) {
      double x = a[i];
      double y = b[i];
      out[i] = Double.isNaN(x) || Double.isNaN(y) ? Double.NaN : switch (op) {
        case "+" -> x + y;
        case "-" -> x - y;
        case "*" -> x * y;
        case "/" -> y == 0 ? Double.NaN : x / y;
        case ">" -> x > y ? 1 : 0;
        case "<" -> x < y ? 1 : 0;
        case ">=" -> x >= y ? 1 : 0;
        case "<=" -> x <= y ? 1 : 0;
        case "==" -> x == y ? 1 : 0;
        case "!=" -> x != y ? 1 : 0;
        default -> throw new IllegalArgumentException(op);
      };
    }
    return out;
  }

  private char peek() {
    return text.charAt(pos);
  }

  private void skip() {
    while (pos < text.length() && text.charAt(pos) == ' ') pos++;
  }

  private void expect(char c) {
    skip();
    if (pos >= text.length() || text.charAt(pos) != c) {
      throw new IllegalArgumentException("expected '" + c + "' at " + pos + ": " + text);
    }
    pos++;
  }
}
