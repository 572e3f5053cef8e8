package dev.rtnl4j.cli;

import dev.rtnl4j.bench.workload.BootPhase;
import dev.rtnl4j.bench.workload.BootResult;
import dev.rtnl4j.bench.workload.BootSpec;
import dev.rtnl4j.bench.workload.PhaseStats;
import dev.rtnl4j.nspawn.StartMode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The modes of one {@code bootbench} run side by side: per mode the median wall time over its
 * rounds (every round's listed), the ready p50 and rtnl4j's share, and the wall-time ratio of
 * prepared to seed (and to compat), the figure issue #5 asks for.
 *
 * @param rows one per mode, in the order asked
 */
record ModeComparison(List<Row> rows) {

  /**
   * One mode's runs.
   *
   * @param mode the mode
   * @param walls every round's wall time, in run order (ms)
   * @param wallMedian their median (ms)
   * @param readyP50 median of the rounds' ready p50 (ms)
   * @param shareP50 median of the rounds' rtnl4j share p50 (ms)
   */
  record Row(StartMode mode, List<Double> walls, double wallMedian, double readyP50, double shareP50) {}

  /** The comparison of {@code results}, grouped by {@code modes}. */
  static ModeComparison of(List<StartMode> modes, List<BootResult> results) {
    List<Row> rows = new ArrayList<>();
    for (StartMode m : modes) {
      List<BootResult> rs = results.stream().filter(r -> r.spec().mode() == m).toList();
      List<Double> walls = rs.stream().map(BootResult::wallMillis).toList();
      rows.add(new Row(m, walls, median(walls),
          median(rs.stream().map(r -> r.stats(BootPhase.READY).p50()).toList()),
          median(rs.stream().map(ModeComparison::shareP50).toList())));
    }
    return new ModeComparison(rows);
  }

  /**
   * rtnl4j's share beside its C floor, round by round (prepared mode's share p50, the
   * {@code libmnl-w b1share} p50 run right after it), then {@code b1share-compare
   * rtnl4j_share_p50_ms=… libmnl_floor_p50_ms=… ratio=…} with the medians over the rounds.
   */
  static void printShareFloor(List<BootResult> results, List<String> floors, PrintWriter out) {
    List<Double> shares = results.stream().filter(r -> r.spec().mode() == StartMode.PREPARED).map(ModeComparison::shareP50)
        .toList();
    List<Double> floor = floors.stream().map(dev.rtnl4j.bench.workload.BaselineImplementation::shareFloorP50Millis).toList();
    out.println("rtnl4j's share beside its C floor (p50 ms, round by round):");
    for (int i = 0; i < Math.min(shares.size(), floor.size()); i++) {
      out.println(String.format(Locale.ROOT, "  round %d  rtnl4j %6.2f  libmnl %6.2f  ratio %5.2f", i + 1, shares.get(i),
          floor.get(i), shares.get(i) / floor.get(i)));
    }
    double s = median(shares);
    double f = median(floor);
    out.println(String.format(Locale.ROOT, "b1share-compare rtnl4j_share_p50_ms=%.2f libmnl_floor_p50_ms=%.2f ratio=%.2f", s, f,
        s / f));
  }

  private static double shareP50(BootResult r) {
    double[] s = r.shareMillis().clone();
    java.util.Arrays.sort(s);
    return s.length == 0 ? Double.NaN : PhaseStats.rank(s, 50);
  }

  private static double median(List<Double> values) {
    double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    if (v.length == 0) {
      return Double.NaN;
    }
    return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
  }

  private Row row(StartMode m) {
    return rows.stream().filter(r -> r.mode() == m).findFirst().orElse(null);
  }

  /** prepared's median wall time over {@code other}'s, or NaN when either mode did not run. */
  double ratio(StartMode other) {
    Row p = row(StartMode.PREPARED);
    Row o = row(other);
    return p == null || o == null ? Double.NaN : p.wallMedian() / o.wallMedian();
  }

  /** The table and the ratio lines; the last line is {@code b1-compare …} with every figure. */
  void print(PrintWriter out) {
    out.println("B1 modes compared (same run, interleaved; wall = all K containers ready):");
    StringBuilder last = new StringBuilder("b1-compare");
    for (Row r : rows) {
      String label = BootSpec.label(r.mode());
      out.println(String.format(Locale.ROOT, "  %-8s wall median %8.1f ms  ready p50 %7.1f ms  rtnl4j share p50 %6.2f ms  walls %s",
          label, r.wallMedian(), r.readyP50(), r.shareP50(), r.walls().stream()
              .map(w -> String.format(Locale.ROOT, "%.1f", w)).toList()));
      last.append(String.format(Locale.ROOT, " %s_wall_ms=%.1f", label, r.wallMedian()));
    }
    for (StartMode other : new StartMode[] {StartMode.SEED, StartMode.COMPATIBLE}) {
      double q = ratio(other);
      if (!Double.isNaN(q)) {
        out.println(String.format(Locale.ROOT, "  prepared/%s wall ratio %.3f (prepared is %s)", BootSpec.label(other), q,
            q < 1 ? String.format(Locale.ROOT, "%.1f%% faster", (1 - q) * 100)
                : String.format(Locale.ROOT, "%.1f%% slower", (q - 1) * 100)));
        last.append(String.format(Locale.ROOT, " prepared_over_%s=%.3f", BootSpec.label(other), q));
      }
    }
    out.println(last);
  }
}
