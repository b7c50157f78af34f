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

  /** The keys of a {@code targets} mapping, shared by the Outposts and the Local Zones policies. */
  static final Keys KEYS = new Keys("Where the policies attach; at least one organizational unit or account in all.");
  static final Key<List<String>> ORGANIZATIONAL_UNITS = KEYS.texts("organizational_units", List.of(),
      "Organizational unit IDs, such as `ou-ab12-cd34ef56`.");
  static final Key<List<String>> ACCOUNTS = KEYS.texts("accounts", List.of(), "Member account IDs, 12 digits each (quoted).");

  static Targets read(YamlMap m) {
    Targets t = new Targets(m.get(ORGANIZATIONAL_UNITS), m.get(ACCOUNTS));
    m.finish();
    return t;
  }
}
