package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.rtnl4j.testkit.Require;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class HostImageTest extends RuntimeTestBase {

  @Test
  void hostImageBootsTheHostsSystemdAndReportsReady() throws Exception {
    Require.that(Files.isExecutable(Path.of("/lib/systemd/systemd")), "systemd is not installed as /lib/systemd/systemd");
    ContainerSpec spec = ContainerSpec.builder("hostimg").image("host").privateNetwork(true)
        .hostAddress("10.231.9.1").localAddress("10.231.9.2").timeoutStartSec("30s").build();
    assertTrue(spec.waitsForPayloadReady());
    RunningContainer c = runtime.start(spec);
    try {
      assertTrue(c.nspawnArgv().contains("--notify-ready=yes"));
      assertTrue(c.nspawnArgv().contains("--volatile=yes"));
      String comm = Files.readString(Path.of("/proc/" + c.leaderPid() + "/comm")).strip();
      assertTrue(comm.equals("systemd"), "leader is " + comm);
      String addr = inNet(c.leaderPid(), "ip", "-o", "-4", "addr", "show", "dev", "eth0");
      assertTrue(addr.contains("10.231.9.2/32"), addr);
      System.out.println("host image start: " + c.times());
    } finally {
      ContainerRuntime.StopReport r = runtime.stop(c);
      assertTrue(r.poweredOff(), "systemd powered off on SIGRTMIN+4: " + r);
      System.out.println("host image stop: " + r.took());
    }
    assertNothingLeftBehind();
  }
}
