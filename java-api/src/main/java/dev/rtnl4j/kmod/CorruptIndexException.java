package dev.rtnl4j.kmod;

import java.nio.file.Path;

/**
 * A kmod binary index ({@code modules.*.bin}) is not what depmod writes: bad magic, an unsupported
 * version, or an offset, string or child table that runs outside the file.
 *
 * <p>The message names the file and the byte offset where the problem was found.
 */
public final class CorruptIndexException extends KmodException {
  private static final long serialVersionUID = 1L;

  private final transient Path file;
  private final long offset;

  /** The index {@code file} is corrupt at byte {@code offset}: {@code problem}. */
  public CorruptIndexException(Path file, long offset, String problem) {
    super(file + ": corrupt kmod index at byte " + offset + ": " + problem);
    this.file = file;
    this.offset = offset;
  }

  /** The index file. */
  public Path file() {
    return file;
  }

  /** The byte offset where the problem was found. */
  public long offset() {
    return offset;
  }
}
