package dev.rtnl4j.sys;

/** Makes the FFM backend (the JDK 22+ version of this class, in the multi-release jar). */
final class FfmBackends {
  private FfmBackends() {}

  /** A new FFM backend; its downcall handles are made when {@code LibC} is first used. */
  static NativeBackend create() {
    return new FfmBackend();
  }
}
