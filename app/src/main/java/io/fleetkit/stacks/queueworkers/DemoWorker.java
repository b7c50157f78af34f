package io.fleetkit.stacks.queueworkers;

/**
 * The blog's test consumer as user data: a systemd service that receives one message at a time (long
 * polling), "works" it by sleeping for the seconds its body names (1 to 3 digits; any other body takes the
 * estimated processing time), deletes it, and publishes how long it took as {@code MessageProcessingSeconds}.
 * It uses the AWS CLI that Amazon Linux 2023 ships with and the instance role (IMDSv2), downloads nothing,
 * and runs as a dynamic user without privileges.
 */
final class DemoWorker {
  static final String SERVICE = "fleetkit-demo-worker.service";

  private DemoWorker() {}

  /** User data lines; the arguments may be CloudFormation tokens, which end up in the systemd unit. */
  static String script(String queueUrl, String region, String queueName, String namespace, int defaultSeconds) {
    return """
        install -d -m 0755 /usr/local/libexec/fleetkit
        cat > /usr/local/libexec/fleetkit/demo-worker.sh <<'WORKER'
        #!/bin/bash
        # fleetkit demo worker: works one SQS message at a time and publishes how long each took.
        set -uo pipefail
        queue_url=$1
        region=$2
        queue_name=$3
        namespace=$4
        default_seconds=$5
        while true; do
          if ! message=$(aws sqs receive-message --region "$region" --queue-url "$queue_url" \\
              --max-number-of-messages 1 --wait-time-seconds 20 \\
              --query 'Messages[0].[ReceiptHandle,Body]' --output text); then
            sleep 5
            continue
          fi
          if [ -z "$message" ] || [ "$message" = "None" ]; then
            continue
          fi
          IFS=$'\\t' read -r handle body <<< "$message"
          seconds=$default_seconds
          if [[ $body =~ ^[0-9]{1,3}$ ]]; then
            seconds=$body
          fi
          start=$(date +%s%N)
          sleep "$seconds"
          if ! aws sqs delete-message --region "$region" --queue-url "$queue_url" --receipt-handle "$handle"; then
            continue
          fi
          end=$(date +%s%N)
          elapsed=$(awk -v s="$start" -v e="$end" 'BEGIN { printf "%.3f", (e - s) / 1e9 }')
          aws cloudwatch put-metric-data --region "$region" --namespace "$namespace" \\
            --metric-name MessageProcessingSeconds --unit Seconds --value "$elapsed" \\
            --dimensions "QueueName=$queue_name" || true
        done
        WORKER
        chmod 0755 /usr/local/libexec/fleetkit/demo-worker.sh
        cat > /etc/systemd/system/@SERVICE@ <<'UNIT'
        [Unit]
        Description=fleetkit demo queue worker
        Wants=network-online.target
        After=network-online.target
        [Service]
        ExecStart=/usr/local/libexec/fleetkit/demo-worker.sh "@URL@" "@REGION@" "@NAME@" "@NAMESPACE@" "@SECONDS@"
        Restart=always
        RestartSec=5
        DynamicUser=yes
        StateDirectory=fleetkit-demo-worker
        Environment=HOME=/var/lib/fleetkit-demo-worker
        [Install]
        WantedBy=multi-user.target
        UNIT
        systemctl daemon-reload
        systemctl enable --now @SERVICE@"""
        .replace("@SERVICE@", SERVICE).replace("@URL@", queueUrl).replace("@REGION@", region)
        .replace("@NAME@", queueName).replace("@NAMESPACE@", namespace)
        .replace("@SECONDS@", Integer.toString(defaultSeconds));
  }
}
