package dev.rtnl4j.sys;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a task inside a network namespace and comes back: {@code setns} in, run, {@code setns} out
 * to the namespace the thread had before ({@code /proc/thread-self/ns/net}, opened first).
 *
 * <p>Used to open sockets that belong to another namespace (a socket stays in the namespace it was
 * created in). {@link #call(int, Callable)} runs the task on a fresh dedicated platform thread, so no
 * other thread ever leaves its own namespace; {@link #callOnThisThread} does it on the calling
 * thread, which must be a platform thread: a virtual thread is refused with an
 * {@link IllegalStateException}, since {@code setns} would move the carrier thread it happens to be
 * mounted on, and other virtual threads with it.
 *
 * <p>Failures: {@link NativeException} when the namespace cannot be opened or entered (EBADF,
 * EINVAL for an fd that is not a network namespace, EPERM); the task's own exception as is; an
 * {@link IllegalStateException} if the way back failed (the dedicated thread then ends, and the
 * calling thread is never left inside).
 */
public final class NetnsRunner {
  private NetnsRunner() {}

  private static final String SELF_NET = "/proc/thread-self/ns/net";

  /** Runs {@code task} in the network namespace open as {@code netnsFd}, on a dedicated platform thread. */
  public static <T> T call(int netnsFd, Callable<T> task) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    Thread t = Thread.ofPlatform().name("rtnl4j-netns-fd" + netnsFd).unstarted(() -> {
      try {
        result.set(callOnThisThread(netnsFd, task));
      } catch (Throwable e) {
        failure.set(e);
      }
    });
    t.start();
    boolean interrupted = false;
    for (;;) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the task cannot be abandoned half-way in the namespace: wait for it
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    Throwable f = failure.get();
    if (f == null) {
      return result.get();
    }
    if (f instanceof Exception e) {
      throw e;
    }
    throw (Error) f;
  }

  /** Runs {@code task} in the network namespace at {@code netnsPath} (e.g. /run/netns/NAME, /proc/PID/ns/net). */
  public static <T> T call(Path netnsPath, Callable<T> task) throws Exception {
    int fd = openNamespace(netnsPath);
    try {
      return call(fd, task);
    } finally {
      Syscalls.close(fd);
    }
  }

  /**
   * Runs {@code task} on the calling platform thread inside the namespace {@code netnsFd}, then
   * returns the thread to its own namespace.
   *
   * @throws IllegalStateException on a virtual thread, or if the way back failed
   */
  public static <T> T callOnThisThread(int netnsFd, Callable<T> task) throws Exception {
    if (Thread.currentThread().isVirtual()) {
      throw new IllegalStateException("refusing to enter a network namespace on a virtual thread: setns would move "
          + "its carrier thread, and every virtual thread later mounted on it, into that namespace; use "
          + "NetnsRunner.call, which runs the task on a dedicated platform thread");
    }
    int home = openNamespace(Path.of(SELF_NET));
    try {
      int r = Syscalls.setns(netnsFd, Syscalls.CLONE_NEWNET);
      if (r < 0) {
        throw new NativeException("setns into network namespace fd " + netnsFd, r);
      }
      try {
        return task.call();
      } finally {
        int back = Syscalls.setns(home, Syscalls.CLONE_NEWNET);
        if (back < 0) {
          throw new IllegalStateException("thread " + Thread.currentThread().getName()
              + " could not return to its network namespace",
              new NativeException("setns back to the original network namespace", back));
        }
      }
    } finally {
      Syscalls.close(home);
    }
  }

  /** Opens a namespace file read-only, close-on-exec. */
  static int openNamespace(Path path) {
    int fd = Syscalls.open(path.toString(), Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new NativeException("open network namespace " + path, fd);
    }
    return fd;
  }
}
