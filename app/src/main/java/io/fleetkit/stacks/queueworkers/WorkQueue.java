package io.fleetkit.stacks.queueworkers;

import io.fleetkit.config.QueueWorkersConfig;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.sqs.DeadLetterQueue;
import software.amazon.awscdk.services.sqs.Queue;
import software.amazon.awscdk.services.sqs.QueueEncryption;
import software.amazon.awscdk.services.sqs.RedriveAllowPolicy;
import software.amazon.awscdk.services.sqs.RedrivePermission;
import software.constructs.Construct;

/**
 * The work queue ({@code Queue}) and its dead-letter queue ({@code DeadLetterQueue}): both encrypted with
 * SQS-managed keys and refusing requests without TLS, FIFO or standard alike. A message moves to the
 * dead-letter queue after the configured number of receives, and stays there for 14 days, the longest SQS
 * keeps a message, so that nothing is lost before someone looks.
 */
public class WorkQueue extends Construct {
  /** SQS MessageRetentionPeriod: at most 1,209,600 seconds (14 days). */
  static final Duration MAX_RETENTION = Duration.days(14);

  private final Queue queue;
  private final Queue deadLetters;

  public WorkQueue(Construct scope, String id, QueueWorkersConfig.Queue q) {
    super(scope, id);
    var dlq = Queue.Builder.create(this, "DeadLetterQueue")
        .encryption(QueueEncryption.SQS_MANAGED)
        .enforceSsl(true)
        .retentionPeriod(MAX_RETENTION)
        // Control Tower CT.SQS.PR.1 recognizes a dead-letter queue by its RedriveAllowPolicy. allowAll, because
        // naming the source queue here while it names this one would be a circular dependency.
        .redriveAllowPolicy(RedriveAllowPolicy.builder().redrivePermission(RedrivePermission.ALLOW_ALL).build());
    var main = Queue.Builder.create(this, "Queue")
        .encryption(QueueEncryption.SQS_MANAGED)
        .enforceSsl(true)
        .visibilityTimeout(Duration.seconds(q.visibilityTimeoutSeconds()));
    if (q.fifo()) {
      dlq.fifo(true);
      main.fifo(true);
    }
    q.name().ifPresent(main::queueName);
    q.deadLetterName().ifPresent(dlq::queueName);
    deadLetters = dlq.build();
    queue = main.deadLetterQueue(DeadLetterQueue.builder().queue(deadLetters).maxReceiveCount(q.maxReceives()).build())
        .build();
  }

  public Queue queue() {
    return queue;
  }

  public Queue deadLetters() {
    return deadLetters;
  }
}
