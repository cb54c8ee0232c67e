<?php
// The LEMP example's page: reads one row from MariaDB over its unix socket (the path comes from
// php-fpm's pool, env[LEMP_MYSQL_SOCKET]) and prints "LEMP OK: <the value>".
mysqli_report(MYSQLI_REPORT_ERROR | MYSQLI_REPORT_STRICT);
header('Content-Type: text/plain; charset=utf-8');
try {
    $db = new mysqli('localhost', 'lemp', 'lemp', 'lemp', 0, getenv('LEMP_MYSQL_SOCKET') ?: null);
    $message = $db->query('SELECT message FROM greeting WHERE id = 1')->fetch_column();
    $version = $db->server_info;
    echo "LEMP OK: $message\n";
    echo ($_SERVER["SERVER_SOFTWARE"] ?? "?") . ", PHP " . PHP_VERSION . ", MariaDB $version\n";
} catch (mysqli_sql_exception $e) {
    http_response_code(503);
    echo "LEMP DOWN: " . $e->getMessage() . "\n";
}
