package dev.rtnl4j.it.vm;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class GuestMainTest {

  @Test
  void failureDescriptionKeepsMessageCauseAndTestFramesButNotTheFrameworkBelow() {
    Throwable t;
    try {
      failingHelper();
      throw new AssertionError("unreachable");
    } catch (IllegalStateException e) {
      t = e;
    }
    String d = GuestMain.describe(t);
    assertTrue(d.startsWith("java.lang.IllegalStateException: outer"), d);
    assertTrue(d.contains("Caused by: java.io.IOException: inner"), d);
    assertTrue(d.contains("GuestMainTest.failingHelper"), d);
    assertFalse(d.contains("org.junit.platform.") || d.contains("Method.invoke"), d);
    assertTrue(d.contains("more frames"), d);
  }

  private static void failingHelper() {
    throw new IllegalStateException("outer", new java.io.IOException("inner"));
  }
}
