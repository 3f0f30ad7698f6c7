/*
 * notify_listen SOCKET SECONDS: play systemd's side of sd_notify(3) for a
 * test. Binds a datagram socket at SOCKET, and for SECONDS prints each
 * message received as one line: milliseconds since the start, then the
 * message with its newlines made spaces ("512 WATCHDOG=1").
 */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

static long now_ms(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec * 1000L + t.tv_nsec / 1000000L;
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: notify_listen SOCKET SECONDS\n");
        return 64;
    }
    struct sockaddr_un addr = { .sun_family = AF_UNIX };
    if (strlen(argv[1]) >= sizeof addr.sun_path) {
        fprintf(stderr, "notify_listen: socket path too long\n");
        return 64;
    }
    strcpy(addr.sun_path, argv[1]);
    int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
    unlink(argv[1]);
    if (fd < 0 || bind(fd, (struct sockaddr *)&addr, sizeof addr) != 0) {
        perror("notify_listen: bind");
        return 1;
    }
    setvbuf(stdout, NULL, _IOLBF, 0);
    long start = now_ms(), end = start + atol(argv[2]) * 1000L;
    for (long t = start; t < end; t = now_ms()) {
        struct pollfd p = { .fd = fd, .events = POLLIN };
        if (poll(&p, 1, (int)(end - t)) <= 0)
            continue;
        char msg[4096];
        ssize_t n = recv(fd, msg, sizeof msg - 1, 0);
        if (n <= 0)
            continue;
        msg[n] = '\0';
        for (char *c = msg; *c; c++)
            if (*c == '\n')
                *c = ' ';
        printf("%ld %s\n", now_ms() - start, msg);
    }
    unlink(argv[1]);
    return 0;
}
