package dev.rtnl4j.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the CLI in-process, as bin/rtnl4j would, capturing its output and exit status. */
record CliRun(int status, String out, String err) {
  static CliRun of(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int status = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(args);
    return new CliRun(status, out.toString(), err.toString());
  }

  @Override
  public String toString() {
    return "status " + status + "\n--- stdout\n" + out + "--- stderr\n" + err;
  }
}
