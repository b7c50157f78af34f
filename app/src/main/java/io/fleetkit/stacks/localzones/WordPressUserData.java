package io.fleetkit.stacks.localzones;

import software.amazon.awscdk.services.ec2.UserData;

/**
 * Boot scripts for the WordPress tiers on Amazon Linux 2023. Secrets are fetched at boot through the
 * instance role with the AWS CLI, so only secret ARNs appear in user data, never a password.
 */
final class WordPressUserData {
  static final String DB_NAME = "wordpress";
  static final String DB_USER = "wordpress";

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

  /** MariaDB (MySQL-compatible), a database and a user that may connect from the web tier. */
  static UserData database(String region, String passwordSecretArn) {
    UserData ud = UserData.forLinux();
    ud.addCommands(
        "set -euo pipefail",
        WAIT_FOR_REPOSITORIES,
        "dnf install -y mariadb105-server jq",
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
   * Apache, PHP and the latest WordPress, configured to reach the database by its private DNS name.
   * The eight authentication keys and salts are derived from a generated secret, so every instance
   * of the group shares them and logins survive scaling.
   */
  static UserData web(String region, int port, String passwordSecretArn, String keysSecretArn, String dbHost) {
    UserData ud = UserData.forLinux();
    ud.addCommands(
        "set -euo pipefail",
        WAIT_FOR_REPOSITORIES,
        "dnf install -y httpd php php-fpm php-mysqlnd php-json php-gd php-mbstring php-xml jq",
        "sed -i 's/^Listen 80$/Listen " + port + "/' /etc/httpd/conf/httpd.conf",
        "curl -fsSL https://wordpress.org/latest.tar.gz | tar -xz -C /var/www/html --strip-components=1",
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
