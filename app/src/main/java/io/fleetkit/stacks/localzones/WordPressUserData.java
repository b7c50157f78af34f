package io.fleetkit.stacks.localzones;

import software.amazon.awscdk.services.ec2.UserData;

/**
 * Boot scripts for the WordPress tiers on Amazon Linux 2023. Secrets are fetched at boot through the
 * instance role with the AWS CLI, so only secret ARNs appear in user data, never a password.
 */
final class WordPressUserData {
  static final String DB_NAME = "wordpress";
  static final String DB_USER = "wordpress";
  /** MariaDB's datadir, the data volume's mount point. */
  static final String DATADIR = "/var/lib/mysql";

  private WordPressUserData() {}

  /**
   * The private subnet reaches the internet through the NAT, which may still be booting: retry the
   * package metadata download for up to 10 minutes before installing.
   */
  static final String WAIT_FOR_REPOSITORIES =
      "for i in $(seq 1 60); do dnf -q makecache && break; echo \"waiting for the package repositories ($i/60)\"; sleep 10; done";

  /** The shell line that sets {@code var} from a JSON key of a Secrets Manager secret. */
  private static String secretField(String var, String region, String secretArn, String key) {
    return var + "=$(aws secretsmanager get-secret-value --region " + region + " --secret-id " + secretArn
        + " --query SecretString --output text | jq -r ." + key + ")";
  }

  /**
   * MariaDB (MySQL-compatible) with its datadir on the data volume, then a database and a user that may connect
   * from the web tier. The instance attaches the volume to itself (retrying while a replaced instance still holds
   * it), formats it only when it has no file system and reads as zeros, and mounts it on /var/lib/mysql through
   * fstab, so reboots mount it too; MariaDB refuses to start without that mount. mariadb-prepare-db-dir creates a
   * datadir only where none exists, so a volume that already holds one keeps its data.
   */
  static UserData database(String region, String passwordSecretArn, String volumeId, String device) {
    UserData ud = UserData.forLinux();
    ud.addCommands(
        "set -euo pipefail",
        WAIT_FOR_REPOSITORIES,
        "dnf install -y mariadb105-server jq",
        "VOLUME_ID=" + volumeId,
        // Nitro instances name an EBS volume by its ID without the dash (EBS User Guide, "Amazon EBS and NVMe");
        // Xen instances show the requested device as /dev/xvdf.
        "data_device() {",
        "  for d in \"/dev/disk/by-id/nvme-Amazon_Elastic_Block_Store_${VOLUME_ID/-/}\" " + device + " "
            + device.replace("/dev/sd", "/dev/xvd") + "; do",
        "    if [ -b \"$d\" ]; then readlink -f \"$d\"; return 0; fi",
        "  done",
        "  return 1",
        "}",
        "TOKEN=$(curl -fsS -X PUT http://169.254.169.254/latest/api/token -H 'X-aws-ec2-metadata-token-ttl-seconds: 300')",
        "INSTANCE_ID=$(curl -fsS -H \"X-aws-ec2-metadata-token: $TOKEN\" http://169.254.169.254/latest/meta-data/instance-id)",
        "until DEVICE=$(data_device); do",
        "  if ! OUT=$(aws ec2 attach-volume --region " + region + " --volume-id \"$VOLUME_ID\" --instance-id \"$INSTANCE_ID\""
            + " --device " + device + " 2>&1); then",
        "    echo \"waiting for data volume $VOLUME_ID (a replaced database instance releases it when it terminates): $OUT\"",
        "  fi",
        "  sleep 15",
        "done",
        "if [ -z \"$(blkid -o value -s TYPE \"$DEVICE\" || true)\" ]; then",
        "  if [ -n \"$(head -c 1048576 \"$DEVICE\" | tr -d '\\000')\" ]; then",
        "    echo \"data volume $VOLUME_ID has no file system but holds data; not formatting it\" >&2",
        "    exit 1",
        "  fi",
        "  mkfs.xfs -L wordpress-data \"$DEVICE\"",
        "fi",
        "UUID=$(blkid -o value -s UUID \"$DEVICE\")",
        "grep -q \"^UUID=$UUID \" /etc/fstab || echo \"UUID=$UUID " + DATADIR + " xfs defaults,nofail 0 2\" >> /etc/fstab",
        "systemctl daemon-reload",
        "mountpoint -q " + DATADIR + " || mount " + DATADIR,
        "chown mysql:mysql " + DATADIR,
        "chmod 755 " + DATADIR,
        "restorecon -R " + DATADIR + " || true",
        "mkdir -p /etc/systemd/system/mariadb.service.d",
        "printf '[Unit]\\nRequiresMountsFor=" + DATADIR + "\\n' > /etc/systemd/system/mariadb.service.d/wordpress-data.conf",
        "systemctl daemon-reload",
        "systemctl enable --now mariadb",
        secretField("DB_PASSWORD", region, passwordSecretArn, "password"),
        "mysql --user=root <<SQL",
        "CREATE DATABASE IF NOT EXISTS " + DB_NAME + ";",
        "CREATE USER IF NOT EXISTS '" + DB_USER + "'@'%' IDENTIFIED BY '${DB_PASSWORD}';",
        "GRANT ALL PRIVILEGES ON " + DB_NAME + ".* TO '" + DB_USER + "'@'%';",
        "FLUSH PRIVILEGES;",
        "SQL",
        "unset DB_PASSWORD");
    return ud;
  }

  /**
   * Apache, PHP and the configured WordPress release, checked against its SHA-256 before it is unpacked (a
   * mismatch fails the boot: Apache never starts and the load balancer's health check replaces the instance),
   * configured to reach the database by its private DNS name. The eight authentication keys and salts are
   * derived from a generated secret, so every instance of the group shares them and logins survive scaling.
   */
  static UserData web(String region, int port, String passwordSecretArn, String keysSecretArn, String dbHost,
      String wordpressVersion, String wordpressSha256) {
    String tarball = "wordpress-" + wordpressVersion + ".tar.gz";
    UserData ud = UserData.forLinux();
    ud.addCommands(
        "set -euo pipefail",
        WAIT_FOR_REPOSITORIES,
        "dnf install -y httpd php php-fpm php-mysqlnd php-json php-gd php-mbstring php-xml jq",
        "sed -i 's/^Listen 80$/Listen " + port + "/' /etc/httpd/conf/httpd.conf",
        "curl -fsSL --proto '=https' --retry 5 -o /tmp/" + tarball + " https://wordpress.org/" + tarball,
        "if ! echo '" + wordpressSha256 + "  /tmp/" + tarball + "' | sha256sum --check --status; then",
        "  echo \"" + tarball + " does not have the SHA-256 of local_zone.web.wordpress_sha256; not installing it\" >&2",
        "  exit 1",
        "fi",
        "tar -xzf /tmp/" + tarball + " -C /var/www/html --strip-components=1",
        "rm -f /tmp/" + tarball,
        "cd /var/www/html",
        "cp wp-config-sample.php wp-config.php",
        secretField("DB_PASSWORD", region, passwordSecretArn, "password"),
        secretField("KEY_SEED", region, keysSecretArn, "seed"),
        "sed -i \"s/database_name_here/" + DB_NAME + "/; s/username_here/" + DB_USER
            + "/; s/password_here/${DB_PASSWORD}/; s/'localhost'/'" + dbHost + "'/\" wp-config.php",
        "for KEY in AUTH_KEY SECURE_AUTH_KEY LOGGED_IN_KEY NONCE_KEY AUTH_SALT SECURE_AUTH_SALT LOGGED_IN_SALT NONCE_SALT; do",
        "  VALUE=$(printf '%s:%s' \"$KEY_SEED\" \"$KEY\" | sha256sum | cut -c1-64)",
        "  sed -i \"s/define( '$KEY',\\s*'put your unique phrase here' );/define( '$KEY', '$VALUE' );/\" wp-config.php",
        "done",
        // Behind an HTTPS listener the ALB speaks HTTP to the instance; WordPress learns the scheme from the header.
        "sed -i \"/stop editing/i if (isset(\\$_SERVER['HTTP_X_FORWARDED_PROTO']) \\&\\& \\$_SERVER['HTTP_X_FORWARDED_PROTO'] === 'https') { \\$_SERVER['HTTPS'] = 'on'; }\" wp-config.php",
        "unset DB_PASSWORD KEY_SEED",
        "chown -R apache:apache /var/www/html",
        "chmod 640 wp-config.php",
        "systemctl enable --now php-fpm httpd");
    return ud;
  }
}
