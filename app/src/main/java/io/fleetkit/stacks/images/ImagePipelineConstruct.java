package io.fleetkit.stacks.images;

import io.fleetkit.constructs.Ordered;
import io.fleetkit.config.ImagePipelinesConfig;
import io.fleetkit.constructs.AmiChoice;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awscdk.ArnComponents;
import software.amazon.awscdk.ArnFormat;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.services.imagebuilder.CfnComponent;
import software.amazon.awscdk.services.imagebuilder.CfnDistributionConfiguration;
import software.amazon.awscdk.services.imagebuilder.CfnImagePipeline;
import software.amazon.awscdk.services.imagebuilder.CfnImageRecipe;
import software.amazon.awscdk.services.imagebuilder.CfnInfrastructureConfiguration;
import software.amazon.awscdk.services.kms.IKey;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * One Image Builder pipeline: its components, a recipe, infrastructure with its own SNS topic, a
 * distribution and the dependency-update schedule.
 */
public class ImagePipelineConstruct extends Construct {
  /** Root device of Amazon Linux 2023 AMIs (and of images built from them). */
  static final String ROOT_DEVICE = AmiChoice.AMAZON_LINUX_ROOT_DEVICE;
  /** Runs on schedule only when the parent image or a component has a newer version. */
  public static final String START_CONDITION = "EXPRESSION_MATCH_AND_DEPENDENCY_UPDATES_AVAILABLE";

  static final String COMPONENT_PLATFORM = "Linux";
  private final CfnImagePipeline pipeline;
  private final CfnImageRecipe recipe;
  private final Topic topic;

  /**
   * @param resourceName {@code <prefix>-<pipeline name>}, used for every Image Builder resource
   * @param parentImage {@code ssm:<parameter>} for the gold pipeline, the parent image ARN (x.x.x) otherwise
   * @param parentSpec a token-free description of the parent, hashed into the recipe version
   */
  public record Props(String resourceName, ImagePipelinesConfig.Pipeline pipeline, String parentImage,
      String parentSpec, List<String> instanceTypes, Optional<String> subnetId, List<String> securityGroupIds,
      String instanceProfileName, String logsBucket, IKey topicKey, String schedule, int testTimeoutMinutes) {}

  public ImagePipelineConstruct(Construct scope, String id, Props props) {
    super(scope, id);
    var pl = props.pipeline();
    Stack stack = Stack.of(this);

    List<CfnImageRecipe.ComponentConfigurationProperty> components = new ArrayList<>();
    List<String> versionParts = new ArrayList<>(List.of(props.parentSpec(), "root:" + ROOT_DEVICE + ":" + pl.rootVolumeGiB()));
    for (var c : pl.components()) {
      String arn;
      if (c.kind() == ImagePipelinesConfig.Kind.ARN) {
        arn = c.name();
        versionParts.add("arn:" + arn);
      } else if (c.managed()) {
        // AWS-managed components live in account "aws": arn:<partition>:imagebuilder:<region>:aws:component/<name>/x.x.x
        // (Image Builder "Manage components", AWS managed components).
        arn = stack.formatArn(ArnComponents.builder().service("imagebuilder").account("aws").resource("component")
            .resourceName(c.name() + "/" + c.version()).arnFormat(ArnFormat.SLASH_RESOURCE_NAME).build());
        versionParts.add("managed:" + c.name() + "/" + c.version());
      } else {
        String name = props.resourceName() + "-" + c.name();
        // Any edit of a property that replaces the component (description included) gets a new version.
        String version = ContentVersion.component(name, COMPONENT_PLATFORM, c.description(), c.yaml(), List.of(),
            Optional.empty());
        CfnComponent component = CfnComponent.Builder.create(this, "Component-" + c.name())
            .name(name)
            .version(version)
            .platform(COMPONENT_PLATFORM)
            .description(c.description())
            .changeDescription("content hash " + version)
            .data(c.yaml())
            .build();
        arn = component.getAttrArn();
        versionParts.add("custom:" + name + "/" + version);
      }
      components.add(CfnImageRecipe.ComponentConfigurationProperty.builder().componentArn(arn).build());
    }

    recipe = CfnImageRecipe.Builder.create(this, "Recipe")
        .name(props.resourceName())
        .version(ContentVersion.of(versionParts))
        .parentImage(props.parentImage())
        .components(components)
        .blockDeviceMappings(List.of(CfnImageRecipe.InstanceBlockDeviceMappingProperty.builder()
            .deviceName(ROOT_DEVICE)
            .ebs(CfnImageRecipe.EbsInstanceBlockDeviceSpecificationProperty.builder()
                .encrypted(true)
                .volumeType("gp3")
                .volumeSize(pl.rootVolumeGiB())
                .deleteOnTermination(true)
                .build())
            .build()))
        .description("fleetkit " + pl.name() + " image")
        .build();

    topic = Topic.Builder.create(this, "Topic")
        .topicName(props.resourceName() + "-image-builder")
        .displayName("Image Builder " + props.resourceName())
        .masterKey(props.topicKey())
        .enforceSsl(true)
        .build();

    var infra = CfnInfrastructureConfiguration.Builder.create(this, "Infrastructure")
        .name(props.resourceName())
        .description("Build and test instances of " + props.resourceName())
        .instanceProfileName(props.instanceProfileName())
        .instanceTypes(props.instanceTypes())
        .terminateInstanceOnFailure(true)
        .snsTopicArn(topic.getTopicArn())
        .instanceMetadataOptions(CfnInfrastructureConfiguration.InstanceMetadataOptionsProperty.builder()
            .httpTokens("required")
            .httpPutResponseHopLimit(1)
            .build())
        .logging(CfnInfrastructureConfiguration.LoggingProperty.builder()
            .s3Logs(CfnInfrastructureConfiguration.S3LogsProperty.builder()
                .s3BucketName(props.logsBucket())
                .s3KeyPrefix(ImagePipelinesStack.LOG_PREFIX + "/" + pl.name())
                .build())
            .build());
    props.subnetId().ifPresent(infra::subnetId);
    if (!props.securityGroupIds().isEmpty()) infra.securityGroupIds(props.securityGroupIds());
    CfnInfrastructureConfiguration infrastructure = infra.build();

    var dist = CfnDistributionConfiguration.DistributionProperty.builder()
        .region(stack.getRegion())
        .amiDistributionConfiguration(Ordered.map(
            "Name", pl.amiName(),
            "Description", "fleetkit " + pl.name() + " image built by " + props.resourceName(),
            "AmiTags", Map.of("fleetkit:pipeline", props.resourceName())));
    pl.ssmParameter().ifPresent(p -> dist.ssmParameterConfigurations(List.of(
        CfnDistributionConfiguration.SsmParameterConfigurationProperty.builder()
            .parameterName(p)
            .dataType("aws:ec2:image")
            .build())));
    CfnDistributionConfiguration distribution = CfnDistributionConfiguration.Builder.create(this, "Distribution")
        .name(props.resourceName())
        .description("AMI of " + props.resourceName() + " in this Region")
        .distributions(List.of(dist.build()))
        .build();

    pipeline = CfnImagePipeline.Builder.create(this, "Pipeline")
        .name(props.resourceName())
        .description("fleetkit " + pl.name() + " pipeline; rebuilds when its parent image or components change")
        .imageRecipeArn(recipe.getAttrArn())
        .infrastructureConfigurationArn(infrastructure.getAttrArn())
        .distributionConfigurationArn(distribution.getAttrArn())
        .schedule(CfnImagePipeline.ScheduleProperty.builder()
            .scheduleExpression(props.schedule())
            .pipelineExecutionStartCondition(START_CONDITION)
            .build())
        .imageTestsConfiguration(CfnImagePipeline.ImageTestsConfigurationProperty.builder()
            .imageTestsEnabled(true)
            .timeoutMinutes(props.testTimeoutMinutes())
            .build())
        .enhancedImageMetadataEnabled(true)
        .status("ENABLED")
        .build();
  }

  public CfnImagePipeline pipeline() {
    return pipeline;
  }

  public CfnImageRecipe recipe() {
    return recipe;
  }

  public Topic topic() {
    return topic;
  }
}
