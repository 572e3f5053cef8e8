package dev.rtnl4j.nspawn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateFileTest {
  @TempDir Path dir;

  private static ContainerState state(String imageRoot) {
    return new ContainerState("web", StartMode.PREPARED, 4242, 0, "/run/netns/web", true, List.of("ve-web"), List.of(),
        List.of("container eth0 10.231.0.2/32"), imageRoot, false, "/run/rtnl4j/containers/web.log", 1796340459985L, null);
  }

  @Test
  void theStateAppearsWholeWithItsLeaderOnlyOnceCompleted() throws Exception {
    Path path = dir.resolve("web.json");
    ContainerState s = state("/srv/web");
    StateFile f = StateFile.prepare(path, s);
    assertFalse(Files.exists(path), "no state before the leader is known");
    assertTrue(Files.exists(dir.resolve("web.json.new")));

    assertEquals(s.withLeaderPid(31337), f.complete(31337), "the state written");

    assertEquals(List.of("web.json"), List.of(dir.toFile().list()));
    assertEquals(s.withLeaderPid(31337), ContainerState.fromJson(Files.readString(path)));
    assertEquals(s.withLeaderPid(31337).toJson() + "\n", Files.readString(path).replace("\"leaderPid\":     ", "\"leaderPid\":"),
        "the JSON of the state, the pid's digits right after the blanks prepare left for them");
    f.close();
    assertTrue(Files.exists(path), "closing a completed file keeps it");
  }

  @Test
  void theLongestAndTheShortestPidFitTheRoomPrepareLeft() throws Exception {
    for (int pid : new int[] {Integer.MAX_VALUE, 1}) {
      Path path = dir.resolve("web-" + pid + ".json");
      ContainerState s = state("/srv/wéb");
      try (StateFile f = StateFile.prepare(path, s)) {
        f.complete(pid);
      }
      assertEquals(s.withLeaderPid(pid), ContainerState.fromJson(Files.readString(path)));
    }
  }

  @Test
  void closingBeforeCompletionRemovesThePartialFile() throws Exception {
    Path path = dir.resolve("web.json");
    StateFile f = StateFile.prepare(path, state("/srv/web"));
    f.close();
    assertEquals(0, dir.toFile().list().length);
  }

  @Test
  void aStringThatSpellsThePlaceholderIsLeftAsItIs() throws Exception {
    // a string holds '"' escaped, so only the field itself can match the placeholder
    Path path = dir.resolve("web.json");
    ContainerState s = state("/srv/\"leaderPid\":-2147483648");
    try (StateFile f = StateFile.prepare(path, s)) {
      f.complete(7);
    }
    assertEquals(s.withLeaderPid(7), ContainerState.fromJson(Files.readString(path)));
  }
}
