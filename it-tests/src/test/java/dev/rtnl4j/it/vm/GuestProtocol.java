package dev.rtnl4j.it.vm;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The lines the guest writes on its results port (the second serial port, /dev/ttyS1, which
 * carries nothing else) and echoes on its console, and their parser on the host.
 *
 * <p>Each line starts with a marker ({@code RTNL4J-VM-...}) and has tab-separated fields; text
 * fields escape backslash, tab, CR and LF, so one record is always one line:
 * <pre>
 * RTNL4J-VM-BOOTED  uptime
 * RTNL4J-VM-PHASE   phase START uptime
 * RTNL4J-VM-PRELOAD phase module exit-status
 * RTNL4J-VM-RESULT  phase PASSED|FAILED|SKIPPED millis test-id message
 * RTNL4J-VM-PHASE   phase EXIT exit-status uptime
 * RTNL4J-VM-DONE    uptime
 * </pre>
 * The shell lines are written by the guest's /init (see {@link GuestImage}), the result lines by
 * {@link GuestMain}.
 */
final class GuestProtocol {
  static final String BOOTED = "RTNL4J-VM-BOOTED";
  static final String PHASE = "RTNL4J-VM-PHASE";
  static final String PRELOAD = "RTNL4J-VM-PRELOAD";
  static final String RESULT = "RTNL4J-VM-RESULT";
  static final String DONE = "RTNL4J-VM-DONE";

  private GuestProtocol() {}

  /** The result line of {@code r}. */
  static String resultLine(GuestResult r) {
    return String.join("\t", RESULT, Integer.toString(r.phase()), r.status().name(), Long.toString(r.millis()),
        escape(r.testId()), escape(r.message()));
  }

  /** {@code text} with backslash, tab, CR and LF escaped. */
  static String escape(String text) {
    StringBuilder b = new StringBuilder(text.length() + 16);
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case '\t' -> b.append("\\t");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** The inverse of {@link #escape}; an unknown escape keeps its character. */
  static String unescape(String text) {
    StringBuilder b = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c == '\\' && i + 1 < text.length()) {
        char n = text.charAt(++i);
        b.append(switch (n) {
          case 't' -> '\t';
          case 'n' -> '\n';
          case 'r' -> '\r';
          default -> n;
        });
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }

  /**
   * What the guest reported.
   *
   * @param results the test results, in order
   * @param phaseExits the exit status of each phase's JVM, by phase
   * @param preloads the exit status of each preload modprobe, by "phase:module"
   * @param bootedAt the guest's uptime in seconds when /init started, if reported
   * @param doneAt the guest's uptime in seconds when every phase had run, if reported
   * @param malformed lines with a marker that did not parse (cut off by a timeout, say)
   */
  record Report(List<GuestResult> results, Map<Integer, Integer> phaseExits, Map<String, Integer> preloads,
      OptionalDouble bootedAt, OptionalDouble doneAt, List<String> malformed) {
    /** True when the guest said it was done. */
    boolean done() {
      return doneAt.isPresent();
    }
  }

  /** Parses the results port's text; lines without a marker are ignored, CRs are dropped. */
  static Report parse(String text) {
    List<GuestResult> results = new ArrayList<>();
    Map<Integer, Integer> phaseExits = new LinkedHashMap<>();
    Map<String, Integer> preloads = new LinkedHashMap<>();
    OptionalDouble booted = OptionalDouble.empty();
    OptionalDouble done = OptionalDouble.empty();
    List<String> malformed = new ArrayList<>();
    for (String raw : text.replace("\r", "").split("\n")) {
      int start = raw.indexOf("RTNL4J-VM-");
      if (start < 0) {
        continue;
      }
      String line = raw.substring(start);
      String[] f = line.split("\t", -1);
      try {
        switch (f[0]) {
          case BOOTED -> booted = OptionalDouble.of(Double.parseDouble(f[1]));
          case DONE -> done = OptionalDouble.of(Double.parseDouble(f[1]));
          case PHASE -> {
            if (f[2].equals("EXIT")) {
              phaseExits.put(Integer.parseInt(f[1]), Integer.parseInt(f[3]));
            } else if (!f[2].equals("START")) {
              malformed.add(line);
            }
          }
          case PRELOAD -> preloads.put(f[1] + ":" + f[2], Integer.parseInt(f[3]));
          case RESULT -> {
            if (f.length != 6) {
              malformed.add(line);
            } else {
              results.add(new GuestResult(Integer.parseInt(f[1]), unescape(f[4]), GuestResult.Status.valueOf(f[2]),
                  Long.parseLong(f[3]), unescape(f[5])));
            }
          }
          default -> malformed.add(line);
        }
      } catch (RuntimeException e) {
        malformed.add(line);
      }
    }
    return new Report(List.copyOf(results), phaseExits, preloads, booted, done, List.copyOf(malformed));
  }
}
