package dev.rtnl4j.nspawn;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * A container's state file ({@code STATE/containers/NAME.json}), written in two steps so that a
 * start spends next to nothing on it once nspawn has reported: {@link #prepare} renders the
 * {@link ContainerState} as JSON but for the leader's pid and creates {@code NAME.json.new} (done
 * while nspawn starts); {@link #complete} writes the JSON with the leader's pid in one
 * {@code writev} and renames the file into place, so that a reader never sees a half-written
 * state or one without its leader. {@link #close()} before that removes the partial file.
 */
final class StateFile implements AutoCloseable {
  private static final String KEY = "\"leaderPid\":";
  /** The placeholder the leader's pid replaces: no pid is negative, and a string holds '"' escaped. */
  private static final String HOLE = KEY + Integer.MIN_VALUE;

  private final Path path;
  private final Path partial;
  private final byte[] head;
  private final byte[] tail;
  private final FileChannel channel;
  private boolean done;

  private StateFile(Path path, Path partial, byte[] head, byte[] tail, FileChannel channel) {
    this.path = path;
    this.partial = partial;
    this.head = head;
    this.tail = tail;
    this.channel = channel;
  }

  /** The partial file of {@code path} ({@code NAME.json.new}), which a start that died may leave. */
  static Path partialOf(Path path) {
    return path.resolveSibling(path.getFileName() + ".new");
  }

  /**
   * Renders {@code state} (its leader pid left open) and creates the partial file.
   *
   * @throws IOException when the partial file cannot be created
   */
  static StateFile prepare(Path path, ContainerState state) throws IOException {
    String json = state.withLeaderPid(Integer.MIN_VALUE).toJson() + "\n";
    int at = json.indexOf(HOLE);
    byte[] head = json.substring(0, at + KEY.length()).getBytes(StandardCharsets.UTF_8);
    byte[] tail = json.substring(at + HOLE.length()).getBytes(StandardCharsets.UTF_8);
    Path partial = partialOf(path);
    FileChannel channel = FileChannel.open(partial, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
        StandardOpenOption.WRITE);
    return new StateFile(path, partial, head, tail, channel);
  }

  /**
   * Writes the state with {@code leaderPid} and renames it into place.
   *
   * @throws IOException when writing or renaming fails (the partial file is then left for {@link #close()})
   */
  void complete(int leaderPid) throws IOException {
    ByteBuffer[] parts = {ByteBuffer.wrap(head),
        ByteBuffer.wrap(Integer.toString(leaderPid).getBytes(StandardCharsets.US_ASCII)), ByteBuffer.wrap(tail)};
    while (parts[2].hasRemaining()) {
      channel.write(parts);
    }
    channel.close();
    Files.move(partial, path, StandardCopyOption.ATOMIC_MOVE);
    done = true;
  }

  /** Closes the partial file and removes it, unless {@link #complete} renamed it into place. */
  @Override
  public void close() throws IOException {
    channel.close();
    if (!done) {
      Files.deleteIfExists(partial);
    }
  }
}
