package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class JmhTableTest {
  private static final String RESULT = """
      [{"benchmark":"dev.rtnl4j.bench.jmh.CodecBenchmark.encodeVethCreate","mode":"avgt","params":{},
        "primaryMetric":{"score":61.234,"scoreError":1.5,"scoreUnit":"ns/op"},
        "secondaryMetrics":{"gc.alloc.rate.norm":{"score":0.0,"scoreError":0.0,"scoreUnit":"B/op"}}},
       {"benchmark":"dev.rtnl4j.bench.jmh.ModuleResolveBench.resolveBridgeInAnOpenContext","mode":"avgt",
        "primaryMetric":{"score":1234.5,"scoreError":"NaN","scoreUnit":"ns/op"},"secondaryMetrics":{}}]
      """;

  @Test
  void jmhResultsReplaceOnlyTheTableBetweenTheMarkers() throws Exception {
    Path dir = Files.createTempDirectory("rtnl4j-jmh-table");
    Path json = Files.writeString(dir.resolve("r.json"), RESULT);
    Path readme = Files.writeString(dir.resolve("README.md"),
        "# Title\n\ntext before\n\n<!-- jmh-table:begin -->\nold table\n<!-- jmh-table:end -->\n\ntext after\n");

    CliRun r = CliRun.of("jmh-table", json.toString(), "--readme", readme.toString(), "--header", "Latest: today");

    assertEquals(0, r.status(), r.toString());
    assertEquals("""
        # Title

        text before

        <!-- jmh-table:begin -->
        Latest: today

        | Benchmark | Mode | Score | Error (99.9%) | Unit | Allocated B/op |
        |---|---|---:|---:|---|---:|
        | CodecBenchmark.encodeVethCreate | avgt | 61.2 | ± 1.50 | ns/op | 0.00 |
        | ModuleResolveBench.resolveBridgeInAnOpenContext | avgt | 1,235 | – | ns/op | – |
        <!-- jmh-table:end -->

        text after
        """, Files.readString(readme));
  }

  @Test
  void aReadmeWithoutMarkersIsAFailureThatSaysWhatToAdd() throws Exception {
    Path dir = Files.createTempDirectory("rtnl4j-jmh-table");
    Path json = Files.writeString(dir.resolve("r.json"), RESULT);
    Path readme = Files.writeString(dir.resolve("README.md"), "# no markers\n");
    CliRun r = CliRun.of("jmh-table", json.toString(), "--readme", readme.toString());
    assertEquals(1, r.status(), r.toString());
    assertTrue(r.err().contains("has no <!-- jmh-table:begin --> ... <!-- jmh-table:end --> markers: add them"), r.err());
    assertEquals("# no markers\n", Files.readString(readme));
  }
}
