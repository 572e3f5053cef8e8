package dev.rtnl4j.nspawn;

import dev.rtnl4j.sys.Errno;
import dev.rtnl4j.sys.NativeException;
import dev.rtnl4j.sys.Syscalls;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A container's state file ({@code STATE/containers/NAME.json}), written in two steps so that a
 * start spends next to nothing on it once nspawn has reported: {@link #prepare} renders the
 * {@link ContainerState} as JSON and writes it to {@code NAME.json.new} with blanks where the
 * leader's pid goes (done while nspawn starts); {@link #complete} writes the pid's digits over the
 * blanks' end in one {@code pwrite} and renames the file into place, so that a reader never sees a
 * half-written state or one without its leader. JSON allows the blanks left before the number.
 * {@link #close()} before that removes the partial file. The system calls are made directly: a
 * start runs this once, cold, where the JDK's file channels cost ten times their calls.
 */
final class StateFile implements AutoCloseable {
  private static final String KEY = "\"leaderPid\":";
  /** The placeholder the leader's pid replaces: no pid is negative, and a string holds '"' escaped. */
  private static final String HOLE = KEY + Integer.MIN_VALUE;
  /** Room for any pid (an int): the digits end where the blanks do. */
  private static final int PID_DIGITS = 10;

  private final Path path;
  private final Path partial;
  private final ContainerState state;
  /** Offset in the file just past the blanks for the leader's pid. */
  private final long pidEnd;
  private final ByteBuffer digits = ByteBuffer.allocateDirect(PID_DIGITS);
  private int fd;
  private boolean done;

  private StateFile(Path path, Path partial, ContainerState state, long pidEnd, int fd) {
    this.path = path;
    this.partial = partial;
    this.state = state;
    this.pidEnd = pidEnd;
    this.fd = fd;
  }

  /** The partial file of {@code path} ({@code NAME.json.new}), which a start that died may leave. */
  static Path partialOf(Path path) {
    return path.resolveSibling(path.getFileName() + ".new");
  }

  /**
   * Renders {@code state} with blanks for its leader pid and writes it to the partial file.
   *
   * @throws NativeException when the partial file cannot be created or written (nothing is left then)
   */
  static StateFile prepare(Path path, ContainerState state) {
    String json = state.withLeaderPid(Integer.MIN_VALUE).toJson() + "\n";
    int at = json.indexOf(HOLE) + KEY.length();
    byte[] head = json.substring(0, at).getBytes(StandardCharsets.UTF_8);
    byte[] tail = json.substring(at + HOLE.length() - KEY.length()).getBytes(StandardCharsets.UTF_8);
    ByteBuffer content = ByteBuffer.allocateDirect(head.length + PID_DIGITS + tail.length).put(head);
    while (content.position() < head.length + PID_DIGITS) {
      content.put((byte) ' ');
    }
    content.put(tail).flip();
    Path partial = partialOf(path);
    int fd = Syscalls.open(partial.toString(),
        Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_TRUNC | Syscalls.O_CLOEXEC, 0644);
    if (fd < 0) {
      throw new NativeException("create " + partial, fd);
    }
    StateFile f = new StateFile(path, partial, state, head.length + PID_DIGITS, fd);
    try {
      f.writeAll(content, 0, "write " + partial);
    } catch (RuntimeException e) {
      f.close();
      throw e;
    }
    return f;
  }

  /**
   * Writes {@code leaderPid} into the prepared file and renames it into place; returns the state written.
   *
   * @throws NativeException when writing or renaming fails (the partial file is then left for {@link #close()})
   */
  ContainerState complete(int leaderPid) {
    digits.clear();
    digits.put(Integer.toString(leaderPid).getBytes(StandardCharsets.US_ASCII)).flip();
    writeAll(digits, pidEnd - digits.remaining(), "write the leader pid to " + partial);
    closeFd();
    int r = Syscalls.rename(partial.toString(), path.toString());
    if (r < 0) {
      throw new NativeException("rename " + partial + " to " + path, r);
    }
    done = true;
    return state.withLeaderPid(leaderPid);
  }

  /** Writes what remains of {@code b} at {@code offset} on, retrying short writes and EINTR. */
  private void writeAll(ByteBuffer b, long offset, String what) {
    long at = offset;
    while (b.hasRemaining()) {
      long n = Syscalls.pwrite(fd, b, at);
      if (n < 0 && n != -Errno.EINTR) {
        throw new NativeException(what, (int) n);
      }
      b.position(b.position() + (int) Math.max(0, n));
      at += Math.max(0, n);
    }
  }

  private void closeFd() {
    if (fd >= 0) {
      Syscalls.close(fd);
      fd = -1;
    }
  }

  /** Closes the partial file and removes it, unless {@link #complete} renamed it into place. */
  @Override
  public void close() {
    closeFd();
    if (!done) {
      Syscalls.unlink(partial.toString());
    }
  }
}
