package dev.rtnl4j.sys;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** This process's child processes, read from /proc/PID/stat. */
final class Children {
  private Children() {}

  /** A child: pid and its state letter (R, S, Z…). */
  record Child(int pid, char state) {}

  static List<Child> now() {
    int self = Syscalls.getpid();
    List<Child> out = new ArrayList<>();
    try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
      for (Path p : (Iterable<Path>) procs::iterator) {
        String name = p.getFileName().toString();
        if (!name.chars().allMatch(Character::isDigit)) {
          continue;
        }
        String stat;
        try {
          stat = Files.readString(p.resolve("stat"));
        } catch (NoSuchFileException e) {
          continue;
        }
        // pid (comm) state ppid ...; comm may contain spaces and parentheses
        String rest = stat.substring(stat.lastIndexOf(')') + 2);
        String[] f = rest.split(" ");
        if (Integer.parseInt(f[1]) == self) {
          out.add(new Child(Integer.parseInt(name), f[0].charAt(0)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  /** Field {@code index} (1-based as in proc(5): 1 pid, 3 state, 5 pgrp, 6 session) of /proc/PID/stat. */
  static int statField(int pid, int index) throws IOException {
    String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
    String rest = stat.substring(stat.lastIndexOf(')') + 2);
    return Integer.parseInt(rest.split(" ")[index - 3]);
  }
}
