package dev.rtnl4j.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JmhCommandTest {

  @Test
  void jmhListsABenchmarkForEveryHotPath() {
    PrintStream saved = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    CliRun r;
    try {
      System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
      r = CliRun.of("jmh", "-l");
    } finally {
      System.setOut(saved);
    }
    assertEquals(0, r.status(), r.toString());
    String list = buf.toString(StandardCharsets.UTF_8);
    for (String hotPath : new String[] {
        "NativeCallBenchmark.backendSigemptyset",            // native call (no system call), per backend
        "NativeCallBenchmark.rtmGetlinkLoRoundTrip",          // netlink round trip
        "CodecBenchmark.encodeVethCreate",                    // veth-create encode
        "CodecBenchmark.decodeLinkDump1000",                  // 1,000-link dump decode
        "ModuleResolveBench.resolveBridgeInAnOpenContext",    // module resolution
        "NspawnArgvBenchmark.specToArgv"}) {                  // container spec to nspawn argv
      assertTrue(list.contains("dev.rtnl4j.bench.jmh." + hotPath), hotPath + " missing from:\n" + list);
    }
  }
}
