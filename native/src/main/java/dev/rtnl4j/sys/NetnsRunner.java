package dev.rtnl4j.sys;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
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
 * <p>{@link #dedicated(String)} gives a reusable runner with one long-lived platform thread, for
 * callers that enter namespaces often.
 *
 * <p>Failures: {@link NativeException} when the namespace cannot be opened or entered (EBADF,
 * EINVAL for an fd that is not a network namespace, EPERM); the task's own exception as is; an
 * {@link IllegalStateException} if the way back failed (the dedicated thread then ends, and the
 * calling thread is never left inside).
 */
public final class NetnsRunner implements AutoCloseable {
  private static final String SELF_NET = "/proc/thread-self/ns/net";

  /** A task handed to the worker thread, with the namespace to run it in and its outcome. */
  private static final class Job<T> {
    final int netnsFd;
    final Callable<T> task;
    final CompletableFuture<T> done = new CompletableFuture<>();

    Job(int netnsFd, Callable<T> task) {
      this.netnsFd = netnsFd;
      this.task = task;
    }
  }

  /** The way back to the thread's own namespace failed: the thread must not run anything else. */
  private static final class StrandedException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    StrandedException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  private static final Job<?> STOP = new Job<>(-1, () -> null);

  private final String name;
  private final SynchronousQueue<Job<?>> queue = new SynchronousQueue<>();
  private final Object lock = new Object();
  private Thread worker;
  private volatile boolean closed;

  private NetnsRunner(String name) {
    this.name = name;
  }

  /**
   * A reusable runner: one long-lived platform thread (started on first use, daemon) that runs
   * tasks in namespaces one at a time, for callers that open many sockets (one thread start less
   * per call than {@link #call(int, Callable)}). Calls from several threads are serialised. If the
   * thread ever fails to return to its namespace it ends, and the next call starts a fresh one.
   */
  public static NetnsRunner dedicated(String threadName) {
    return new NetnsRunner(threadName);
  }

  /**
   * Runs {@code task} on this runner's thread inside the namespace {@code netnsFd}.
   *
   * @throws NativeException when the namespace cannot be entered; the task's exception as is
   * @throws IllegalStateException after close, or if the way back failed
   * @throws InterruptedException if interrupted while waiting to hand the task over (once handed
   *     over, the call waits for it to finish, since a task is never abandoned inside a namespace)
   */
  public <T> T run(int netnsFd, Callable<T> task) throws Exception {
    CompletableFuture<T> done = submit(netnsFd, task);
    boolean interrupted = false;
    try {
      for (;;) {
        try {
          return done.get();
        } catch (InterruptedException e) {
          interrupted = true;
        } catch (ExecutionException e) {
          Throwable c = e.getCause();
          if (c instanceof Exception x) {
            throw x;
          }
          throw (Error) c;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * Hands {@code task} to this runner's thread, to run inside the namespace {@code netnsFd}, and
   * returns at once with its outcome to come: the caller goes on while, say, a socket is opened in
   * the next container's namespace. {@code netnsFd} must stay open until the outcome is there.
   * Waits only while the runner's thread is busy with an earlier task.
   *
   * @throws IllegalStateException after close
   * @throws InterruptedException if interrupted while waiting to hand the task over
   */
  public <T> CompletableFuture<T> submit(int netnsFd, Callable<T> task) throws InterruptedException {
    Job<T> job = new Job<>(netnsFd, task);
    do {
      synchronized (lock) {
        if (closed) {
          throw new IllegalStateException("NetnsRunner " + name + " is closed");
        }
        if (worker == null || !worker.isAlive()) {
          Thread w = new Thread(this::loop, name);
          w.setDaemon(true);
          w.start();
          worker = w;
        }
      }
    } while (!queue.offer(job, 100, TimeUnit.MILLISECONDS));
    return job.done;
  }

  /** Runs {@code task} on this runner's thread inside the namespace at {@code netnsPath}. */
  public <T> T run(Path netnsPath, Callable<T> task) throws Exception {
    int fd = openNamespace(netnsPath);
    try {
      return run(fd, task);
    } finally {
      Syscalls.close(fd);
    }
  }

  private void loop() {
    for (;;) {
      Job<?> job;
      try {
        job = queue.poll(1, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        return;
      }
      if (job == STOP || (job == null && closed)) {
        return;
      }
      if (job == null) {
        continue;
      }
      if (!runJob(job)) {
        return; // stranded in a foreign namespace: this thread ends, the next call starts another
      }
    }
  }

  private static <T> boolean runJob(Job<T> job) {
    try {
      job.done.complete(callOnThisThread(job.netnsFd, job.task));
      return true;
    } catch (StrandedException e) {
      job.done.completeExceptionally(e);
      return false;
    } catch (Throwable e) {
      job.done.completeExceptionally(e);
      return true;
    }
  }

  /**
   * Refuses further tasks and lets the thread end (after the task in progress, if any; within a
   * second when busy). Idempotent.
   */
  @Override
  public void close() {
    synchronized (lock) {
      closed = true;
    }
    queue.offer(STOP); // succeeds only when the thread is idle, waiting for work
  }

  /** Runs {@code task} in the network namespace open as {@code netnsFd}, on a dedicated platform thread. */
  public static <T> T call(int netnsFd, Callable<T> task) throws Exception {
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    // new Thread(…) makes a platform thread even when called from a virtual one
    Thread t = new Thread(() -> {
      try {
        result.set(callOnThisThread(netnsFd, task));
      } catch (Throwable e) {
        failure.set(e);
      }
    }, "rtnl4j-netns-fd" + netnsFd);
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
    if (VirtualThreads.isCurrent()) {
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
          throw new StrandedException("thread " + Thread.currentThread().getName()
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
