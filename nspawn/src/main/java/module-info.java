/** rtnl4j's containers: a containers.nix-style spec turned into a running {@code systemd-nspawn}. */
module dev.rtnl4j.nspawn {
  requires transitive dev.rtnl4j.api;
  requires java.management;

  exports dev.rtnl4j.nspawn;
}
