/* sd-notify MESSAGE: sends MESSAGE (e.g. READY=1) as one datagram to $NOTIFY_SOCKET, as systemd's
 * sd_notify does. The root-kind images carry it because none of their roots has a client of its
 * own (busybox has no AF_UNIX datagrams, and there is no python or systemd-notify). Built static
 * with gcc for the busybox and Debian roots, and against musl for the musl root, where it is also
 * that root's one musl-linked program. Exit 0 when sent, 1 with a message otherwise.
 * It stays until the datagram has been read (SIOCOUTQ: the bytes the receiver has not taken yet)
 * and a moment more, because Tend refuses a message whose sender has already exited
 * (docs/security.md, "Known limits"): a client that exits at once loses that race. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <sys/un.h>
#include <unistd.h>

/* SIOCOUTQ is TIOCOUTQ (linux/sockios.h, which musl-gcc has not) */
#ifndef SIOCOUTQ
#define SIOCOUTQ TIOCOUTQ
#endif

int main(int argc, char **argv) {
    const char *path = getenv("NOTIFY_SOCKET");
    if (argc != 2 || path == NULL || path[0] == '\0') {
        fprintf(stderr, "sd-notify: usage: NOTIFY_SOCKET=PATH sd-notify MESSAGE\n");
        return 1;
    }
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    size_t len = strlen(path);
    if (len >= sizeof addr.sun_path) { fprintf(stderr, "sd-notify: socket path too long\n"); return 1; }
    memcpy(addr.sun_path, path, len);
    if (addr.sun_path[0] == '@') addr.sun_path[0] = '\0'; /* abstract namespace */
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    if (fd < 0) { perror("sd-notify: socket"); return 1; }
    socklen_t size = (socklen_t)(offsetof(struct sockaddr_un, sun_path) + len);
    if (sendto(fd, argv[1], strlen(argv[1]), 0, (struct sockaddr *)&addr, size) < 0) {
        perror("sd-notify: sendto");
        return 1;
    }
    struct timespec tick = { 0, 10 * 1000 * 1000 };
    for (int i = 0; i < 500; i++) { /* at most 5 s */
        int unread = 0;
        if (ioctl(fd, SIOCOUTQ, &unread) != 0 || unread == 0) break;
        nanosleep(&tick, NULL);
    }
    struct timespec linger = { 0, 200 * 1000 * 1000 };
    nanosleep(&linger, NULL);
    close(fd);
    return 0;
}
