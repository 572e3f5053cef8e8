package dev.rtnl4j.sys;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Watches this JVM's native threads through /proc/self/task: which system call a thread sits in. */
final class NativeThreads {
  private NativeThreads() {}

  /** x86_64 number of poll(2). */
  static final int SYS_POLL = 7;

  /** Waits (up to 20 s) until the thread named {@code name} (its comm) is blocked in system call {@code nr}. */
  static void awaitSyscall(String name, int nr) throws IOException, InterruptedException {
    String comm = name.length() > 15 ? name.substring(0, 15) : name;
    long deadline = System.nanoTime() + 20_000_000_000L;
    while (System.nanoTime() < deadline) {
      try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
        for (Path t : (Iterable<Path>) tasks::iterator) {
          try {
            if (Files.readString(t.resolve("comm")).strip().equals(comm)
                && Files.readString(t.resolve("syscall")).startsWith(nr + " ")) {
              return;
            }
          } catch (NoSuchFileException e) {
            // the task ended meanwhile
          }
        }
      }
      Thread.sleep(5);
    }
    throw new AssertionError("thread " + name + " never blocked in system call " + nr);
  }
}
