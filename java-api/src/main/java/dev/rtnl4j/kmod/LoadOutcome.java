package dev.rtnl4j.kmod;

import dev.rtnl4j.sys.Errno;

/**
 * What happened to one module when loading. {@link #kind()} names the case as an enum, so that
 * code describing outcomes can {@code switch} over it and have the compiler check every case is
 * handled (a pattern {@code switch} over this sealed type needs Java 21; rtnl4j is built for 17).
 */
public sealed interface LoadOutcome {
  /** The cases of {@link LoadOutcome}, one per record. */
  enum Kind { LOADED, ALREADY_LIVE, BUILT_IN, INSTALL_COMMAND_RAN, BLACKLISTED, SKIPPED, NOT_AVAILABLE, FAILED }

  /** The module (or, for a name that found nothing, the name). */
  String module();

  /** Which case this is. */
  Kind kind();

  /**
   * The words that go with the case: how the module was loaded ({@code LOADED}), the install
   * command ({@code INSTALL_COMMAND_RAN}), the reason ({@code SKIPPED}, {@code NOT_AVAILABLE}), the
   * message ({@code FAILED}); empty for the others.
   */
  default String detail() {
    return "";
  }

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
  record Loaded(String module, String how) implements LoadOutcome {
    @Override
    public Kind kind() {
      return Kind.LOADED;
    }

    @Override
    public String detail() {
      return how;
    }
  }

  /** Already {@code live} (or loaded concurrently: {@code EEXIST}). */
  record AlreadyLive(String module) implements LoadOutcome {
    @Override
    public Kind kind() {
      return Kind.ALREADY_LIVE;
    }
  }

  /** Compiled into the kernel. */
  record BuiltIn(String module) implements LoadOutcome {
    @Override
    public Kind kind() {
      return Kind.BUILT_IN;
    }
  }

  /** The configuration's {@code install} command ran instead. */
  record InstallCommandRan(String module, String command) implements LoadOutcome {
    @Override
    public Kind kind() {
      return Kind.INSTALL_COMMAND_RAN;
    }

    @Override
    public String detail() {
      return command;
    }
  }

  /** Blacklisted: not loaded. */
  record Blacklisted(String module) implements LoadOutcome {
    @Override
    public Kind kind() {
      return Kind.BLACKLISTED;
    }
  }

  /** Not loaded because an earlier failure stopped a strict load. */
  record Skipped(String module, String reason) implements LoadOutcome {
    @Override
    public Kind kind() {
      return Kind.SKIPPED;
    }

    @Override
    public String detail() {
      return reason;
    }
  }

  /**
   * Not available: no such module, or a kernel without module support.
   *
   * @param reason why, in words
   */
  record NotAvailable(String module, String reason) implements LoadOutcome {
    @Override
    public Kind kind() {
      return Kind.NOT_AVAILABLE;
    }

    @Override
    public String detail() {
      return reason;
    }

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
    public Kind kind() {
      return Kind.FAILED;
    }

    @Override
    public String detail() {
      return message;
    }

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
