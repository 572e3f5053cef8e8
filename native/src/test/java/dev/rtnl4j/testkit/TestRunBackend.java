package dev.rtnl4j.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.rtnl4j.sys.NativeBackends;

/**
 * Which native backend a test run is for. The build runs the suites of native and java-api twice
 * (the parent pom's Surefire executions: the default one, and "jna" with
 * {@code -Drtnl4j.backend=jna}); each names its backend in the system property
 * {@code rtnl4j.test.backend}. A run that is not on the backend it names would test the other one
 * twice without anyone noticing: {@link #assertActive()} catches that. The run on JDK 17 (the
 * "jdk17" execution) also names its JDK in {@value #JDK_PROPERTY}, which is checked the same way.
 */
public final class TestRunBackend {
  private TestRunBackend() {}

  /** The system property naming the backend this test run is for. */
  public static final String PROPERTY = "rtnl4j.test.backend";

  /** The system property naming the JDK feature version a test run is for, when it names one. */
  public static final String JDK_PROPERTY = "rtnl4j.test.jdk";

  /** The backend this run is for: {@value #PROPERTY}, else the one the JVM's settings choose. */
  public static String expected() {
    String named = System.getProperty(PROPERTY);
    if (named != null && !named.isEmpty()) {
      return named;
    }
    String property = System.getProperty(NativeBackends.PROPERTY);
    String environment = System.getenv(NativeBackends.ENVIRONMENT);
    if (property != null && !property.isEmpty()) {
      return property;
    }
    return environment != null && !environment.isEmpty() ? environment : Runtime.version().feature() >= 22 ? "ffm" : "jna";
  }

  /** Fails unless this JVM's backend (and JDK, when the run names one) is the one the run is for, saying what chose each. */
  public static void assertActive() {
    String jdk = System.getProperty(JDK_PROPERTY);
    if (jdk != null && !jdk.isEmpty()) {
      assertEquals(jdk, Integer.toString(Runtime.version().feature()), JDK_PROPERTY + " names the JDK of this run");
    }
    assertEquals(expected(), NativeBackends.get().name(), PROPERTY + "=" + System.getProperty(PROPERTY) + ", -D"
        + NativeBackends.PROPERTY + "=" + System.getProperty(NativeBackends.PROPERTY) + ", "
        + NativeBackends.ENVIRONMENT + "=" + System.getenv(NativeBackends.ENVIRONMENT));
  }
}
