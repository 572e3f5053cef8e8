package dev.rtnl4j.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code rtnl4j jmh-table RESULT.json [--readme FILE]}: turns JMH's JSON results ({@code -rf json})
 * into a Markdown table (benchmark, mode, score ± error, unit, bytes allocated per operation when
 * run with {@code -prof gc}) and, with {@code --readme}, puts it between the
 * {@code <!-- jmh-table:begin -->} / {@code <!-- jmh-table:end -->} markers of that file. Used by
 * {@code bench/update-readme}, so the README's figures are never typed by hand.
 */
@Command(name = "jmh-table", mixinStandardHelpOptions = true,
    description = "Format JMH JSON results (-rf json) as a Markdown table; with --readme, replace the table between "
        + "the jmh-table markers of that file.")
final class JmhTableCommand implements Callable<Integer> {
  static final String BEGIN = "<!-- jmh-table:begin -->";
  static final String END = "<!-- jmh-table:end -->";

  @Parameters(index = "0", paramLabel = "RESULT.json", description = "JMH's result file.")
  Path result;

  @Option(names = "--readme", paramLabel = "FILE", description = "The Markdown file whose table is replaced.")
  Path readme;

  @Option(names = "--header", paramLabel = "TEXT", description = "A line above the table (machine, date, load).")
  String header;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    String table = table(new ObjectMapper().readTree(result.toFile()));
    String block = (header == null ? "" : header + "\n\n") + table;
    PrintWriter out = spec.commandLine().getOut();
    if (readme == null) {
      out.print(block);
      out.flush();
      return 0;
    }
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    int b = text.indexOf(BEGIN);
    int e = text.indexOf(END);
    if (b < 0 || e < b) {
      throw new CliException(readme + " has no " + BEGIN + " ... " + END + " markers: add them where the table goes");
    }
    Files.writeString(readme, text.substring(0, b + BEGIN.length()) + "\n" + block + text.substring(e),
        StandardCharsets.UTF_8);
    out.println("table of " + table.lines().count() + " lines written to " + readme);
    out.flush();
    return 0;
  }

  /** The Markdown table of JMH's results. */
  static String table(JsonNode results) {
    StringBuilder sb = new StringBuilder("| Benchmark | Mode | Score | Error (99.9%) | Unit | Allocated B/op |\n");
    sb.append("|---|---|---:|---:|---|---:|\n");
    for (JsonNode r : results) {
      String name = r.get("benchmark").asText().replace("dev.rtnl4j.bench.jmh.", "");
      JsonNode m = r.get("primaryMetric");
      JsonNode alloc = r.path("secondaryMetrics").path("gc.alloc.rate.norm");
      sb.append("| ").append(name).append(params(r)).append(" | ").append(r.get("mode").asText()).append(" | ")
          .append(num(m.get("score").asDouble())).append(" | ")
          .append(m.get("scoreError").isNumber() && !Double.isNaN(m.get("scoreError").asDouble())
              ? "± " + num(m.get("scoreError").asDouble()) : "–")
          .append(" | ").append(m.get("scoreUnit").asText()).append(" | ")
          .append(alloc.isMissingNode() ? "–" : num(alloc.get("score").asDouble())).append(" |\n");
    }
    return sb.toString();
  }

  private static String params(JsonNode r) {
    JsonNode p = r.get("params");
    if (p == null || p.isEmpty()) {
      return "";
    }
    StringBuilder sb = new StringBuilder(" (");
    p.fields().forEachRemaining(e -> sb.append(sb.length() > 2 ? ", " : "").append(e.getKey()).append('=')
        .append(e.getValue().asText()));
    return sb.append(')').toString();
  }

  private static String num(double v) {
    if (Math.abs(v) >= 100) {
      return String.format(Locale.ROOT, "%,.0f", v);
    }
    return String.format(Locale.ROOT, Math.abs(v) >= 10 ? "%.1f" : "%.2f", v);
  }
}
