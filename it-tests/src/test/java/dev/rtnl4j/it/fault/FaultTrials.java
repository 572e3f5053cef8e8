package dev.rtnl4j.it.fault;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Kill -9 at any point of {@code rtnl4j up}: each trial starts {@code up SPEC} for a few busybox
 * containers in a child JVM, SIGKILLs it at a seeded random moment aimed at one phase (netns
 * creation, link set-up, spawn, leader wait, readiness wait), then runs {@code up} and
 * {@code down} again, and checks that links, namespaces, processes, mounts and state files are
 * exactly as before the trial.
 *
 * <p>Kill moments: the driver watches for the aimed phase of a random container to be under way
 * (its namespace file, its host link, its notify socket, its log), then waits a seeded random
 * delay within that phase (the leader and readiness waits' lengths come from a calibration run's
 * phase times) and sends SIGKILL. Watching rather than timing from the launch keeps the aim true
 * however slow the JVM's start-up is on a loaded machine.
 *
 * <p>Runs inside a sandbox (private network + mount namespace, tmpfs on /run/netns): from JUnit
 * ({@code FaultTrialsTest}) or {@code it-tests/fault/run}, which prints the last line
 * {@code N passed, M failed}.
 */
public final class FaultTrials {
  /** Phases a kill is aimed at. */
  static final String[] PHASES = {"netns-creation", "link-setup", "spawn", "leader-wait", "ready-wait"};

  private static final Pattern READY = Pattern.compile(
      "(\\S+) ready: leader \\d+, rtnl4j=\\S+ network=([0-9.]+)ms spawned=([0-9.]+)ms leader=([0-9.]+)ms ready=([0-9.]+)ms");

  private final Path work;
  private final Path spec;
  private final Path state;
  private final List<String> java;
  private final Appendable log;
  private final List<double[]> phases = new ArrayList<>();

  /** Outcome of a run of trials. */
  public record Outcome(int passed, int failed, List<String> failures) {
    /** {@code N passed, M failed}. */
    public String line() {
      return passed + " passed, " + failed + " failed";
    }
  }

  /**
   * A trial runner working in {@code work}; child JVMs run {@code dev.rtnl4j.cli.Main} with this
   * JVM's java and class path.
   */
  public FaultTrials(Path work, int containers, Appendable log) throws IOException {
    this.work = work;
    this.log = log;
    this.spec = work.resolve("spec.json");
    this.state = work.resolve("state");
    StringBuilder sb = new StringBuilder("{\"containers\": {");
    for (int i = 0; i < containers; i++) {
      sb.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT,
          "\"ft%d\": {\"privateNetwork\": true, \"hostAddress\": \"10.234.%d.1\", \"localAddress\": \"10.234.%d.2\","
              + " \"image\": \"busybox\", \"timeoutStartSec\": \"30s\"}", i, i, i));
    }
    Files.writeString(spec, sb.append("}}\n").toString());
    String javaBin = ProcessHandle.current().info().command().orElseThrow();
    this.java = List.of(javaBin, "--enable-native-access=ALL-UNNAMED", "-XX:TieredStopAtLevel=1",
        "-cp", System.getProperty("java.class.path"), "dev.rtnl4j.cli.Main");
  }

  /** Runs {@code up} once to completion and {@code down}, to learn the phase times. */
  public void calibrate() throws Exception {
    long t0 = System.nanoTime();
    Process p = start("up", "-c", "4", "--state-dir", state.toString(), spec.toString());
    String out = readAll(p.getInputStream());
    long firstOutput = System.nanoTime();
    if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
      throw new IllegalStateException("calibration up failed: " + out + readAll(p.getErrorStream()));
    }
    Matcher m = READY.matcher(out);
    while (m.find()) {
      double net = Double.parseDouble(m.group(2));
      double spawned = Double.parseDouble(m.group(3));
      double leader = Double.parseDouble(m.group(4));
      double ready = Double.parseDouble(m.group(5));
      phases.add(new double[] {0, net / 2, net, spawned, leader, ready});
    }
    if (phases.isEmpty()) {
      throw new IllegalStateException("calibration: no phase times in: " + out);
    }
    runDown();
    say(String.format(Locale.ROOT, "calibration: up took %.0f ms; phases (ms from start) %s", (firstOutput - t0) / 1e6,
        phases.stream().map(a -> String.format(Locale.ROOT, "[net/2 %.1f, net %.1f, spawned %.1f, leader %.1f, ready %.1f]",
            a[1], a[2], a[3], a[4], a[5])).toList()));
  }

  /** Runs {@code trials} trials from {@code seed}; trial i aims at phase i mod 5. */
  public Outcome run(int trials, long seed) throws Exception {
    Random random = new Random(seed);
    Snapshot before = Snapshot.take(state);
    int passed = 0;
    List<String> failures = new ArrayList<>();
    for (int i = 0; i < trials; i++) {
      int phase = i % PHASES.length;
      int container = random.nextInt(phases.size());
      double[] c = phases.get(container);
      String result = trial(i, phase, container, random.nextDouble(), c, before);
      if (result == null) {
        passed++;
      } else {
        failures.add(result);
      }
    }
    return new Outcome(passed, failures.size(), failures);
  }

  /**
   * The moment a phase of container {@code ft<container>} is under way, seen from outside: its
   * namespace file (netns creation), its host link (link set-up), its notify socket (bound just
   * before the spawn), its log (opened by the spawn; the leader and readiness waits follow).
   */
  private boolean reached(int phase, int container) throws IOException {
    String name = "ft" + container;
    return switch (phase) {
      case 0 -> Files.exists(Path.of("/run/netns", name));
      case 1 -> Files.readString(Path.of("/proc/self/net/dev")).contains("ve-" + name + ":");
      case 2 -> Files.exists(state.resolve("notify").resolve(name));
      default -> Files.exists(state.resolve("containers").resolve(name + ".log"));
    };
  }

  /**
   * Delay after the marker, in ms: a few ms into netns creation, link set-up and spawn; a uniform
   * moment of the calibrated leader wait; or of the readiness wait (plus 20 ms past it, so the
   * recording of the state is hit too).
   */
  private static double delayMs(int phase, double u, double[] c) {
    return switch (phase) {
      case 0, 1 -> u * 1.0;
      case 2 -> u * 3.0;
      case 3 -> u * (c[4] - c[3]);
      default -> (c[4] - c[3]) + u * (c[5] - c[4] + 20);
    };
  }

  private String trial(int i, int phaseIndex, int container, double u, double[] c, Snapshot before) throws Exception {
    String phase = PHASES[phaseIndex];
    long t0 = System.nanoTime();
    Process p = start("up", "-c", "4", "--state-dir", state.toString(), spec.toString());
    long giveUp = t0 + 120_000_000_000L;
    while (p.isAlive() && !reached(phaseIndex, container) && System.nanoTime() < giveUp) {
      Thread.sleep(0, 200_000);
    }
    double delay = delayMs(phaseIndex, u, c);
    long deadline = System.nanoTime() + (long) (delay * 1e6);
    long left;
    while ((left = deadline - System.nanoTime()) > 0 && p.isAlive()) {
      Thread.sleep(left / 1_000_000, (int) (left % 1_000_000));
    }
    double atMs = (System.nanoTime() - t0) / 1e6;
    boolean killed = p.isAlive();
    p.destroyForcibly(); // SIGKILL
    p.waitFor();
    Snapshot crashed = Snapshot.take(state);
    String what = String.format(Locale.ROOT, "trial %d: kill at %.0f ms, %s of ft%d + %.1f ms%s: left %d links, %d netns, %d processes",
        i, atMs, phase, container, delay, killed ? "" : " [up had already exited]", crashed.links().size() - before.links().size(),
        crashed.netns().size() - before.netns().size(), crashed.processes().size() - before.processes().size());
    Process up = start("up", "-c", "4", "--state-dir", state.toString(), spec.toString());
    String upOut = readAll(up.getInputStream()) + readAll(up.getErrorStream());
    up.waitFor(120, TimeUnit.SECONDS);
    String downOut = runDown();
    Snapshot after = Snapshot.take(state);
    String diff = before.diff(after);
    if (diff.isEmpty()) {
      say(what + "; up " + up.exitValue() + ", down: clean");
      return null;
    }
    say(what + "; NOT CLEAN: " + diff + "\n  up said: " + upOut.strip() + "\n  down said: " + downOut.strip());
    // leave a clean machine for the next trial
    runDown();
    return "trial " + i + " (" + phase + "): " + diff;
  }

  private String runDown() throws Exception {
    Process d = start("down", "--state-dir", state.toString(), spec.toString());
    String out = readAll(d.getInputStream()) + readAll(d.getErrorStream());
    d.waitFor(120, TimeUnit.SECONDS);
    return out;
  }

  private Process start(String... args) throws IOException {
    List<String> argv = new ArrayList<>(java);
    argv.addAll(List.of(args));
    return new ProcessBuilder(argv).directory(work.toFile()).start();
  }

  private static String readAll(InputStream in) throws IOException {
    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
  }

  private void say(String line) throws IOException {
    log.append(line).append('\n');
    if (log instanceof java.io.Flushable f) {
      f.flush();
    }
  }

  /**
   * What a start could leave behind: links of this network namespace, names under /run/netns,
   * mount points, processes tied to the state directory (systemd-nspawn and everything below it),
   * files in the state directory, and container inits left running without their nspawn.
   */
  record Snapshot(List<String> links, List<String> netns, List<String> mounts, List<Integer> processes,
      List<String> files, List<Integer> orphans) {

    static Snapshot take(Path state) throws IOException {
      List<String> links = Files.readAllLines(Path.of("/proc/self/net/dev")).stream().skip(2)
          .map(l -> l.substring(0, l.indexOf(':')).strip()).sorted().toList();
      List<String> netns;
      try (Stream<Path> s = Files.list(Path.of("/run/netns"))) {
        netns = s.map(p -> p.getFileName().toString()).sorted().toList();
      }
      List<String> mounts = Files.readAllLines(Path.of("/proc/self/mountinfo")).stream()
          .map(l -> l.split(" ")[4]).sorted().toList();
      TreeSet<String> files = new TreeSet<>();
      if (Files.exists(state)) {
        // images/ holds the shared image trees (busybox: assembled once per state directory, then
        // mounted read-only by every container): a cache kept on purpose, not a container's leftover
        Path images = state.resolve("images");
        try (Stream<Path> s = Files.walk(state)) {
          s.filter(p -> !Files.isDirectory(p) && !p.startsWith(images))
              .forEach(p -> files.add(state.relativize(p).toString()));
        }
      }
      return new Snapshot(links, netns, mounts, processesOf(state), List.copyOf(files), orphanedContainerInits());
    }

    /**
     * Container inits that outlived their systemd-nspawn (parent pid 1, pid 1 in their own pid
     * namespace, nspawn's {@code container=systemd-nspawn} in their environment): a killed nspawn
     * whose container was not killed with it. Machine-wide, since such a process no longer names
     * the state directory anywhere.
     */
    static List<Integer> orphanedContainerInits() {
      List<Integer> out = new ArrayList<>();
      byte[] marker = "container=systemd-nspawn".getBytes(StandardCharsets.UTF_8);
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path p : ds) {
          try {
            String stat = Files.readString(p.resolve("stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            if (!f[1].equals("1") || f[0].equals("Z")) {
              continue;
            }
            String nspid = Files.readAllLines(p.resolve("status")).stream().filter(l -> l.startsWith("NSpid:"))
                .findFirst().orElse("");
            String[] ids = nspid.split("\\s+");
            if (ids.length < 3 || !ids[ids.length - 1].equals("1")) {
              continue;
            }
            String env = new String(Files.readAllBytes(p.resolve("environ")), StandardCharsets.UTF_8);
            if (env.contains(new String(marker, StandardCharsets.UTF_8))) {
              out.add(Integer.parseInt(p.getFileName().toString()));
            }
          } catch (IOException | RuntimeException e) {
            // gone meanwhile
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return out;
    }

    /** Processes whose command line names the state directory, and all their descendants. */
    private static List<Integer> processesOf(Path state) {
      TreeSet<Integer> roots = new TreeSet<>();
      String marker = state.toString();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
        for (Path p : ds) {
          try {
            String cmd = new String(Files.readAllBytes(p.resolve("cmdline")), StandardCharsets.UTF_8);
            if (cmd.contains(marker) && !isZombie(p)) {
              roots.add(Integer.parseInt(p.getFileName().toString()));
            }
          } catch (IOException | NumberFormatException e) {
            // gone meanwhile
          }
        }
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      TreeSet<Integer> all = new TreeSet<>(roots);
      for (int r : roots) {
        ProcessHandle.of(r).ifPresent(h -> h.descendants().forEach(d -> all.add((int) d.pid())));
      }
      return List.copyOf(all);
    }

    private static boolean isZombie(Path proc) throws IOException {
      String stat = Files.readString(proc.resolve("stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) == 'Z';
    }

    /** Empty when equal, else what differs. */
    String diff(Snapshot o) {
      List<String> d = new ArrayList<>();
      if (!links.equals(o.links)) {
        d.add("links " + links + " -> " + o.links);
      }
      if (!netns.equals(o.netns)) {
        d.add("netns " + netns + " -> " + o.netns);
      }
      if (!mounts.equals(o.mounts)) {
        d.add("mounts " + mounts.size() + " -> " + o.mounts.size());
      }
      if (!processes.equals(o.processes)) {
        d.add("processes " + processes + " -> " + o.processes);
      }
      if (!o.orphans.stream().allMatch(orphans::contains)) {
        d.add("orphaned container inits " + orphans + " -> " + o.orphans);
      }
      if (!files.equals(o.files)) {
        d.add("state files " + files + " -> " + o.files);
      }
      return String.join("; ", d);
    }
  }

  /**
   * {@code FaultTrials [TRIALS [SEED [CONTAINERS]]]}: runs the trials in a fresh directory under
   * /tmp and prints one line per trial, then {@code N passed, M failed}; exit status 1 when any
   * failed.
   */
  public static void main(String[] args) throws Exception {
    int trials = args.length > 0 ? Integer.parseInt(args[0]) : 100;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 8;
    int containers = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    if (!"1".equals(System.getenv("RTNL4J_SANDBOX"))) {
      System.err.println("FaultTrials: run me inside the sandbox (it-tests/fault/run does)");
      System.exit(2);
    }
    Path work = Files.createTempDirectory(Path.of("/tmp"), "rtnl4j-fault-");
    FaultTrials t = new FaultTrials(work, containers, System.out);
    long t0 = System.nanoTime();
    t.calibrate();
    Outcome o = t.run(trials, seed);
    System.out.printf(Locale.ROOT, "fault: %d trials, seed %d, %d containers, %.0f s%n", trials, seed, containers,
        (System.nanoTime() - t0) / 1e9);
    System.out.println(o.line());
    System.exit(o.failed() == 0 ? 0 : 1);
  }
}
