package dev.rtnl4j.rtnl;

/**
 * A network namespace named to the kernel in a request: by an open file descriptor
 * ({@code IFLA_NET_NS_FD}) or by a process id ({@code IFLA_NET_NS_PID}). {@code label} is only for
 * messages ("netns c1"). The descriptor stays the caller's: it must be open while the request is
 * sent, and the caller closes it.
 */
public sealed interface NamespaceRef {
  /** For messages: the namespace's name or a description. */
  String label();

  /** A namespace open as file descriptor {@code fd}. */
  record Fd(int fd, String label) implements NamespaceRef {
    /** Checks the fd is not negative. */
    public Fd {
      if (fd < 0) {
        throw new IllegalArgumentException("namespace file descriptor " + fd + " is negative");
      }
      if (label == null) {
        label = "fd " + fd;
      }
    }
  }

  /** The namespace of process {@code pid}. */
  record Pid(int pid, String label) implements NamespaceRef {
    /** Checks the pid is positive. */
    public Pid {
      if (pid <= 0) {
        throw new IllegalArgumentException("process id " + pid + " must be positive");
      }
      if (label == null) {
        label = "pid " + pid;
      }
    }
  }

  /** The namespace {@code namespace} holds open (its fd, while the handle is open), by its label. */
  static NamespaceRef of(dev.rtnl4j.netns.NetNamespace namespace) {
    return new Fd(namespace.fd(), namespace.label());
  }

  /** The namespace open as {@code fd}, called {@code label} in messages. */
  static NamespaceRef fd(int fd, String label) {
    return new Fd(fd, label);
  }

  /** The namespace open as {@code fd}. */
  static NamespaceRef fd(int fd) {
    return new Fd(fd, null);
  }

  /** The namespace of process {@code pid}. */
  static NamespaceRef pid(int pid) {
    return new Pid(pid, null);
  }
}
