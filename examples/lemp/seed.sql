-- Run by the `seed` oneshot on every start, once MariaDB is healthy: idempotent.
-- The page's account can only read; the value is inserted on the first start only, so an edit
-- (UPDATE lemp.greeting SET message = '...') survives restarts.
CREATE DATABASE IF NOT EXISTS lemp;
CREATE TABLE IF NOT EXISTS lemp.greeting (id INT PRIMARY KEY, message VARCHAR(200) NOT NULL);
INSERT IGNORE INTO lemp.greeting VALUES (1, 'Hello from MariaDB');
CREATE USER IF NOT EXISTS 'lemp'@'localhost' IDENTIFIED BY 'lemp';
GRANT SELECT ON lemp.* TO 'lemp'@'localhost';
