package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** CommandOutput runs a command to its end and leaves no pipe to it open behind. */
class CommandOutputTest {
  @Test
  void theInputReachesTheCommandAndItsOutputAndStatusComeBack() throws Exception {
    CommandOutput out = CommandOutput.of(List.of("cat"), "fed on stdin\n".getBytes(StandardCharsets.UTF_8));
    assertTrue(out.succeeded());
    assertEquals("fed on stdin\n", out.text());
    CommandOutput failed = CommandOutput.of(List.of("sh", "-c", "echo to-stderr >&2; exit 3"), new byte[0]);
    assertFalse(failed.succeeded());
    assertEquals(3, failed.status());
    assertEquals("to-stderr\n", failed.text(), "stderr is in the output");
  }

  @Test
  void noPipeToTheCommandIsOpenOnceItReturns() throws Exception {
    CommandOutput.of(List.of("true"), new byte[0]);   // the JDK's own fds for its first process
    List<String> before = MachineSnapshot.openFds(Set.of());
    // the JDK's reaper closes the pipes only some time after waitFor: 200 tries catch it when it is left to
    for (int i = 0; i < 200; i++) {
      CommandOutput.of(List.of("true"), new byte[0]);
      List<String> pipes = MachineSnapshot.openFds(Set.of()).stream()
          .filter(fd -> !before.contains(fd) && fd.contains("pipe:")).toList();
      assertEquals(List.of(), pipes, "pipes still open after run " + i);
    }
  }
}
