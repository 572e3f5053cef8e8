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
 * {@link ContainerState} as JSON but for the leader's pid and creates {@code NAME.json.new} (done
 * while nspawn starts); {@link #complete} writes the JSON with the leader's pid in one
 * {@code write} and renames the file into place, so that a reader never sees a half-written
 * state or one without its leader. {@link #close()} before that removes the partial file. The
 * system calls are made directly: a start runs this once, cold, where the JDK's file channels
 * cost ten times their calls.
 */
final class StateFile implements AutoCloseable {
  private static final String KEY = "\"leaderPid\":";
  /** The placeholder the leader's pid replaces: no pid is negative, and a string holds '"' escaped. */
  private static final String HOLE = KEY + Integer.MIN_VALUE;
  private static final int PID_DIGITS = 10;

  private final Path path;
  private final Path partial;
  private final ContainerState state;
  private final ByteBuffer content;
  private final byte[] tail;
  private int fd;
  private boolean done;

  private StateFile(Path path, Path partial, ContainerState state, ByteBuffer content, byte[] tail, int fd) {
    this.path = path;
    this.partial = partial;
    this.state = state;
    this.content = content;
    this.tail = tail;
    this.fd = fd;
  }

  /** The partial file of {@code path} ({@code NAME.json.new}), which a start that died may leave. */
  static Path partialOf(Path path) {
    return path.resolveSibling(path.getFileName() + ".new");
  }

  /**
   * Renders {@code state} (its leader pid left open) and creates the partial file.
   *
   * @throws NativeException when the partial file cannot be created
   */
  static StateFile prepare(Path path, ContainerState state) {
    String json = state.withLeaderPid(Integer.MIN_VALUE).toJson() + "\n";
    int at = json.indexOf(HOLE);
    byte[] head = json.substring(0, at + KEY.length()).getBytes(StandardCharsets.UTF_8);
    byte[] tail = json.substring(at + HOLE.length()).getBytes(StandardCharsets.UTF_8);
    ByteBuffer content = ByteBuffer.allocateDirect(head.length + PID_DIGITS + tail.length).put(head);
    Path partial = partialOf(path);
    int fd = Syscalls.open(partial.toString(),
        Syscalls.O_WRONLY | Syscalls.O_CREAT | Syscalls.O_TRUNC | Syscalls.O_CLOEXEC, 0644);
    if (fd < 0) {
      throw new NativeException("create " + partial, fd);
    }
    return new StateFile(path, partial, state, content, tail, fd);
  }

  /**
   * Writes the state with {@code leaderPid} and renames it into place; returns the state written.
   *
   * @throws NativeException when writing or renaming fails (the partial file is then left for {@link #close()})
   */
  ContainerState complete(int leaderPid) {
    content.put(Integer.toString(leaderPid).getBytes(StandardCharsets.US_ASCII)).put(tail).flip();
    while (content.hasRemaining()) {
      long n = Syscalls.write(fd, content);
      if (n < 0 && n != -Errno.EINTR) {
        throw new NativeException("write " + partial, (int) n);
      }
      content.position(content.position() + (int) Math.max(0, n));
    }
    closeFd();
    int r = Syscalls.rename(partial.toString(), path.toString());
    if (r < 0) {
      throw new NativeException("rename " + partial + " to " + path, r);
    }
    done = true;
    return state.withLeaderPid(leaderPid);
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
