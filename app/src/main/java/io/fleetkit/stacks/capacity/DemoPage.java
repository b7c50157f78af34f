package io.fleetkit.stacks.capacity;

/**
 * The Spinnaker tutorial's demo page: which instance answered (ID, type, life cycle spot or
 * on-demand, zone), read from instance metadata with an IMDSv2 token and served by Python's
 * built-in HTTP server as a systemd service, so no package has to be installed.
 */
final class DemoPage {
  private DemoPage() {}

  static String script(int port) {
    return """
        install -d -m 0755 /var/www/fleetkit
        TOKEN=$(curl -sf -X PUT -H 'X-aws-ec2-metadata-token-ttl-seconds: 60' http://169.254.169.254/latest/api/token)
        md() { curl -sf -H "X-aws-ec2-metadata-token: ${TOKEN}" "http://169.254.169.254/latest/meta-data/$1"; }
        cat > /var/www/fleetkit/index.html <<PAGE
        <!doctype html>
        <html><head><meta charset="utf-8"><title>fleetkit spot fleet</title></head><body>
        <h1>fleetkit spot fleet</h1>
        <table>
        <tr><th>Instance ID</th><td>$(md instance-id)</td></tr>
        <tr><th>Instance type</th><td>$(md instance-type)</td></tr>
        <tr><th>Life cycle</th><td>$(md instance-life-cycle)</td></tr>
        <tr><th>Availability Zone</th><td>$(md placement/availability-zone)</td></tr>
        </table>
        </body></html>
        PAGE
        unset TOKEN
        cat > /etc/systemd/system/fleetkit-demo-page.service <<'UNIT'
        [Unit]
        Description=fleetkit demo page
        After=network-online.target
        [Service]
        ExecStart=/usr/bin/python3 -m http.server %d --directory /var/www/fleetkit
        Restart=always
        DynamicUser=yes
        AmbientCapabilities=CAP_NET_BIND_SERVICE
        [Install]
        WantedBy=multi-user.target
        UNIT
        systemctl daemon-reload
        systemctl enable --now fleetkit-demo-page.service""".formatted(port);
  }
}
