package dev.rtnl4j.cli;

import dev.rtnl4j.bench.workload.BootPhase;
import dev.rtnl4j.bench.workload.BootResult;
import dev.rtnl4j.bench.workload.BootSample;
import dev.rtnl4j.bench.workload.PhaseStats;
import dev.rtnl4j.bench.workload.WorkloadResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The HTML report of {@code demo} and {@code bootbench --html}: one self-contained file (inline CSS
 * and SVG, no scripts, nothing fetched) with a section per step: kernel modules ({@code modules}),
 * W1 per-container times by tool with a bar chart ({@code w1}), and per B1 run the phase
 * percentiles and a chart of every container's phases ({@code b1-IMAGE-MODE}).
 */
final class HtmlReport {
  private static final String[] PHASE_COLOURS = {"#4e79a7", "#f28e2b", "#59a14f"};
  private static final String[] TOOL_COLOURS = {"#59a14f", "#4e79a7", "#e15759", "#b07aa1"};

  private final String title;
  private final List<String> sections = new ArrayList<>();

  HtmlReport(String title) {
    this.title = title;
  }

  /** A section with a heading, an id and raw HTML. */
  private void section(String id, String heading, String body) {
    sections.add("<section id=\"" + esc(id) + "\">\n<h2>" + esc(heading) + "</h2>\n" + body + "</section>\n");
  }

  /** The kernel modules step: one row per module (name, outcome, detail). */
  void modules(List<String[]> rows, String note) {
    StringBuilder b = new StringBuilder();
    if (note != null) {
      b.append("<p>").append(esc(note)).append("</p>\n");
    }
    b.append(table(new String[] {"module", "outcome", "detail"}, rows));
    section("modules", "Kernel modules (bridge macvlan tap tun)", b.toString());
  }

  /** A step that could not run, and why. */
  void skipped(String id, String heading, String why) {
    section(id, heading, "<p class=\"skip\">Not run: " + esc(why) + "</p>\n");
  }

  /** W1 results, the first one (rtnl4j) being the baseline of the speed-up. */
  void w1(List<WorkloadResult> results) {
    List<String[]> rows = new ArrayList<>();
    double base = results.get(0).perContainerMicros();
    for (WorkloadResult r : results) {
      rows.add(new String[] {r.impl(), Integer.toString(r.containers()), fmt("%.1f", r.totalMillis()),
          fmt("%.1f", r.perContainerMicros()), fmt("%.1f×", r.perContainerMicros() / base)});
    }
    StringBuilder b = new StringBuilder();
    b.append(table(new String[] {"tool", "containers", "total ms", "per container µs", "time vs rtnl4j"}, rows));
    b.append(barChart(results));
    b.append("<pre>");
    for (WorkloadResult r : results) {
      b.append(esc(r.line())).append('\n');
    }
    b.append("</pre>\n");
    section("w1", "W1: routed veth per container, " + results.get(0).containers() + " containers", b.toString());
  }

  /** One B1 run: percentiles, wall time and a chart of each container's phases. */
  void boot(BootResult r) {
    List<String[]> rows = new ArrayList<>();
    for (PhaseStats s : r.stats()) {
      rows.add(s.count() == 0
          ? new String[] {s.phase().label(), "–", "–", "–", "–", "not measured in this mode"}
          : new String[] {s.phase().label(), fmt("%.1f", s.p50()), fmt("%.1f", s.p90()), fmt("%.1f", s.p99()),
              fmt("%.1f", s.max()), Integer.toString(s.count())});
    }
    StringBuilder b = new StringBuilder();
    b.append("<p>").append(esc(r.spec().containers() + " containers, " + r.spec().pace() + ", image "
        + r.spec().image() + ", mode " + r.spec().modeLabel() + ": all ready in " + fmt("%.0f", r.wallMillis())
        + " ms; " + r.failures().size() + " failed.")).append("</p>\n");
    b.append(table(new String[] {"phase (ms from launch)", "p50", "p90", "p99", "max", "containers"}, rows));
    b.append(phaseChart(r));
    for (BootSample s : r.failures()) {
      b.append("<p class=\"skip\">").append(esc(s.name() + ": " + s.failure())).append("</p>\n");
    }
    b.append("<pre>").append(esc(r.line())).append("</pre>\n");
    section("b1-" + r.spec().image().toString().replaceAll("[^A-Za-z0-9]+", "_") + "-" + r.spec().modeLabel(),
        "B1: boot latency, image " + r.spec().image() + ", " + r.spec().modeLabel(), b.toString());
  }

  /** The whole document. */
  String html() {
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>").append(esc(title))
        .append("</title>\n<style>\n")
        .append("body{font-family:system-ui,sans-serif;max-width:60em;margin:2em auto;padding:0 1em;color:#222}\n")
        .append("table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:.25em .6em;text-align:right}\n")
        .append("td:first-child,th:first-child{text-align:left}th{background:#f3f3f3}.skip{color:#a33}\n")
        .append("svg{display:block;margin:1em 0}pre{background:#f7f7f7;padding:.5em;overflow-x:auto}\n")
        .append("</style></head><body>\n<h1>").append(esc(title)).append("</h1>\n<p>")
        .append(esc(machine())).append("</p>\n");
    for (String s : sections) {
      h.append(s);
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  /** Writes the document to {@code file} and returns its absolute path. */
  Path write(Path file) throws IOException {
    Path abs = file.toAbsolutePath();
    if (abs.getParent() != null) {
      Files.createDirectories(abs.getParent());
    }
    Files.writeString(abs, html(), StandardCharsets.UTF_8);
    return abs;
  }

  static String machine() {
    String kernel = System.getProperty("os.version");
    String cpu = "";
    try {
      for (String l : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (l.startsWith("model name")) {
          cpu = l.substring(l.indexOf(':') + 1).strip();
          break;
        }
      }
    } catch (IOException e) {
      // unknown
    }
    String load = "";
    try {
      load = "; load average " + String.join(" ", java.util.Arrays.copyOf(Files.readString(Path.of("/proc/loadavg")).split(" "), 3));
    } catch (IOException e) {
      // unknown
    }
    return "Linux " + kernel + ", " + Runtime.getRuntime().availableProcessors() + " CPUs" + (cpu.isEmpty() ? "" : " (" + cpu + ")")
        + ", Java " + Runtime.version() + "; " + Instant.now().toString().substring(0, 19).replace('T', ' ') + " UTC" + load;
  }

  private static String table(String[] head, List<String[]> rows) {
    StringBuilder b = new StringBuilder("<table>\n<tr>");
    for (String h : head) {
      b.append("<th>").append(esc(h)).append("</th>");
    }
    b.append("</tr>\n");
    for (String[] r : rows) {
      b.append("<tr>");
      for (String c : r) {
        b.append("<td>").append(esc(c)).append("</td>");
      }
      b.append("</tr>\n");
    }
    return b.append("</table>\n").toString();
  }

  /** Horizontal bars: per-container µs by tool, on a logarithmic scale (the tools differ by orders of magnitude). */
  private static String barChart(List<WorkloadResult> results) {
    int rowH = 34;
    int left = 90;
    int width = 640;
    int plot = width - left - 120;
    int height = rowH * results.size() + 40;
    double max = results.stream().mapToDouble(WorkloadResult::perContainerMicros).max().orElse(1);
    double min = results.stream().mapToDouble(WorkloadResult::perContainerMicros).min().orElse(1);
    double hi = Math.pow(10, Math.ceil(Math.log10(Math.max(10, max))));
    double lo = Math.min(hi / 100, Math.pow(10, Math.floor(Math.log10(Math.max(1, min)))));
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart\" id=\"w1-chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
        .append("\" height=\"").append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" font-size=\"12\" role=\"img\"><title>per-container time by tool (log scale)</title>\n");
    for (double d = lo; d <= hi; d *= 10) {
      double x = left + plot * Math.log10(d / lo) / Math.log10(hi / lo);
      s.append(fmt("<line x1=\"%.1f\" y1=\"10\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, x, height - 22));
      s.append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%s</text>\n", x, height - 8,
          d >= 1000 ? fmt("%.0f ms", d / 1000) : fmt("%.0f µs", d)));
    }
    for (int i = 0; i < results.size(); i++) {
      WorkloadResult r = results.get(i);
      double v = Math.max(lo, r.perContainerMicros());
      double w = plot * Math.log10(v / lo) / Math.log10(hi / lo);
      int y = 12 + i * rowH;
      s.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>", left - 6, y + 17, esc(r.impl())));
      s.append(fmt("<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"22\" fill=\"%s\"/>", left, y, Math.max(1, w),
          TOOL_COLOURS[i % TOOL_COLOURS.length]));
      s.append(fmt("<text x=\"%.1f\" y=\"%d\">%.0f µs</text>\n", left + w + 6, y + 16, r.perContainerMicros()));
    }
    return s.append("</svg>\n").toString();
  }

  /**
   * One row per container, sorted by ready time: launch → netns, netns (or launch) → spawned,
   * spawned → ready; the phase distribution at a glance.
   */
  private static String phaseChart(BootResult r) {
    List<BootSample> ok = new ArrayList<>(r.samples().stream().filter(BootSample::started).toList());
    ok.sort(java.util.Comparator.comparingLong(BootSample::ready));
    int rowH = ok.size() > 40 ? 4 : ok.size() > 15 ? 10 : 16;
    int left = 70;
    int width = 640;
    int plot = width - left - 20;
    int height = ok.size() * rowH + 70;
    double max = ok.stream().mapToLong(BootSample::ready).max().orElse(1) / 1e6;
    double step = niceStep(max / 6);
    double hi = Math.ceil(max / step) * step;
    StringBuilder s = new StringBuilder();
    s.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
        .append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
        .append("\" font-size=\"12\" role=\"img\"><title>boot phases per container (ms from launch)</title>\n");
    for (double d = 0; d <= hi + 1e-9; d += step) {
      double x = left + plot * d / hi;
      s.append(fmt("<line x1=\"%.1f\" y1=\"8\" x2=\"%.1f\" y2=\"%d\" stroke=\"#ddd\"/>", x, x, height - 50));
      s.append(fmt("<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#666\">%s</text>\n", x, height - 36,
          fmt(step < 1 ? "%.1f" : "%.0f", d) + " ms"));
    }
    for (int i = 0; i < ok.size(); i++) {
      BootSample c = ok.get(i);
      int y = 8 + i * rowH;
      long[] ends = {c.netns(), c.spawned(), c.ready()};
      double from = 0;
      for (int p = 0; p < 3; p++) {
        if (ends[p] < 0) {
          continue;
        }
        double to = ends[p] / 1e6;
        s.append(fmt("<rect x=\"%.1f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\"><title>%s %s: %.1f ms</title></rect>",
            left + plot * from / hi, y, Math.max(0.5, plot * (to - from) / hi), rowH - 1, PHASE_COLOURS[p],
            esc(c.name()), BootPhase.values()[p].label(), to));
        from = to;
      }
      if (rowH >= 10) {
        s.append(fmt("<text x=\"%d\" y=\"%d\" text-anchor=\"end\" font-size=\"%d\">%s</text>", left - 4, y + rowH - 2,
            Math.min(12, rowH), esc(c.name())));
      }
      s.append('\n');
    }
    int ly = height - 16;
    String[] names = {"launch → netns configured", "→ X_NSPAWN_LEADER_PID (spawned)", "→ READY=1"};
    int[] legendX = {left, left + 180, left + 430};
    for (int p = 0; p < 3; p++) {
      int x = legendX[p];
      s.append(fmt("<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/><text x=\"%d\" y=\"%d\">%s</text>",
          x, ly - 10, PHASE_COLOURS[p], x + 16, ly, esc(names[p])));
    }
    return s.append("\n</svg>\n").toString();
  }

  private static double niceStep(double raw) {
    if (raw <= 0) {
      return 1;
    }
    double mag = Math.pow(10, Math.floor(Math.log10(raw)));
    double n = raw / mag;
    return (n <= 1 ? 1 : n <= 2 ? 2 : n <= 5 ? 5 : 10) * mag;
  }

  private static String fmt(String f, Object... a) {
    return String.format(Locale.ROOT, f, a);
  }

  static String esc(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
