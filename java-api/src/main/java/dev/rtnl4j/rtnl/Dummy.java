package dev.rtnl4j.rtnl;

import dev.rtnl4j.codec.MessageWriter;

/**
 * A dummy link ({@code dummy}): a device that drops everything sent to it, used to hold addresses
 * and routes. It has no settings. The kernel must have the dummy driver (this machine's does not;
 * Debian's has it as a module).
 */
public record Dummy() implements LinkKind.Extension {

  @Override
  public String kindName() {
    return "dummy";
  }

  @Override
  public void encodeData(MessageWriter w) {
    // no IFLA_INFO_DATA
  }
}
