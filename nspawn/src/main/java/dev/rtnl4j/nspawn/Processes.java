package dev.rtnl4j.nspawn;

import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.Spawn;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Signals, waits and /proc look-ups for systemd-nspawn and its container. */
final class Processes {
  private Processes() {}

  /** SIGRTMIN+4 on Linux with glibc (SIGRTMIN = 34): systemd's "power off", containers.nix's preStop. */
  static final int SIGRTMIN_PLUS_4 = 38;
  static final int SIGKILL = 9;
  static final int SIGTERM = 15;
  static final int SIGSTOP = 19;

  /** True while {@code pid} exists and is not a zombie. */
  static boolean alive(int pid) {
    if (pid <= 0) {
      return false;
    }
    try {
      String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
      int close = stat.lastIndexOf(')');
      return close > 0 && close + 2 < stat.length() && stat.charAt(close + 2) != 'Z';
    } catch (IOException e) {
      return false;
    }
  }

  /** True when {@code pid} runs systemd-nspawn for machine {@code name}. */
  static boolean isNspawnOf(int pid, String name) {
    try {
      byte[] raw = Files.readAllBytes(Path.of("/proc/" + pid + "/cmdline"));
      String[] args = new String(raw, StandardCharsets.UTF_8).split("\0");
      boolean nspawn = args.length > 0 && args[0].endsWith("systemd-nspawn");
      for (String a : args) {
        if (a.equals("--machine=" + name)) {
          return nspawn && alive(pid);
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * The systemd-nspawn processes for machine {@code name} whose {@code NOTIFY_SOCKET} is
   * {@code notifySocket}: those a runtime with this state directory started, also one whose JVM
   * was killed before it could record them (its state file is then missing or incomplete).
   */
  static List<Integer> nspawnsNotifying(String name, Path notifySocket) {
    List<Integer> out = new ArrayList<>();
    byte[] wanted = ("NOTIFY_SOCKET=" + notifySocket).getBytes(StandardCharsets.UTF_8);
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
      for (Path p : ds) {
        int pid;
        try {
          pid = Integer.parseInt(p.getFileName().toString());
        } catch (NumberFormatException e) {
          continue;
        }
        if (isNspawnOf(pid, name) && hasEnvironmentEntry(p.resolve("environ"), wanted)) {
          out.add(pid);
        }
      }
    } catch (IOException e) {
      // /proc unreadable: nothing found
    }
    return out;
  }

  private static boolean hasEnvironmentEntry(Path environ, byte[] entry) {
    try {
      byte[] env = Files.readAllBytes(environ);
      int start = 0;
      for (int i = 0; i <= env.length; i++) {
        if (i == env.length || env[i] == 0) {
          if (i - start == entry.length && java.util.Arrays.equals(env, start, i, entry, 0, entry.length)) {
            return true;
          }
          start = i + 1;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  /** Sends {@code signal}; false when the process is gone. */
  static boolean signal(int pid, int signal) {
    if (pid <= 0) {
      return false;
    }
    try {
      Spawn.kill(pid, signal);
      return true;
    } catch (NativeException e) {
      return false;
    }
  }

  /** Every descendant of {@code pid}, children before grandchildren (/proc/PID/task/TID/children). */
  static List<Integer> descendants(int pid) {
    List<Integer> out = new ArrayList<>();
    List<Integer> todo = new ArrayList<>(List.of(pid));
    while (!todo.isEmpty()) {
      int p = todo.remove(0);
      try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc/" + p + "/task"))) {
        for (Path t : tasks) {
          String children = Files.readString(t.resolve("children")).strip();
          if (children.isEmpty()) {
            continue;
          }
          for (String c : children.split(" ")) {
            int child = Integer.parseInt(c);
            out.add(child);
            todo.add(child);
          }
        }
      } catch (IOException | NumberFormatException e) {
        // gone meanwhile
      }
    }
    return out;
  }

  /**
   * Stops (SIGSTOP) {@code pid} and every descendant, again and again until the tree no longer
   * grows, and returns the descendants: a frozen tree that can be killed without a process slipping
   * out of it by a fork in between.
   */
  static List<Integer> stopTree(int pid) {
    signal(pid, SIGSTOP);
    List<Integer> tree = descendants(pid);
    for (int round = 0; round < 50; round++) {
      for (int d : tree) {
        signal(d, SIGSTOP);
      }
      List<Integer> again = descendants(pid);
      if (again.equals(tree)) {
        break;
      }
      tree = again;
    }
    return tree;
  }

  /**
   * Waits up to {@code millis} for {@code pid} to end; reaps it when it is our child. Returns true
   * when it has ended.
   */
  static boolean awaitExit(int pid, boolean ourChild, long millis) {
    if (ourChild) {
      try {
        return Spawn.waitFor(pid, (int) Math.min(Integer.MAX_VALUE, millis)) != null;
      } catch (NativeException e) {
        return !alive(pid); // ESRCH/ECHILD: already gone and reaped
      }
    }
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (alive(pid)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return !alive(pid);
      }
    }
    reapIfChild(pid);
    return true;
  }

  /** Reaps {@code pid} if it is an ended child of this process (started by another runtime instance). */
  static void reapIfChild(int pid) {
    try {
      Spawn.tryWait(pid);
    } catch (NativeException e) {
      // ECHILD: not ours; its own parent reaps it
    }
  }
}
