#!/bin/sh
# The LEMP example's init task, a oneshot that Tend runs first (restart: never; MariaDB waits for
# it to complete successfully). It prepares, and changes nothing that is already there:
#   - the runtime directory LEMP_RUN: sockets, pid files, nginx's temporary files, and the
#     configuration of nginx and php-fpm written from the templates beside this script;
#   - on the first start only (an empty LEMP_DATA), MariaDB's data directory (mariadb-install-db).
# As root, MariaDB runs as "mysql" and the nginx and php-fpm workers as "www-data": they get what
# they need to write, and the document root must be readable by www-data (else it is copied).
# Environment (tend.yaml sets it): LEMP_RUN, LEMP_DATA, LEMP_LISTEN (nginx's address:port).
set -eu
here=$(cd "$(dirname "$0")" && pwd -P)
run=${LEMP_RUN:?set LEMP_RUN to the runtime directory}
data=${LEMP_DATA:?set LEMP_DATA to the MariaDB data directory}
listen=${LEMP_LISTEN:-127.0.0.1:8080}
root=false; [ "$(id -u)" -eq 0 ] && root=true

mkdir -p "$run/mysqld" "$run/nginx"
rm -f "$run/prepared"   # written last; only supervisord.conf's wait loops look at it
chmod 755 "$run"
$root && chown mysql:mysql "$run/mysqld"

# The workers read the document root as www-data: a checkout under a private home (/root is 0700)
# is out of their reach, so serve a copy from the runtime directory then.
www=$here/www
if $root && ! setpriv --reuid=www-data --regid=www-data --clear-groups test -r "$www/index.php"; then
    rm -rf "$run/www" && cp -R "$www" "$run/www" && chmod -R a+rX "$run/www"
    echo "www-data cannot read $www: serving a copy from $run/www (edits in the checkout show after a restart)"
    www=$run/www
fi

render() { # template -> file, with the placeholders replaced (paths must not contain '|')
    sed -e "s|@LEMP_RUN@|$run|g" -e "s|@LEMP_WWW@|$www|g" -e "s|@LEMP_LISTEN@|$listen|g" "$here/$1" > "$run/$1.new"
    mv "$run/$1.new" "$run/$1"
}
render nginx.conf
render php-fpm.conf

if [ -d "$data/mysql" ]; then
    echo "MariaDB data directory $data is ready"
else
    echo "first start: creating MariaDB's data directory in $data"
    mkdir -p "$data"
    # --user: the owner of the files, and (besides root) the account that logs in over the socket
    # without a password: "mysql" as root, else whoever runs Tend (so the seed can log in).
    user=mysql; $root || user=$(id -un)
    set -- --no-defaults --datadir="$data" --user="$user" --auth-root-authentication-method=socket --skip-test-db
    # Its output is a long banner: kept in a file, shown only when it fails.
    if ! mariadb-install-db "$@" > "$run/mariadb-install-db.log" 2>&1; then
        cat "$run/mariadb-install-db.log" >&2
        exit 1
    fi
    echo "MariaDB data directory created"
fi
touch "$run/prepared"
