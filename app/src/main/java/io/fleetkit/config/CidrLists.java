package io.fleetkit.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Checks a configured list of IPv4 blocks: each one parses ({@link Cidr}: four octets, a prefix, host bits zero), and
 * no two overlap. When the shared strict CIDR parser lands in {@code config}, {@link #check} is where it plugs in.
 */
final class CidrLists {
  private CidrLists() {}

  /**
   * The blocks that parse, in order; every malformed block, overlap and (unless {@code world} says why it is allowed)
   * 0.0.0.0/0 is reported against its item.
   *
   * @param world empty to refuse 0.0.0.0/0; else what it means where it is allowed
   */
  static List<Cidr> check(Problems p, String path, List<String> values, Optional<String> world) {
    List<Cidr> parsed = new ArrayList<>();
    List<Integer> at = new ArrayList<>();
    for (int i = 0; i < values.size(); i++) {
      String item = path + "[" + i + "]";
      Optional<Cidr> c = Cidr.parse(values.get(i));
      if (c.isEmpty()) {
        p.error(item, "\"" + values.get(i) + "\" is not an IPv4 block with its host bits zero (expected a block such as"
            + " 10.41.0.0/16)");
        continue;
      }
      if (c.get().prefix() == 0 && world.isEmpty()) {
        p.error(item, "0.0.0.0/0 admits every address (expected narrower blocks: fleetkit writes no 0.0.0.0/0 here)");
        continue;
      }
      for (int j = 0; j < parsed.size(); j++) {
        // A default route (allowed only where world says what it means) overlaps every block by design.
        if (parsed.get(j).prefix() == 0 || c.get().prefix() == 0) continue;
        if (parsed.get(j).overlaps(c.get())) {
          p.error(item, c.get() + " overlaps " + parsed.get(j) + " of item " + at.get(j)
              + " (expected blocks that do not overlap)");
        }
      }
      parsed.add(c.get());
      at.add(i);
    }
    return parsed;
  }
}
