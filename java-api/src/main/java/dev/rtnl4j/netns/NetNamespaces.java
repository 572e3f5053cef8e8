package dev.rtnl4j.netns;

import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.Flock;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.Syscalls;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The named network namespaces of one directory ({@code /run/netns} by default), handled exactly
 * as {@code ip netns} handles them: a name is an empty file on which the namespace's nsfs file is
 * bind-mounted.
 *
 * <p>{@link #create} does what {@code ip netns add} does: it makes the directory a shared mount
 * point the first time (a bind mount of itself, under an {@code flock} on the directory), creates
 * the file exclusively, gives a dedicated platform thread a new network namespace
 * ({@code unshare(CLONE_NEWNET)}), bind-mounts {@code /proc/thread-self/ns/net} onto the file and
 * returns the thread to its namespace. A failure half-way removes the file it created.
 * {@link #delete} detaches the mount ({@code umount2(MNT_DETACH)}) and unlinks the file, as
 * {@code ip netns delete} does. Where {@code ip netns add} makes the directory shared again on
 * every call (a recursive {@code mount --make-shared}, which walks every namespace named there), an
 * instance does so on its first {@link #create} or {@link #attach} only: keep one instance to
 * spare the later calls that walk (one that unmounts the directory meanwhile must take a new
 * instance).
 *
 * <p>Names must be non-empty, at most 255 bytes, without {@code '/'} or NUL, and not {@code "."}
 * or {@code ".."}: anything else is refused with {@link IllegalArgumentException}. Kernel and file
 * system failures throw {@link NativeException} naming the namespace, the file and the errno
 * ({@code EEXIST} for a name taken, {@code ENOENT} for an unknown name, {@code EPERM} without
 * privilege).
 */
public final class NetNamespaces {
  /** Where {@code ip netns} keeps its names. */
  public static final Path DEFAULT_DIRECTORY = Path.of("/run/netns");

  private final Path directory;
  /** This instance has made its directory a shared mount point (or found it one). */
  private volatile boolean shared;

  private NetNamespaces(Path directory) {
    this.directory = Objects.requireNonNull(directory, "directory");
  }

  /** The namespaces named in {@code /run/netns}. */
  public static NetNamespaces standard() {
    return new NetNamespaces(DEFAULT_DIRECTORY);
  }

  /** The namespaces named in {@code directory} (created on first {@link #create}). */
  public static NetNamespaces in(Path directory) {
    return new NetNamespaces(directory.toAbsolutePath().normalize());
  }

  /** The directory holding the names. */
  public Path directory() {
    return directory;
  }

  /**
   * The file of namespace {@code name} (whether or not it exists).
   *
   * @throws IllegalArgumentException for an invalid name
   */
  public Path pathOf(String name) {
    return directory.resolve(checkName(name));
  }

  /**
   * Opens the namespace called {@code name}.
   *
   * @throws NativeException ENOENT naming it when there is no such namespace; EINVAL when the
   *     file is not (any more) a network namespace
   */
  public NetNamespace open(String name) {
    return NetNamespace.openNamed(name, pathOf(name));
  }

  /** Whether a file called {@code name} exists in the directory. */
  public boolean exists(String name) {
    return Files.exists(pathOf(name));
  }

  /**
   * The names in the directory, sorted; empty when the directory does not exist.
   *
   * @throws UncheckedIOException if the directory cannot be read
   */
  public List<String> list() {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
      for (Path p : entries) {
        names.add(p.getFileName().toString());
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("list network namespaces in " + directory, e);
    }
    names.sort(null);
    return List.copyOf(names);
  }

  /**
   * Creates a new network namespace called {@code name}, as {@code ip netns add NAME} does, and
   * returns an open handle on it.
   *
   * @throws NativeException EEXIST when the name is taken; EPERM without CAP_SYS_ADMIN; nothing
   *     is left behind on failure
   */
  public NetNamespace create(String name) {
    return bindNew(name, null, false);
  }

  /**
   * Creates a new network namespace called {@code name} by moving the calling platform thread
   * into it ({@code unshare(CLONE_NEWNET)}), binds it, and returns an open handle on it; the
   * thread <em>stays in the new namespace</em>, so that the caller can open sockets there without
   * another hand-off. Call it only inside {@link dev.rtnl4j.sys.NetnsRunner#callOnThisThread},
   * which brings the thread back to its own namespace afterwards (also on failure).
   *
   * @throws NativeException EEXIST when the name is taken; EPERM without CAP_SYS_ADMIN; nothing
   *     is left behind on failure (but the thread may have left its namespace: see above)
   * @throws IllegalStateException on a virtual thread (setns would move its carrier)
   */
  public NetNamespace createOnThisThread(String name) {
    NetNamespace.refuseVirtualThread();
    return bindNew(name, null, true);
  }

  /**
   * Gives the existing namespace {@code namespace} the name {@code name}, as
   * {@code ip netns attach NAME PID} does, and returns a handle on it by that name.
   *
   * @throws NativeException EEXIST when the name is taken; nothing is left behind on failure
   */
  public NetNamespace attach(String name, NetNamespace namespace) {
    Objects.requireNonNull(namespace, "namespace");
    return bindNew(name, namespace, false);
  }

  /**
   * Removes the name {@code name}, as {@code ip netns delete NAME} does: the bind mount is
   * detached and the file unlinked. The namespace itself ends when nothing else holds it (open
   * handles, sockets, processes).
   *
   * @throws NativeException ENOENT naming it when there is no such namespace
   */
  public void delete(String name) {
    Path path = pathOf(name);
    Syscalls.umount2(path.toString(), Syscalls.MNT_DETACH); // not mounted: nothing to detach
    unlink(path, "delete network namespace \"" + name + "\"");
  }

  private NetNamespace bindNew(String name, NetNamespace existing, boolean onThisThread) {
    Path path = pathOf(name);
    String what = (existing == null ? "create" : "attach") + " network namespace \"" + name + "\"";
    makeSharedMountPoint(what);
    int fd = Syscalls.open(path.toString(), Syscalls.O_RDONLY | Syscalls.O_CREAT | Syscalls.O_EXCL | Syscalls.O_CLOEXEC, 0);
    if (fd < 0) {
      throw new NativeException(what + ": create " + path, fd,
          -fd == Errno.EEXIST ? "a network namespace of that name exists already" : null);
    }
    Syscalls.close(fd);
    try {
      if (existing == null && onThisThread) {
        unshareAndBind(path, what);
      } else if (existing == null) {
        bindFreshNamespace(path, what);
      } else {
        String source = "/proc/self/fd/" + existing.fd();
        int r = Syscalls.mount(source, path.toString(), "none", Syscalls.MS_BIND, null);
        if (r < 0) {
          throw new NativeException(what + ": bind mount " + existing.path() + " on " + path, r);
        }
      }
      return NetNamespace.openNamed(name, path);
    } catch (RuntimeException | Error e) {
      Syscalls.umount2(path.toString(), Syscalls.MNT_DETACH);
      try {
        Files.deleteIfExists(path);
      } catch (IOException cleanup) {
        e.addSuppressed(cleanup);
      }
      throw e;
    }
  }

  /**
   * On a fresh platform thread: unshare(CLONE_NEWNET), bind the thread's new namespace onto
   * {@code path}, setns back. The thread ends afterwards, so even a failed way back leaves no
   * thread in the new namespace.
   */
  private static void bindFreshNamespace(Path path, String what) {
    AtomicReference<RuntimeException> failure = new AtomicReference<>();
    Thread t = new Thread(() -> {
      int home = Syscalls.open("/proc/thread-self/ns/net", Syscalls.O_RDONLY | Syscalls.O_CLOEXEC, 0);
      if (home < 0) {
        failure.set(new NativeException(what + ": open /proc/thread-self/ns/net", home));
        return;
      }
      try {
        try {
          unshareAndBind(path, what);
        } catch (NativeException e) {
          failure.set(e);
        }
        int back = Syscalls.setns(home, Syscalls.CLONE_NEWNET);
        if (back < 0 && failure.get() == null) {
          failure.set(new NativeException(what + ": setns back to the original network namespace", back));
        }
      } catch (RuntimeException e) {
        failure.set(e);
      } finally {
        Syscalls.close(home);
      }
    }, "rtnl4j-netns-create");
    t.start();
    joinUninterruptibly(t);
    if (failure.get() != null) {
      throw failure.get();
    }
  }

  /** The calling thread into a new network namespace (it stays there), bound on {@code path}. */
  private static void unshareAndBind(Path path, String what) {
    int r = Syscalls.unshare(Syscalls.CLONE_NEWNET);
    if (r < 0) {
      throw new NativeException(what + ": unshare(CLONE_NEWNET)", r);
    }
    r = Syscalls.mount("/proc/thread-self/ns/net", path.toString(), "none", Syscalls.MS_BIND, null);
    if (r < 0) {
      throw new NativeException(what + ": bind mount /proc/thread-self/ns/net on " + path, r);
    }
  }

  /**
   * Makes the directory a shared mount point, as iproute2 does before its first name: under an
   * exclusive flock on the directory, {@code mount --make-shared}; when it is not a mount point
   * yet (EINVAL), bind-mount it on itself ({@code MS_BIND|MS_REC}) and try again.
   */
  private void makeSharedMountPoint(String what) {
    if (shared) {
      return;
    }
    try {
      Files.createDirectories(directory,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    } catch (IOException e) {
      throw new UncheckedIOException(what + ": create directory " + directory, e);
    }
    String dir = directory.toString();
    int lock = Syscalls.open(dir, Syscalls.O_RDONLY | Syscalls.O_DIRECTORY | Syscalls.O_CLOEXEC, 0);
    if (lock < 0) {
      throw new NativeException(what + ": open " + dir, lock);
    }
    try {
      Flock.flock(lock, Flock.LOCK_EX); // as iproute2: proceed even if the lock cannot be had
      boolean madeMountPoint = false;
      for (;;) {
        int r = Syscalls.mount("", dir, "none", Syscalls.MS_SHARED | Syscalls.MS_REC, null);
        if (r >= 0) {
          break;
        }
        if (-r != Errno.EINVAL || madeMountPoint) {
          throw new NativeException(what + ": mount --make-shared " + dir, r);
        }
        int b = Syscalls.mount(dir, dir, "none", Syscalls.MS_BIND | Syscalls.MS_REC, null);
        if (b < 0) {
          throw new NativeException(what + ": mount --bind " + dir + " " + dir, b);
        }
        madeMountPoint = true;
      }
      shared = true;
    } finally {
      Flock.flock(lock, Flock.LOCK_UN);
      Syscalls.close(lock);
    }
  }

  private static void unlink(Path path, String what) {
    try {
      Files.delete(path);
    } catch (NoSuchFileException e) {
      throw new NativeException(what + ": unlink " + path, Errno.ENOENT, "no network namespace of that name");
    } catch (IOException e) {
      String why = e instanceof java.nio.file.FileSystemException f && f.getReason() != null ? f.getReason() : e.getMessage();
      throw new UncheckedIOException(what + ": unlink " + path + ": " + why, e);
    }
  }

  private static void joinUninterruptibly(Thread t) {
    boolean interrupted = false;
    for (;;) {
      try {
        t.join();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  static String checkName(String name) {
    Objects.requireNonNull(name, "network namespace name");
    if (name.isEmpty()) {
      throw new IllegalArgumentException("network namespace name is empty");
    }
    if (name.equals(".") || name.equals("..")) {
      throw new IllegalArgumentException("invalid network namespace name \"" + name + "\": \".\" and \"..\" are not names");
    }
    if (name.indexOf('/') >= 0 || name.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("invalid network namespace name \"" + name.replace("\0", "\\0")
          + "\": it must not contain '/' or NUL");
    }
    if (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 255) {
      throw new IllegalArgumentException("invalid network namespace name: longer than 255 bytes");
    }
    return name;
  }

  @Override
  public String toString() {
    return "network namespaces in " + directory;
  }
}
