package dev.rtnl4j.kmod;

import dev.rtnl4j.sys.Errno;

/** What happened to one module when loading. */
public sealed interface LoadOutcome {
  /** The module (or, for a name that found nothing, the name). */
  String module();

  /** True unless this outcome is a failure. */
  default boolean ok() {
    return true;
  }

  /**
   * Loaded now.
   *
   * @param how {@code finit_module}, {@code finit_module (compressed, kernel decompresses)} or
   *     {@code init_module (decompressed in user space)}
   */
  record Loaded(String module, String how) implements LoadOutcome {}

  /** Already {@code live} (or loaded concurrently: {@code EEXIST}). */
  record AlreadyLive(String module) implements LoadOutcome {}

  /** Compiled into the kernel. */
  record BuiltIn(String module) implements LoadOutcome {}

  /** The configuration's {@code install} command ran instead. */
  record InstallCommandRan(String module, String command) implements LoadOutcome {}

  /** Blacklisted: not loaded. */
  record Blacklisted(String module) implements LoadOutcome {}

  /** Not loaded because an earlier failure stopped a strict load. */
  record Skipped(String module, String reason) implements LoadOutcome {}

  /**
   * Not available: no such module, or a kernel without module support.
   *
   * @param reason why, in words
   */
  record NotAvailable(String module, String reason) implements LoadOutcome {
    @Override
    public boolean ok() {
      return false;
    }
  }

  /**
   * The kernel (or the install command) refused.
   *
   * @param errno the error number ({@code 0} when an install command failed)
   * @param message what failed, with the errno name
   */
  record Failed(String module, int errno, String message) implements LoadOutcome {
    @Override
    public boolean ok() {
      return false;
    }

    /** The errno name ({@code ENOEXEC}). */
    public String errnoName() {
      return errno == 0 ? "" : Errno.name(errno);
    }
  }
}
