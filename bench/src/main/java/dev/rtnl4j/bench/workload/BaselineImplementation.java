package dev.rtnl4j.bench.workload;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * W1/W2 by a program outside the JVM, to put rtnl4j's figure beside:
 * <ul>
 *   <li>{@code libmnl}: {@code bench/baselines/libmnl/w.c}, the floor — a hand-written C program on
 *       libmnl doing each container in two {@code sendmsg} with ifindexes chosen up front;</li>
 *   <li>{@code go-netlink}: {@code bench/baselines/go-netlink/w.go}, github.com/vishvananda/netlink
 *       used the way its users do, one call per iproute2 command.</li>
 * </ul>
 * The program is {@code bench/target/baselines/<name>-w}, built by {@code bench/baselines/build}
 * (which rebuilds only what is missing or older than its source) before each run, untimed. It
 * times itself and prints the workload's line; {@link #run} returns that program's own figure,
 * so process start-up is not counted. The project is found through the system property
 * {@code rtnl4j.root} (bin/rtnl4j sets it), else by looking upwards from the working directory.
 */
public final class BaselineImplementation implements Implementation {
  private static final Pattern LINE = Pattern.compile(
      "(w1|w2) impl=(\\S+) n=(\\d+) total_ms=(\\d+(?:\\.\\d+)?) per_container_us=\\d+(?:\\.\\d+)?");
  private static final Pattern SHARE_LINE = Pattern.compile(
      "b1share impl=libmnl n=(\\d+) p50_us=(\\d+(?:\\.\\d+)?) p90_us=\\S+ min_us=\\S+ max_us=\\S+(?: \\w+_p50_us=\\S+)*");

  private final String name;

  private BaselineImplementation(String name) {
    this.name = name;
  }

  /** The hand-written libmnl program: the floor. */
  public static BaselineImplementation libmnl() {
    return new BaselineImplementation("libmnl");
  }

  /** The vishvananda/netlink program. */
  public static BaselineImplementation goNetlink() {
    return new BaselineImplementation("go-netlink");
  }

  @Override
  public String name() {
    return name;
  }

  /**
   * Builds the program if needed, runs it and returns its own timing.
   *
   * @throws IOException when the project or a build tool cannot be found, the build fails, or the
   *     program exits non-zero (the message carries the program's error) or prints no valid line
   */
  @Override
  public long run(WorkloadSpec spec) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(program(name, "--impl " + name).toString(),
        spec.workload().label(), spec.prefix(), Integer.toString(spec.containers())));
    if (spec.workload() == Workload.W2) {
      argv.add(spec.bridge());
    }
    return parse(exec(argv, argv.get(0)), spec);
  }

  /**
   * The C floor of rtnl4j's own share of a start: {@code libmnl-w b1share PREFIX N DIR} (see
   * {@code bench/baselines/libmnl/w.c}) makes the system calls of {@code containers} prepared starts
   * as rtnl4j makes them (namespace, lo, main veth pair and notify socket made ahead, outside the
   * share), with their files in {@code dir}, in the calling thread's namespaces; returns its line,
   * {@code b1share impl=libmnl n=N p50_us=… p90_us=… min_us=… max_us=…}, each step's p50
   * ({@code check_p50_us=… cleanup_p50_us=… network_p50_us=… spawn_p50_us=… record_p50_us=…}) and
   * what was made ahead ({@code ahead_p50_us=…}).
   *
   * @throws IOException when the program cannot be built or run, fails, or prints no such line
   */
  public static String shareFloor(String prefix, int containers, Path dir) throws IOException, InterruptedException {
    List<String> argv = List.of(program("libmnl", "the share's C floor").toString(), "b1share", prefix,
        Integer.toString(containers), dir.toString());
    String last = lastLine(exec(argv, argv.get(0)));
    Matcher m = SHARE_LINE.matcher(last);
    if (!m.matches() || Integer.parseInt(m.group(1)) != containers) {
      throw new IOException(argv.get(0) + ": expected a last line 'b1share impl=libmnl n=" + containers
          + " p50_us=... p90_us=... min_us=... max_us=...', got '" + last + "'");
    }
    return last;
  }

  /** The p50 of a {@link #shareFloor} line, in milliseconds. */
  public static double shareFloorP50Millis(String line) {
    Matcher m = SHARE_LINE.matcher(line);
    if (!m.matches()) {
      throw new IllegalArgumentException("not a b1share line: " + line);
    }
    return Double.parseDouble(m.group(2)) / 1e3;
  }

  /** The nanoseconds of the workload line, the last line of {@code stdout}, checked against {@code spec}. */
  long parse(String stdout, WorkloadSpec spec) throws IOException {
    String last = lastLine(stdout);
    Matcher m = LINE.matcher(last);
    if (!m.matches() || !m.group(1).equals(spec.workload().label()) || !m.group(2).equals(name)
        || Integer.parseInt(m.group(3)) != spec.containers()) {
      throw new IOException("--impl " + name + ": expected a last line '" + spec.workload().label() + " impl=" + name
          + " n=" + spec.containers() + " total_ms=... per_container_us=...', got '" + last + "'");
    }
    return Math.round(Double.parseDouble(m.group(4)) * 1e6);
  }

  /**
   * {@code bench/target/baselines/NAME-w}, built first by {@code bench/baselines/build} if missing or
   * older than its source; {@code who} names the caller in the error when the project is not found.
   */
  private static Path program(String name, String who) throws IOException, InterruptedException {
    Path root = projectRoot().orElseThrow(() -> new IOException(who
        + ": cannot find the rtnl4j project (a directory with bench/baselines/build) above "
        + Path.of("").toAbsolutePath() + "; run from inside it or set -Drtnl4j.root=DIR"));
    exec(List.of(root.resolve("bench/baselines/build").toString(), name), "bench/baselines/build " + name);
    return root.resolve("bench/target/baselines/" + name + "-w");
  }

  /** The last line of a program's output, stripped. */
  private static String lastLine(String stdout) {
    String[] lines = stdout.strip().split("\n");
    return lines[lines.length - 1].strip();
  }

  /** The project's root: {@code -Drtnl4j.root}, else the nearest directory upwards holding bench/baselines/build. */
  static Optional<Path> projectRoot() {
    String property = System.getProperty("rtnl4j.root");
    if (property != null && !property.isEmpty()) {
      return Optional.of(Path.of(property));
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      if (Files.isExecutable(p.resolve("bench/baselines/build"))) {
        return Optional.of(p);
      }
    }
    return Optional.empty();
  }

  /** Runs {@code argv} (no shell), returns its stdout; its stderr is the message when it fails. */
  private static String exec(List<String> argv, String what) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
    // the programs write a few hundred bytes at most to stderr: reading stdout first cannot block them
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    int rc = p.waitFor();
    if (rc != 0) {
      throw new IOException(what + " exited " + rc + ": " + err.strip());
    }
    return out;
  }
}
