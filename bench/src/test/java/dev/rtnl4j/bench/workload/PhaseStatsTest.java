package dev.rtnl4j.bench.workload;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PhaseStatsTest {

  @Test
  void nearestRankPercentilesOfTenContainersInMilliseconds() {
    long[] nanos = new long[10];
    for (int i = 0; i < 10; i++) {
      nanos[i] = (10 - i) * 1_000_000L; // 10 ms .. 1 ms, unsorted
    }
    PhaseStats s = PhaseStats.of(BootPhase.READY, nanos);
    assertEquals(10, s.count());
    assertEquals(5.0, s.p50());
    assertEquals(9.0, s.p90());
    assertEquals(10.0, s.p99(), "p99 of ten values is the largest");
    assertEquals(10.0, s.max());
  }

  @Test
  void phasesNotMeasuredAreLeftOutAndAnEmptyPhaseSaysSo() {
    PhaseStats some = PhaseStats.of(BootPhase.NETNS, new long[] {-1, 2_000_000, -1, 4_000_000});
    assertEquals(2, some.count());
    assertEquals(2.0, some.p50());
    assertEquals(4.0, some.max());
    PhaseStats none = PhaseStats.of(BootPhase.NETNS, new long[] {-1, -1});
    assertEquals(0, none.count());
    assertTrue(Double.isNaN(none.p50()));
    assertEquals("netns    (not measured in this mode)", none.line());
  }

  @Test
  void percentilesOfAHundredValues() {
    double[] v = new double[100];
    for (int i = 0; i < 100; i++) {
      v[i] = i + 1;
    }
    assertEquals(50.0, PhaseStats.rank(v, 50));
    assertEquals(90.0, PhaseStats.rank(v, 90));
    assertEquals(99.0, PhaseStats.rank(v, 99));
    assertEquals(1.0, PhaseStats.rank(v, 0));
  }
}
