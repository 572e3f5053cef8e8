package dev.rtnl4j.sys;

import java.nio.ByteBuffer;

/**
 * Chooses the JVM's {@link NativeBackend}, once: the system property {@code rtnl4j.backend}
 * ({@code ffm} or {@code jna}), else the environment variable {@code RTNL4J_BACKEND}, else
 * {@code ffm} on JDK 22 and later and {@code jna} before. An empty value counts as unset.
 *
 * <p>{@link #get()} throws {@link IllegalStateException} when the choice cannot be honoured, and
 * says why: an unknown value (named, with the accepted ones), {@code ffm} on a JDK before 22, or
 * {@code jna} without the JNA jar ({@code net.java.dev.jna:jna}) on the class or module path, or
 * a platform other than Linux on x86_64 (the system call numbers and struct layouts are that
 * platform's: elsewhere the same numbers are other calls).
 */
public final class NativeBackends {
  private NativeBackends() {}

  /** The system property that names the backend: {@code -Drtnl4j.backend=ffm|jna}. */
  public static final String PROPERTY = "rtnl4j.backend";
  /** The environment variable that names the backend when the property is not set. */
  public static final String ENVIRONMENT = "RTNL4J_BACKEND";
  /** The first JDK with the final FFM API ({@code Arena.ofShared}, {@code Linker.Option.captureCallState}). */
  static final int FFM_SINCE = 22;
  private static final String JNA_JAR = "the JNA jar (net.java.dev.jna:jna)";

  /**
   * A backend to load and what chose it.
   *
   * @param backend {@code "ffm"} or {@code "jna"}
   * @param source the setting that named it ({@code "-Drtnl4j.backend=jna"}, {@code "RTNL4J_BACKEND=jna"}),
   *     or the default's reason ({@code "default on JDK 25"})
   * @param forced whether a setting named it (else it is the default for the JDK)
   */
  record Choice(String backend, String source, boolean forced) {}

  /** The outcome of the one choice per JVM: a backend, or why there is none. */
  private record Outcome(NativeBackend backend, String failure) {}

  /** Makes the choice when first asked, once per JVM. */
  private static final class Chosen {
    static final Outcome OUTCOME = decide();

    private static Outcome decide() {
      try {
        Choice c = choose(System.getProperty(PROPERTY), System.getenv(ENVIRONMENT), Runtime.version().feature());
        return new Outcome(load(c), null);
      } catch (IllegalStateException e) {
        return new Outcome(null, e.getMessage());
      }
    }
  }

  /**
   * This JVM's backend, chosen on the first call.
   *
   * @throws IllegalStateException (on every call) when the chosen backend cannot be used, saying why
   */
  public static NativeBackend get() {
    Outcome o = Chosen.OUTCOME;
    if (o.backend() == null) {
      throw new IllegalStateException(o.failure());
    }
    return o.backend();
  }

  /**
   * The backend named {@code name}, loaded now whatever this JVM's choice is (for benchmarks and
   * tests that compare the two).
   *
   * @throws IllegalStateException for an unknown name, or a backend that cannot load here
   */
  public static NativeBackend named(String name) {
    return load(parse(name, "backend " + name, Runtime.version().feature()));
  }

  /**
   * The choice that {@code property} (the system property, or null), {@code environment} (the
   * environment variable, or null) and the JDK's feature version make: no loading, no side effect.
   *
   * @throws IllegalStateException for an unknown value, or {@code ffm} named on a JDK before 22
   */
  static Choice choose(String property, String environment, int jdkFeature) {
    if (property != null && !property.isEmpty()) {
      return parse(property, "-D" + PROPERTY + "=" + property, jdkFeature);
    }
    if (environment != null && !environment.isEmpty()) {
      return parse(environment, ENVIRONMENT + "=" + environment, jdkFeature);
    }
    String backend = jdkFeature >= FFM_SINCE ? "ffm" : "jna";
    return new Choice(backend, "default on JDK " + jdkFeature, false);
  }

  private static Choice parse(String value, String source, int jdkFeature) {
    if (!value.equals("ffm") && !value.equals("jna")) {
      throw new IllegalStateException(source + ": unknown native backend \"" + value + "\"; accepted: ffm, jna");
    }
    if (value.equals("ffm") && jdkFeature < FFM_SINCE) {
      throw new IllegalStateException(source + ": the FFM backend needs JDK " + FFM_SINCE + " or later; this is JDK "
          + jdkFeature + " (use jna, with the JNA jar net.java.dev.jna:jna)");
    }
    return new Choice(value, source, true);
  }

  /**
   * Refuses a platform other than Linux on x86_64 ({@code os.name}, {@code os.arch} as the JVM
   * reports them): {@link SyscallNumbers} and {@link Structs} are x86_64's, and on aarch64, say,
   * number 39 (getpid here) is umount2.
   *
   * @throws IllegalStateException naming the platform found
   */
  static void requireLinuxX8664(String osName, String osArch) {
    if (!"Linux".equals(osName) || !("amd64".equals(osArch) || "x86_64".equals(osArch))) {
      throw new IllegalStateException("rtnl4j's native layer is built for Linux on x86_64 (its system call numbers and"
          + " struct layouts); this JVM runs on " + osName + " " + osArch);
    }
  }

  /** Loads the chosen backend, or says what is missing. */
  static NativeBackend load(Choice c) {
    requireLinuxX8664(System.getProperty("os.name"), System.getProperty("os.arch"));
    if (c.backend().equals("ffm")) {
      return FfmBackends.create();
    }
    try {
      return new JnaBackend();
    } catch (NoClassDefFoundError e) {
      String why = c.forced() ? c.source() + ": " + JNA_JAR + " is not on the class or module path"
          : "rtnl4j needs JDK " + FFM_SINCE + " or later (this is JDK " + Runtime.version().feature() + "), or "
              + JNA_JAR + " on the class or module path";
      throw new IllegalStateException(why + " (" + e.getMessage() + ")", e);
    } catch (UnsatisfiedLinkError | ExceptionInInitializerError e) {
      throw new IllegalStateException(c.source() + ": JNA could not load its native library or bind the C library: "
          + e, e);
    }
  }

  /**
   * Checks that a buffer has a native address.
   *
   * @throws IllegalArgumentException if it is a heap buffer
   */
  static void requireDirect(ByteBuffer buffer) {
    if (!buffer.isDirect()) {
      throw new IllegalArgumentException("a native call needs a direct ByteBuffer (ByteBuffer.allocateDirect), got a heap buffer of "
          + buffer.capacity() + " bytes");
    }
  }

  /** The error of {@code fileActionsAddCloseFrom} on a C library without it. */
  static UnsupportedOperationException noCloseFrom() {
    return new UnsupportedOperationException(
        "this C library has no posix_spawn_file_actions_addclosefrom_np (glibc 2.34 and later): check hasFileActionsAddCloseFrom()");
  }
}
