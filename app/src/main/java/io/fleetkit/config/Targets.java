package io.fleetkit.config;

import java.util.ArrayList;
import java.util.List;

/** Where SCPs attach: organizational units and/or member accounts. */
public record Targets(List<String> organizationalUnits, List<String> accounts) {
  public Targets {
    organizationalUnits = List.copyOf(organizationalUnits);
    accounts = List.copyOf(accounts);
  }

  /** Target IDs with the config path each came from, OUs first, in file order. */
  public List<Target> all(String path) {
    List<Target> out = new ArrayList<>();
    for (int i = 0; i < organizationalUnits.size(); i++) {
      out.add(new Target(organizationalUnits.get(i), path + ".organizational_units[" + i + "]"));
    }
    for (int i = 0; i < accounts.size(); i++) {
      out.add(new Target(accounts.get(i), path + ".accounts[" + i + "]"));
    }
    return out;
  }

  public boolean isEmpty() {
    return organizationalUnits.isEmpty() && accounts.isEmpty();
  }

  public record Target(String id, String path) {}

  static Targets read(YamlMap m) {
    Targets t = new Targets(m.strings("organizational_units", List.of()), m.strings("accounts", List.of()));
    m.finish();
    return t;
  }
}
