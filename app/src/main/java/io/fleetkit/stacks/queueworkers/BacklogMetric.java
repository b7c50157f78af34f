package io.fleetkit.stacks.queueworkers;

/**
 * The scaling metric of the queue workers, as target tracking evaluates it: the visible messages per
 * in-service instance times the seconds one message takes is how long one instance needs to drain its
 * share of the backlog, and its target is the acceptable latency. The blog's "dynamic target" (acceptable
 * backlog per instance = latency / processing time, rewritten by a Lambda function every 30 minutes) is
 * the same inequality with both sides multiplied by the processing time, so nothing has to rewrite the
 * policy: BPI &lt;= L / MPD exactly when BPI * MPD &lt;= L.
 *
 * <pre>e1 = IF(m2 &gt; 0, m1 / m2, m1) * FILL(m3, estimated seconds)</pre>
 *
 * <ul>
 *   <li>m1: AWS/SQS ApproximateNumberOfMessagesVisible (Sum), dimension QueueName;</li>
 *   <li>m2: AWS/AutoScaling GroupInServiceInstances (Average), dimension AutoScalingGroupName, which the group
 *       publishes only with metrics collection on;</li>
 *   <li>m3: the workers' MessageProcessingSeconds (Average), dimension QueueName.</li>
 * </ul>
 * IF keeps the metric defined at 0 instances (the whole backlog then waits for one instance), so the group
 * scales out from zero where m1 / m2 would divide by zero; FILL stands in the estimate while no worker has
 * published (no worker runs, or none finished a message in the minute). EC2 Auto Scaling user guide,
 * "Create a target tracking scaling policy using metric math": an expression may use "any arithmetic
 * operator (+ - * / ^), statistical function (such as AVG or SUM), or other function that CloudWatch
 * supports", and must return a single time series; IF and FILL are CloudWatch metric math functions.
 *
 * @param targetSeconds the acceptable latency: the policy's target value
 * @param estimatedSeconds the processing time used while m3 has no datapoint
 * @param namespace where the workers publish m3
 */
public record BacklogMetric(int targetSeconds, int estimatedSeconds, String namespace) {
  public static final String SQS_NAMESPACE = "AWS/SQS";
  public static final String VISIBLE = "ApproximateNumberOfMessagesVisible";
  public static final String OLDEST_AGE = "ApproximateAgeOfOldestMessage";
  public static final String QUEUE_NAME = "QueueName";
  public static final String AUTOSCALING_NAMESPACE = "AWS/AutoScaling";
  public static final String IN_SERVICE = "GroupInServiceInstances";
  public static final String DESIRED = "GroupDesiredCapacity";
  public static final String GROUP_NAME = "AutoScalingGroupName";
  /** What the workers publish, in seconds per message, with the dimension {@link #QUEUE_NAME}. */
  public static final String PROCESSING_SECONDS = "MessageProcessingSeconds";

  /** The returned expression, over m1, m2 and m3. */
  public String expression() {
    return "IF(m2 > 0, m1 / m2, m1) * FILL(m3, " + estimatedSeconds + ")";
  }

  /** The backlog per instance the target allows at the current processing time, for the dashboard. */
  public String targetBacklogExpression(String processingId) {
    return targetSeconds + " / FILL(" + processingId + ", " + estimatedSeconds + ")";
  }
}
