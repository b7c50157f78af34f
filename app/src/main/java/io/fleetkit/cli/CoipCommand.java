package io.fleetkit.cli;

import io.fleetkit.config.ConfigException;
import io.fleetkit.config.ConfigLoader;
import io.fleetkit.discovery.ApiCalls;
import io.fleetkit.discovery.AwsClients;
import io.fleetkit.discovery.CoipAddresses;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.CoipPool;
import software.amazon.awssdk.services.ec2.model.Subnet;

/**
 * {@code bin/fleetkit outpost-lgw coip}: the customer-owned IP steps that have no CloudFormation type. The pool is
 * {@code --pool}, else {@code outpost_routing.coip_pool_id} of {@code --config}. {@code --dry-run} changes nothing:
 * AllocateAddress is sent with DryRun (EC2 answers DryRunOperation when it would be allowed); ModifySubnetAttribute has
 * no DryRun parameter, so there the dry run only reads the subnet and the pool.
 */
@Command(name = "coip", mixinStandardHelpOptions = true,
    description = "Customer-owned IPs: allocate one to an instance, or turn on auto-assignment for an Outpost subnet.")
public final class CoipCommand implements Runnable {
  @CommandLine.ParentCommand
  OutpostLgwCommand parent;

  @CommandLine.Spec
  CommandLine.Model.CommandSpec spec;

  @Option(names = "--pool", scope = CommandLine.ScopeType.INHERIT, paramLabel = "POOL",
      converter = Arguments.CoipPoolIdConverter.class,
      description = "CoIP pool ID (default: outpost_routing.coip_pool_id of --config)")
  Optional<String> pool = Optional.empty();

  @Option(names = "--config", scope = CommandLine.ScopeType.INHERIT, paramLabel = "FILE", defaultValue = "config.yaml",
      description = "Config file to read the pool from (default: ${DEFAULT-VALUE})")
  Path config;

  @Option(names = "--dry-run", scope = CommandLine.ScopeType.INHERIT, description = "Check, change nothing")
  boolean dryRun;

  @Override
  public void run() {
    spec.commandLine().usage(parent.console.out());
  }

  @Command(name = "allocate", mixinStandardHelpOptions = true, description = "Allocate a customer-owned IP from the pool"
      + " (AllocateAddress) and associate it with an instance on the Outpost (AssociateAddress).")
  int allocate(@Option(names = "--instance", required = true, paramLabel = "ID", description = "Instance on the Outpost",
      converter = Arguments.InstanceIdConverter.class) String instance) {
    Pool chosen = pool();
    if (chosen.id().isEmpty()) return chosen.exit();
    return parent.guarded(null, aws -> {
      CoipAddresses coip = coip(aws);
      CoipPool p = coip.pool(chosen.id().get());
      coip.outpostInstance(instance);
      if (dryRun) {
        coip.allocateDryRun(p.poolId());
        parent.console.out().println("dry run: ec2:AllocateAddress from " + p.poolId() + " (route table " + p.localGatewayRouteTableId()
            + ") would be allowed; ec2:AssociateAddress to " + instance + " is not checked, it needs the allocation ID"
            + " that only a real allocation returns; nothing was changed");
        return;
      }
      CoipAddresses.Allocation a = coip.allocate(p.poolId(), instance);
      parent.console.out().println("allocated " + a.address() + " (" + a.allocationId() + ") from " + p.poolId() + " and associated it"
          + " with " + instance + " (" + a.associationId() + ")");
    });
  }

  @Command(name = "auto-assign", mixinStandardHelpOptions = true, description = "Turn on customer-owned IP"
      + " auto-assignment from the pool for an Outpost subnet (ModifySubnetAttribute MapCustomerOwnedIpOnLaunch).")
  int autoAssign(@Parameters(paramLabel = "SUBNET", description = "Subnet on the Outpost",
      converter = Arguments.SubnetIdConverter.class) String subnet) {
    Pool chosen = pool();
    if (chosen.id().isEmpty()) return chosen.exit();
    return parent.guarded(null, aws -> {
      CoipAddresses coip = coip(aws);
      CoipPool p = coip.pool(chosen.id().get());
      Subnet s = coip.subnet(subnet);
      if (s.outpostArn() == null) {
        throw new io.fleetkit.discovery.DiscoveryException(subnet + " is not on an Outpost (expected an Outpost subnet:"
            + " customer-owned IPs come from its local gateway)", null);
      }
      String now = Boolean.TRUE.equals(s.mapCustomerOwnedIpOnLaunch()) ? "on, pool " + s.customerOwnedIpv4Pool() : "off";
      if (dryRun) {
        parent.console.out().println("dry run: " + subnet + " (" + s.outpostArn() + ") would assign customer-owned IPs from "
            + p.poolId() + " at launch (now: " + now + "); ModifySubnetAttribute has no DryRun parameter, so the permission"
            + " is not checked; nothing was changed");
        return;
      }
      coip.autoAssign(subnet, p.poolId());
      parent.console.out().println(subnet + " now assigns customer-owned IPs from " + p.poolId() + " at launch (was: " + now + ")");
    });
  }

  private CoipAddresses coip(AwsClients aws) {
    return new CoipAddresses(aws.build(Ec2Client.builder()), new ApiCalls("outpost-lgw coip"));
  }

  /** The pool, or none and the exit code of why (its error line printed). */
  private record Pool(Optional<String> id, int exit) {}

  /** --pool, else the config's pool: a config with errors is a config error, no pool at all a usage error. */
  private Pool pool() {
    Optional<String> id = pool;
    if (id.isEmpty() && Files.exists(config)) {
      try {
        id = ConfigLoader.load(config).outpostRouting().coipPoolId();
      } catch (ConfigException e) {
        return new Pool(id, parent.console.fail(ExitCodes.CONFIG, config + " has errors:\n" + e.getMessage()));
      }
    }
    if (id.isEmpty()) {
      return new Pool(id, parent.console.fail(ExitCodes.USAGE, "no CoIP pool: pass --pool, or set"
          + " outpost_routing.coip_pool_id in " + config));
    }
    return new Pool(id, ExitCodes.OK);
  }
}
