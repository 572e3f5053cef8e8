/** The rtnl4j example, a module of its own that reads rtnl4j's API module. */
module dev.rtnl4j.example {
  requires dev.rtnl4j.api;
}
